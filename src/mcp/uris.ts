/**
 * The one URI scheme for everything this server exposes as a resource:
 *   telnyx-porting://porting-orders/{id}                    an order (also /{collection} per order, below)
 *   telnyx-porting://porting-orders/{id}/loa-template.pdf   its LOA template
 *   telnyx-porting://porting-phone-numbers/{e164}           a porting phone number ("+" as %2B)
 *   telnyx-porting://porting-events/{id}
 *   telnyx-porting://loa-configurations/{id}                and /{id}/preview.pdf
 *   telnyx-porting://reports/{id}
 */
export const SCHEME = 'telnyx-porting://';

/** Per-order collections: URI segment -> catalog tool that lists it. */
export const ORDER_COLLECTIONS: Record<string, { tool: string; title: string }> = {
  'phone-numbers': { tool: 'porting_number_list', title: 'porting phone numbers' },
  comments: { tool: 'order_comment_list', title: 'comments' },
  documents: { tool: 'order_document_list', title: 'additional documents' },
  'phone-number-blocks': { tool: 'order_number_block_list', title: 'phone number blocks' },
  'phone-number-extensions': { tool: 'order_number_extension_list', title: 'phone number extensions' },
  'associated-phone-numbers': { tool: 'order_associated_number_list', title: 'associated phone numbers' },
  'activation-jobs': { tool: 'order_activation_job_list', title: 'activation jobs' },
  'verification-codes': { tool: 'order_verification_code_list', title: 'verification codes' },
  'action-requirements': { tool: 'order_action_requirement_list', title: 'action requirements' },
  events: { tool: 'event_list', title: 'porting events' },
};

const BY_RECORD_TYPE: Record<string, string> = {
  porting_order: 'porting-orders',
  porting_event: 'porting-events',
  porting_loa_configuration: 'loa-configurations',
  porting_report: 'reports',
};

/** The resource URI of an API object, when it is one we serve. */
export function uriOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const { record_type, id, phone_number } = item as Record<string, unknown>;
  if (record_type === 'porting_phone_number' && typeof phone_number === 'string') {
    return `${SCHEME}porting-phone-numbers/${encodeURIComponent(phone_number)}`;
  }
  const collection = BY_RECORD_TYPE[String(record_type)];
  return collection && typeof id === 'string' ? `${SCHEME}${collection}/${id}` : undefined;
}
