import { z } from 'zod';
import {
  atLeastOne,
  country,
  dateTime,
  type Endpoint,
  e164,
  fields,
  many,
  ORDER_STATUSES,
  orderId,
  page,
  sort,
  uuid,
} from './endpoint.js';

const str = (description: string) => z.string().describe(description);

/** What order_list returns per order unless asked for more: enough to triage, about 1/4 of an order. */
const ORDER_SUMMARY = [
  'id',
  'status',
  'requirements_met',
  'additional_steps',
  'customer_reference',
  'support_key',
  'description',
  'porting_phone_numbers_count',
  'phone_numbers',
  'activation_settings',
  'created_at',
];
/** PATCH semantics: omitted keeps the value, null clears it. */
// Without a description where the property name says it all (tokens on every turn).
const nullableStr = (description?: string) => {
  const s = z.string().nullable().optional();
  return description ? s.describe(description) : s;
};
const uuidRef = nullableStr;

const listFilter = z
  .object({
    status: many(z.enum(ORDER_STATUSES)),
    customer_reference: z.string(),
    customer_group_reference: z.string(),
    parent_support_key: str('Parent support key (split orders share it)'),
    phone_numbers: z
      .object({
        country_code: z
          .string()
          .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US')
          .describe('ISO country'),
        carrier_name: str('Losing carrier name'),
        phone_number: z.object({ contains: str('Full or partial number') }),
      })
      .partial(),
    misc: z.object({ type: z.enum(['full', 'partial']) }).partial(),
    end_user: z
      .object({
        admin: z
          .object({ entity_name: str('Person or company'), auth_person_name: str('Authorizing person') })
          .partial(),
      })
      .partial(),
    activation_settings: z
      .object({
        fast_port_eligible: z.boolean(),
        foc_datetime_requested: z.object({ gt: dateTime(), lt: dateTime() }).partial(),
      })
      .partial(),
  })
  .partial()
  .optional();

const updateBody = {
  customer_reference: str('Your reference').optional(),
  customer_group_reference: str('Your group reference').optional(),
  webhook_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Status-change webhook for this order'),
  requirement_group_id: uuid('Copy documents and requirements from this requirement group').optional(),
  end_user: z
    .object({
      admin: z
        .object({
          entity_name: nullableStr('Person or company name on the account'),
          auth_person_name: nullableStr('Person authorizing the port'),
          account_number: nullableStr('Account number with the losing carrier'),
          billing_phone_number: e164('Billing telephone number (BTN)').nullable().optional(),
          pin_passcode: nullableStr('Port-out PIN, if the carrier requires one'),
          business_identifier: nullableStr('EU business id'),
          tax_identifier: nullableStr('EU tax id'),
        })
        .optional(),
      location: z
        .object({
          street_address: nullableStr('Service address line 1'),
          extended_address: nullableStr('Line 2'),
          locality: nullableStr('City'),
          administrative_area: nullableStr('State/province, e.g. TX'),
          postal_code: nullableStr(),
          country_code: nullableStr('ISO country, e.g. US'),
        })
        .optional(),
    })
    .optional()
    .describe('Account holder as the losing carrier has it'),
  documents: z
    .object({
      loa: uuid('Signed LOA document id').nullable().optional(),
      invoice: uuid('Recent invoice document id').nullable().optional(),
    })
    .optional()
    .describe('Ids from document_upload'),
  activation_settings: z
    .object({ foc_datetime_requested: dateTime('Requested FOC (port) date-time').optional() })
    .optional()
    .describe('Pick a time from order_foc_windows_list'),
  phone_number_configuration: z
    .object({
      connection_id: uuidRef('Connection for the ported numbers'),
      messaging_profile_id: uuidRef(),
      billing_group_id: uuidRef(),
      emergency_address_id: uuidRef(),
      tags: z.array(z.string()).optional(),
    })
    .optional()
    .describe('Set on the numbers once ported'),
  misc: z
    .object({
      type: z.enum(['full', 'partial']).optional().describe('full = every number on the account'),
      remaining_numbers_action: z
        .enum(['keep', 'disconnect'])
        .nullable()
        .optional()
        .describe('Partial port only'),
      new_billing_phone_number: e164('New BTN when remaining numbers are kept').nullable().optional(),
    })
    .optional()
    .describe('Full or partial port of the account'),
  messaging: z.object({ enable_messaging: z.boolean().optional().describe('Port SMS too') }).optional(),
  requirements: z
    .array(
      z.object({
        requirement_type_id: str('From order_requirements_list'),
        field_value: str('Document id or text value'),
      }),
    )
    .optional()
    .describe('Values for the requirements of order_requirements_list'),
  user_feedback: z
    .object({
      user_rating: z.int().min(1).max(5).nullable().optional(),
      user_comment: z.string().nullable().optional(),
    })
    .optional()
    .describe('Rating once ported or cancelled'),
};

