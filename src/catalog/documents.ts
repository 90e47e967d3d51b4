import { z } from 'zod';
import { CREATED_SORT, type Endpoint, many, orderId, page, sort, uuid } from './endpoint.js';

const DOCUMENT_TYPES = ['loa', 'invoice', 'csr', 'other'] as const;

export const documents: Endpoint[] = [
  {
    name: 'order_document_list',
    title: 'List additional documents',
    description: "List a porting order's additional documents.",
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/additional_documents',
    operationId: 'ListAdditionalDocuments',
    toolset: 'documents',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      ...page,
      filter: z
        .object({ document_type: many(z.enum(DOCUMENT_TYPES)) })
        .partial()
        .optional(),
      sort: sort(CREATED_SORT),
    }),
    kind: 'list',
  },
  {
    name: 'order_document_create',
    title: 'Attach documents',
    description: 'Attach uploaded documents (ids from document_upload) to a porting order, up to 100.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/additional_documents',
    operationId: 'CreateAdditionalDocuments',
    toolset: 'documents',
    effect: 'write',
    input: z.object({
      porting_order_id: orderId(),
      additional_documents: z
        .array(z.object({ document_id: uuid('Document id'), document_type: z.enum(DOCUMENT_TYPES) }))
        .min(1)
        .max(100)
        .describe('Documents to attach'),
    }),
    body: true,
    kind: 'list',
  },
  {
    name: 'order_document_delete',
    title: 'Detach a document',
    description: 'Remove an additional document from a porting order.',
    method: 'DELETE',
    path: '/porting_orders/{porting_order_id}/additional_documents/{additional_document_id}',
    operationId: 'DeleteAdditionalDocument',
    toolset: 'documents',
    effect: 'destructive',
    idempotent: true,
    input: z.object({ porting_order_id: orderId(), additional_document_id: uuid('Additional document id') }),
    kind: 'empty',
  },
];
