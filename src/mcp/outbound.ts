import type { Endpoint } from '../catalog/endpoint.js';

/**
 * Writes that send data somewhere else are confirmed like destructive steps: a prompt-injected model
 * could otherwise point an order's status events at any URL, or mint a token that lets anyone read
 * and upload the order's documents. Returns the sentence for the user, naming the destination, or
 * undefined when the call sends nothing elsewhere.
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
  return undefined;
}

/** Tools that may need this confirmation, so they take `confirm` like destructive ones. */
export const OUTBOUND_TOOLS: ReadonlySet<string> = new Set(['order_update', 'order_share']);