export const orders: Endpoint[] = [
  {
    name: 'order_list',
    title: 'List porting orders',
    description:
      'List porting orders, newest first; filters by status, reference, number, carrier, FOC date. Per-number questions: porting_number_list (CSV).',
    method: 'GET',
    path: '/porting_orders',
    operationId: 'ListPortingOrders',
    toolset: 'orders',
    effect: 'read',
    input: z.object({
      ...page,
      filter: listFilter,
      sort: sort([
        'created_at',
        '-created_at',
        'activation_settings.foc_datetime_requested',
        '-activation_settings.foc_datetime_requested',
      ]),
      include_phone_numbers: z
        .boolean()
        .optional()
        .meta({ default: true, description: 'Embed up to 50 numbers per order' }),
      fields: fields('a summary'),
    }),
    query: ['include_phone_numbers'],
    lostFilters: { status: 'plain' },
    kind: 'list',
    defaultFields: ORDER_SUMMARY,
  },
  {
    name: 'order_create',
    title: 'Create porting orders',
    description:
      'Create draft orders for portable numbers. The API may split them by country, number type, carrier and FastPort; complete and submit each order.',
    method: 'POST',
    path: '/porting_orders',
    operationId: 'CreatePortingOrder',
    toolset: 'orders',
    effect: 'write',
    input: z.object({
      phone_numbers: atLeastOne(e164()).describe('Numbers to port, any common format'),
      country: country(),
      customer_reference: z.string().nullable().optional().describe('Your reference'),
      customer_group_reference: z.string().optional().describe('Your group reference'),
    }),
    body: true,
    kind: 'list',
  },
  {
    name: 'order_get',
    title: 'Get a porting order',
    description:
      'Get one porting order: status and exception details, requirements_met, end user, documents, FOC date.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}',
    operationId: 'GetPortingOrder',
    toolset: 'orders',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      include_phone_numbers: z
        .boolean()
        .optional()
        .meta({ default: true, description: 'Embed up to 50 numbers' }),
    }),
    query: ['include_phone_numbers'],
    kind: 'json',
  },
  {
    name: 'order_update',
    title: 'Update a porting order',
    description:
      'Fill in or change a draft or exception order: end user, documents, FOC date, number configuration, requirements. Omitted fields keep their value; null clears one.',
    method: 'PATCH',
    path: '/porting_orders/{porting_order_id}',
    operationId: 'UpdatePortingOrder',
    toolset: 'orders',
    effect: 'write',
    idempotent: true,
    input: z.object({ porting_order_id: orderId(), ...updateBody }),
    body: true,
    kind: 'json',
  },
  {
    name: 'order_delete',
    title: 'Delete a draft order',
    description: 'Delete a draft porting order (submitted orders are cancelled instead).',
    method: 'DELETE',
    path: '/porting_orders/{porting_order_id}',
    operationId: 'DeletePortingOrder',
    toolset: 'orders',
    effect: 'destructive',
    idempotent: true,
    input: z.object({ porting_order_id: orderId() }),
    kind: 'empty',
  },
  {
    name: 'order_confirm',
    title: 'Submit a porting order',
    description:
      'Submit a draft order to the losing carrier (draft -> in-process). Needs requirements_met and additional steps done. Undo only by order_cancel.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/actions/confirm',
    operationId: 'ConfirmPortingOrder',
    toolset: 'orders',
    effect: 'destructive',
    input: z.object({ porting_order_id: orderId() }),
    kind: 'json',
  },
  {
    name: 'order_cancel',
    title: 'Cancel a porting order',
    description:
      'Cancel a submitted order (-> cancel-pending -> cancelled, final). Refused within 48 h of the FOC date.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/actions/cancel',
    operationId: 'CancelPortingOrder',
    toolset: 'orders',
    effect: 'destructive',
    input: z.object({ porting_order_id: orderId() }),
    kind: 'json',
  },
  {
    name: 'order_activate',
    title: 'Activate numbers (FastPort)',
    description:
      'Activate every number of a US FastPort order now; returns an activation job to follow with order_activation_job_get.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/actions/activate',
    operationId: 'ActivatePortingOrder',
    toolset: 'orders',
    effect: 'destructive',
    input: z.object({ porting_order_id: orderId() }),
    kind: 'json',
  },
  {
    name: 'order_share',
    title: 'Share a porting order',
    description:
      'Create a sharing token so someone without a Telnyx account can read or upload the order documents.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/actions/share',
    operationId: 'SharePortingOrder',
    toolset: 'orders',
    effect: 'write',
    // As far as Telnyx documents the token (spec/DOCUMENTS.md, "Not established"), and no further.
    note: "Telnyx documents this token only as letting someone without a Telnyx account read or upload this order's documents, as its permissions allow, until expires_at; how it is used outside the Telnyx portal is not documented.",
    input: z.object({
      porting_order_id: orderId(),
      expires_in_seconds: z.int().min(1).max(172_800).optional().describe('Token lifetime, up to 48 h'),
      permissions: z
        .enum(['porting_order.document.read', 'porting_order.document.update'])
        .optional()
        .describe('read, or read and upload'),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'order_requirements_list',
    title: 'List order requirements',
    description:
      'List what this order needs (documents, values) and which are met; fill them with document_upload and order_update.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/requirements',
    operationId: 'ListPortingOrderRequirements',
    toolset: 'orders',
    effect: 'read',
    note: 'A document requirement is met by an uploaded file: document_upload it, then within 30 minutes attach the id with order_update (documents.loa, documents.invoice, or requirements[].field_value for other document types).',
    input: z.object({ porting_order_id: orderId(), ...page }),
    kind: 'list',
  },
  {
    name: 'order_foc_windows_list',
    title: 'List allowed FOC windows',
    description: 'List the date-time windows allowed for the FOC (port) date of an order.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/allowed_foc_windows',
    operationId: 'ListAllowedFocWindows',
    toolset: 'orders',
    effect: 'read',
    input: z.object({ porting_order_id: orderId() }),
    kind: 'list',
  },
  {
    name: 'order_loa_template_get',
    title: 'Download the LOA template',
    description:
      'Download the Letter of Authorization PDF prefilled for this order, for the end user to sign.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/loa_template',
    operationId: 'GetPortingOrderLoaTemplate',
    toolset: 'loa',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      loa_configuration_id: uuid('LOA configuration to use (default: the account default)').optional(),
    }),
    query: ['loa_configuration_id'],
    kind: 'pdf',
  },
  {
    name: 'order_sub_request_get',
    title: 'Get v1 sub-request ids',
    description: "Get the order's legacy v1 sub_request_id and port_request_id (for support tickets).",
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/sub_request',
    operationId: 'GetPortingOrderSubRequest',
    toolset: 'orders',
    effect: 'read',
    input: z.object({ porting_order_id: orderId() }),
    kind: 'json',
  },
  {
    name: 'order_exception_types_list',
    title: 'List exception types',
    description:
      'List the exception codes an order can get (e.g. ACCOUNT_NUMBER_MISMATCH) with their meaning.',
    method: 'GET',
    path: '/porting_orders/exception_types',
    operationId: 'ListExceptionTypes',
    toolset: 'orders',
    effect: 'read',
    input: z.object({}),
    kind: 'list',
  },
];
