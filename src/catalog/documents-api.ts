import { z } from 'zod';
import { MAX_BASE64_CHARS } from '../files/sniff.js';
import { type Endpoint, page, uuid } from './endpoint.js';

const docId = () => uuid('Document id');

/**
 * The Telnyx Documents API (spec/telnyx-documents-openapi.json): the files a porting order links by
 * id (documents.loa / documents.invoice, additional documents, an LOA configuration's logo, a report's CSV).
 */
export const documentsApi: Endpoint[] = [
  {
    name: 'document_upload',
    title: 'Upload a document',
    description:
      'Upload a PDF, image, CSV, text, JSON, Word or Excel file (max 20 MB) from one of: path (local, allowed folder), url (public), content (base64 + filename). Attach its id within 30 min (order_update documents.loa/invoice, order_document_create) or it is deleted.',
    method: 'POST',
    path: '/documents',
    operationId: 'CreateDocument',
    toolset: 'documents',
    effect: 'write',
    upload: true,
    longStrings: { content: MAX_BASE64_CHARS },
    input: z.object({
      path: z.string().optional().describe('Local file; ~ allowed'),
      url: z.string().optional(),
      content: z.string().optional().describe('Base64'),
      filename: z.string().max(512).optional(),
      customer_reference: z.string().optional(),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'document_list',
    title: 'List documents',
    description: 'List uploaded documents, newest first.',
    method: 'GET',
    path: '/documents',
    operationId: 'ListDocuments',
    toolset: 'documents',
    effect: 'read',
    input: z.object({
      ...page,
      filter: z
        .object({
          filename: z.object({ contains: z.string() }),
          customer_reference: z.object({ eq: z.string() }),
        })
        .partial()
        .optional(),
    }),
    kind: 'list',
  },
  {
    name: 'document_get',
    title: 'Get a document',
    description: 'Get a document: filename, content type, size, sha256, scan and review status.',
    method: 'GET',
    path: '/documents/{id}',
    operationId: 'RetrieveDocument',
    toolset: 'documents',
    effect: 'read',
    input: z.object({ id: docId() }),
    kind: 'json',
  },
  {
    name: 'document_update',
    title: 'Update a document',
    description: "Change a document's filename or customer_reference.",
    method: 'PATCH',
    path: '/documents/{id}',
    operationId: 'UpdateDocument',
    toolset: 'documents',
    effect: 'write',
    idempotent: true,
    input: z.object({
      id: docId(),
      filename: z.string().max(512).optional(),
      customer_reference: z.string().optional(),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'document_delete',
    title: 'Delete a document',
    description: 'Delete a document; refused while an order or LOA configuration links it.',
    method: 'DELETE',
    path: '/documents/{id}',
    operationId: 'DeleteDocument',
    toolset: 'documents',
    effect: 'destructive',
    input: z.object({ id: docId() }),
    kind: 'json',
  },
  {
    name: 'document_download',
    title: 'Download a document',
    description: 'Download a document (e.g. a report CSV) as an embedded file.',
    method: 'GET',
    path: '/documents/{id}/download',
    operationId: 'DownloadDocument',
    toolset: 'documents',
    effect: 'read',
    input: z.object({ id: docId() }),
    kind: 'file',
  },
  {
    name: 'document_download_link',
    title: 'Get a download link',
    description: 'Get a temporary URL that downloads the document without an API key.',
    method: 'GET',
    path: '/documents/{id}/download_link',
    operationId: 'GetDocumentDownloadLink',
    toolset: 'documents',
    // A GET, but it hands a file out to whoever gets the link: confirmed, and absent under --read-only.
    effect: 'write',
    input: z.object({ id: docId() }),
    kind: 'json',
  },
  {
    name: 'document_link_list',
    title: 'List document links',
    description: 'List which records (e.g. porting_order) link which documents.',
    method: 'GET',
    path: '/document_links',
    operationId: 'ListDocumentLinks',
    toolset: 'documents',
    effect: 'read',
    input: z.object({
      ...page,
      filter: z.object({ linked_record_type: z.string(), linked_resource_id: uuid() }).partial().optional(),
    }),
    kind: 'list',
  },
];
