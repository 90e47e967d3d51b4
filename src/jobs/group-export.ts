import { createHash } from 'node:crypto';
import { type Location, writeCsv } from './csv-out.js';
import { mapLimit, numbersOf, type Order, safeName, statusOf } from './group-orders.js';
import type { JobContext } from './workflow.js';

type Json = Record<string, unknown>;

export const EXPORT_HEADER = [
  'phone_number',
  'porting_order_id',
  'porting_order_status',
  'activation_status',
  'portability_status',
  'requirements_status',
  'phone_number_type',
  'support_key',
] as const;

/** One file per group; a name changed to be safe gets a short hash so two groups never share a file. */
export function exportName(group: string): string {
  const safe = safeName(group);
  const tag = safe === group ? '' : `-${createHash('sha256').update(group).digest('hex').slice(0, 8)}`;
  return `${safe}${tag}.numbers.csv`;
}

const row = (order: Order, n: Json) => [
  n.phone_number,
  order.id,
  statusOf(order),
  n.activation_status,
  n.portability_status,
  n.requirements_status,
  n.phone_number_type,
  n.support_key ?? order.support_key,
];

/** Every number of an order, page by page through porting_number_list (its embedded list stops at 50). */
async function allNumbers(ctx: JobContext, order: Order): Promise<Json[]> {
  const numbers: Json[] = [];
  for (let page = 1; ; page++) {
    const response = await ctx.request('porting_number_list', {
      filter: { porting_order_id: order.id },
      page_number: page,
      page_size: 250,
    });
    const body = (response.type === 'json' ? response.data : {}) as {
      data?: Json[];
      meta?: { total_pages?: number };
    };
    numbers.push(...(body.data ?? []));
    if (!body.data?.length || page >= (body.meta?.total_pages ?? 1)) return numbers;
  }
}

export interface ExportResult {
  location: Location;
  rows: number;
  /** Numbers left out: orders with more than the embedded 50 when porting_number_list is not exposed. */
  missing: number;
}

/**
 * Writes every number of the group with its order and status as CSV while `orders` is read (the
 * group's pages with numbers embedded); orders with more numbers than embedded are read afterwards,
 * a few at a time, so memory holds at most those few orders' numbers.
 */
export async function exportGroup(
  ctx: JobContext,
  group: string,
  orders: AsyncIterable<Order>,
): Promise<ExportResult> {
  let rows = 0;
  let missing = 0;
  const big: Order[] = [];
  const canList = ctx.exposes('porting_number_list');
  async function* lines(): AsyncGenerator<unknown[]> {
    for await (const order of orders) {
      const embedded = (order.phone_numbers ?? []) as Json[];
      if (embedded.length < numbersOf(order)) {
        if (canList) big.push({ ...order, phone_numbers: undefined });
        else {
          missing += numbersOf(order) - embedded.length;
          for (const n of embedded) yield row(order, n);
          rows += embedded.length;
        }
        continue;
      }
      for (const n of embedded) yield row(order, n);
      rows += embedded.length;
    }
    const step = ctx.settings.concurrency;
    for (let i = 0; i < big.length; i += step) {
      const chunk = big.slice(i, i + step);
      const lists = await mapLimit(chunk, step, (order) => allNumbers(ctx, order));
      for (const [k, numbers] of lists.entries()) {
        for (const n of numbers) yield row(chunk[k] as Order, n);
        rows += numbers.length;
      }
    }
  }
  const location = await writeCsv(ctx, exportName(group), EXPORT_HEADER, lines());
  return { location, rows, missing };
}
