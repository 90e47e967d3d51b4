import { z } from 'zod';
import { dateTime, type Endpoint, ORDER_STATUSES, page, uuid } from './endpoint.js';

export const reports: Endpoint[] = [
  {
    name: 'report_list',
    title: 'List porting reports',
    description: 'List porting reports (order CSV exports) with status and document id.',
    method: 'GET',
    path: '/porting/reports',
    operationId: 'ListPortingReports',
    toolset: 'reports',
    effect: 'read',
    input: z.object({
      ...page,
      filter: z
        .object({
          report_type: z.enum(['export_porting_orders_csv']),
          status: z.enum(['pending', 'completed']),
        })
        .partial()
        .optional(),
    }),
    kind: 'list',
  },
  {
    name: 'report_create',
    title: 'Export orders to CSV',
    description:
      'Start a CSV export of porting orders matching the filters; poll report_get until completed for the document id.',
    method: 'POST',
    path: '/porting/reports',
    operationId: 'CreatePortingReport',
    toolset: 'reports',
    effect: 'write',
    input: z.object({
      report_type: z.enum(['export_porting_orders_csv']),
      params: z.object({
        filters: z
          .object({
            status__in: z.array(z.enum(ORDER_STATUSES)).min(1),
            customer_reference__in: z.array(z.string()).min(1),
            created_at__gt: dateTime('Created after'),
            created_at__lt: dateTime('Created before'),
          })
          .partial()
          .describe('{} exports every order'),
      }),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'report_get',
    title: 'Get a porting report',
    description: 'Get one porting report: status and, when completed, the document_id for document_download.',
    method: 'GET',
    path: '/porting/reports/{id}',
    operationId: 'GetPortingReport',
    toolset: 'reports',
    effect: 'read',
    input: z.object({ id: uuid('Report id') }),
    kind: 'json',
  },
  {
    name: 'uk_carrier_list',
    title: 'List UK carriers',
    description: 'List UK carriers with their CUPID codes, for GB ports.',
    method: 'GET',
    path: '/porting/uk_carriers',
    operationId: 'listPortingUKCarriers',
    toolset: 'portability',
    effect: 'read',
    input: z.object({}),
    kind: 'list',
  },
];
