import type { Endpoint } from '../catalog/endpoint.js';
import type { CallOptions, TelnyxClient } from './client.js';
import { TelnyxError } from './errors.js';

interface PageMeta {
  page_number?: number;
  total_pages?: number;
}

/**
 * Every item of a paginated list, page after page (page[size] 250 by default), one page in memory at
 * a time: the caller's loop pulls the next page only when it has used the last one.
 */
export async function* paginate(
  client: TelnyxClient,
  endpoint: Endpoint,
  input: Record<string, unknown>,
  { signal, budget, pageSize = 250 }: CallOptions & { pageSize?: number } = {},
): AsyncGenerator<unknown, void, undefined> {
  let page = (input.page_number as number | undefined) ?? 1;
  for (;;) {
    const response = await client.request(
      endpoint,
      { ...input, page_number: page, page_size: pageSize },
      { signal, budget },
    );
    if (response.type !== 'json') {
      throw new TelnyxError('bad_response', `Unexpected answer from the API: ${response.type} for a list`);
    }
    const { data, meta } = response.data as { data?: unknown[]; meta?: PageMeta };
    if (!Array.isArray(data))
      throw new TelnyxError('bad_response', 'Unexpected answer from the API: no data list');
    yield* data;
    if (!meta || typeof meta.page_number !== 'number' || data.length === 0) return;
    if (meta.page_number >= (meta.total_pages ?? 0)) return;
    page = meta.page_number + 1;
  }
}
