import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CompleteRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Endpoint } from '../catalog/endpoint.js';
import type { TelnyxClient } from '../telnyx/client.js';

/**
 * completion/complete for `porting_order_id`, in resource templates and prompts alike: the newest
 * orders first. The API cannot filter by id prefix, so the newest 250 are matched here.
 */
export function registerCompletion(
  server: Server,
  byName: ReadonlyMap<string, Endpoint>,
  client: TelnyxClient,
): void {
  server.registerCapabilities({ completions: {} });
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { argument } = request.params;
    const empty = { completion: { values: [], hasMore: false } };
    const orderList = byName.get('order_list');
    if (argument.name !== 'porting_order_id' || !orderList) return empty;
    try {
      const input = { page_size: 250, sort: '-created_at', include_phone_numbers: false };
      const response = await client.request(orderList, input, { signal: extra.signal });
      if (response.type !== 'json') return empty;
      const ids = ((response.data as { data?: Array<{ id?: string }> }).data ?? [])
        .map((o) => String(o.id))
        .filter((id) => id.startsWith(argument.value));
      return { completion: { values: ids.slice(0, 100), total: ids.length, hasMore: ids.length > 100 } };
    } catch {
      return empty; // completion is a convenience: never an error the user has to read
    }
  });
}
