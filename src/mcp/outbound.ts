import type { Endpoint } from '../catalog/endpoint.js';

/**
 * Writes that send data somewhere else are confirmed like destructive steps: a prompt-injected model
 * could otherwise point an order's status events at any URL, mint a token that lets anyone read and
 * upload the order's documents, or hand out a keyless link to a document. Returns the sentence for the
 * user, naming the destination or the document, or undefined when the call sends nothing elsewhere.
 */
export function outboundSummary(endpoint: Endpoint, input: Record<string, unknown>): string | undefined {
  const order = `porting order ${String(input.porting_order_id)}`;
  if (endpoint.name === 'order_update' && typeof input.webhook_url === 'string') {
    return `Send the status events of ${order} (end user, numbers, dates) to ${input.webhook_url}.`;
  }
  if (endpoint.name === 'order_share') {
    const upload = input.permissions === 'porting_order.document.update';
    const hours = Math.round(((input.expires_in_seconds as number | undefined) ?? 3600) / 360) / 10;
    const lifetime =
      input.expires_in_seconds === undefined ? "for the API's default lifetime" : `for ${hours} h`;
    return `Create a sharing token for ${order}: anyone who gets it can ${upload ? 'read and upload' : 'read'} the order's documents ${lifetime}, without a Telnyx account.`;
  }
  if (endpoint.name === 'document_download_link') {
    return `Create a temporary link to document ${String(input.id)}: anyone who gets it can download the file, without a Telnyx account or API key.`;
  }
  return undefined;
}

/**
 * Tools that may need this confirmation, so they take `confirm` like destructive ones. They hand data
 * out, so none of them is read-only (absent under --read-only), even a GET like document_download_link.
 */
export const OUTBOUND_TOOLS: ReadonlySet<string> = new Set([
  'order_update',
  'order_share',
  'document_download_link',
]);
