import type { JobContext } from './workflow.js';

export type Order = Record<string, unknown>;

/** The API's own page size limit: a group of 5,000 orders is 20 requests. */
const PAGE = 250;

/**
 * Every porting order of a group (`customer_group_reference`), page by page through order_list,
 * without the embedded numbers (an order embeds at most 50; groupNumbers reads them all).
 */
export async function* groupOrders(ctx: JobContext, group: string): AsyncGenerator<Order> {
  for (let page = 1; ; page++) {
    const response = await ctx.request('order_list', {
      filter: { customer_group_reference: group },
      include_phone_numbers: false,
      page_number: page,
      page_size: PAGE,
    });
    if (response.type !== 'json') return;
    const { data, meta } = response.data as {
      data?: Order[];
      meta?: { page_number?: number; total_pages?: number };
    };
    if (!Array.isArray(data) || data.length === 0) return;
    yield* data;
    if (!meta || (meta.page_number ?? page) >= (meta.total_pages ?? 0)) return;
  }
}

export const statusOf = (order: Order): string =>
  String((order.status as { value?: string } | undefined)?.value ?? 'unknown');

/** Runs `work` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
