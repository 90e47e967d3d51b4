import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CompleteRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Endpoint } from '../catalog/endpoint.js';
import type { Redactor } from '../redact.js';
import { Budget } from '../telnyx/budget.js';
import type { TelnyxClient } from '../telnyx/client.js';

/**
 * completion/complete for `porting_order_id`, in resource templates and prompts alike: the newest
 * orders first. The API cannot filter by id prefix, so the newest 250 are matched here. Offered only
 * where the profile exposes order_list; values are ids (UUIDs) only and redacted like everything else.
 */
export function registerCompletion(
  server: Server,
  exposed: ReadonlyMap<string, Endpoint>,
  client: TelnyxClient,
  redactor: Redactor,
  parentBudget?: Budget,
): void {
  const orderList = exposed.get('order_list');
  if (!orderList) return;
  server.registerCapabilities({ completions: {} });
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { argument } = request.params;
    const empty = { completion: { values: [], hasMore: false } };
    if (argument.name !== 'porting_order_id' || argument.value.length > 36) return empty;
    try {
      const input = { page_size: 250, sort: '-created_at', include_phone_numbers: false };
      const budget = parentBudget ? parentBudget.child(1) : new Budget(1);
      const response = await client.request(orderList, input, { signal: extra.signal, budget });
      if (response.type !== 'json') return empty;
      const ids = ((response.data as { data?: Array<{ id?: string }> }).data ?? [])
        .map((o) => String(o.id))
        .filter((id) => id.length <= 36 && id.startsWith(argument.value) && !redactor.has(id));
      return { completion: { values: ids.slice(0, 100), total: ids.length, hasMore: ids.length > 100 } };
    } catch {
      return empty; // completion is a convenience: never an error the user has to read
    }
  });
}
