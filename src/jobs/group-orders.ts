import { text } from '../catalog/endpoint.js';
import { type JobContext, JobError } from './workflow.js';

export type Order = Record<string, unknown>;

/** The API's own page size limit: a group of 5,000 orders is 20 requests. */
const PAGE = 250;
/** With embedded numbers (up to 50 per order) a page stays a few megabytes. */
const PAGE_WITH_NUMBERS = 100;

/**
 * The longest group name the group tools take. Answers name the group (twice in a confirmation), so
 * their size must not grow with it; checked in code, not as the schema's maxLength (tokens on every turn).
 */
export const MAX_GROUP_NAME = 200;

/** A group name (`customer_group_reference`): not empty, at most MAX_GROUP_NAME characters. */
export const groupName = () =>
  text().refine((v) => v.length <= MAX_GROUP_NAME, `must be at most ${MAX_GROUP_NAME} characters`);

/** The argument every group tool takes: the group is the unit the model works with. */
export const groupArgument = {
  customer_group_reference: groupName().describe('As given when the orders were created'),
};

/**
 * Every porting order of a group (`customer_group_reference`), page by page through order_list,
 * without the embedded numbers unless asked (an order embeds at most 50; porting_number_list has all).
 */
export async function* groupOrders(
  ctx: JobContext,
  group: string,
  options: { withNumbers?: boolean } = {},
): AsyncGenerator<Order> {
  for (let page = 1; ; page++) {
    const response = await ctx.request('order_list', {
      filter: { customer_group_reference: group },
      include_phone_numbers: options.withNumbers === true,
      page_number: page,
      page_size: options.withNumbers ? PAGE_WITH_NUMBERS : PAGE,
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

/** The refusal for a group name no order carries, saying where the right name is found. */
export const unknownGroup = (group: string) =>
  new JobError(
    `No porting order has customer_group_reference ${JSON.stringify(group)}. Names are exact (case and spaces count): find the orders with order_list and read their customer_group_reference, or use the name given to order_create or order_create_from_file.`,
  );

/** The group's orders as the first read saw them; refuses a group with no order. */
export async function readGroup(
  ctx: JobContext,
  group: string,
  options: { withNumbers?: boolean } = {},
): Promise<Order[]> {
  const orders: Order[] = [];
  for await (const order of groupOrders(ctx, group, options)) orders.push(order);
  if (!orders.length) throw unknownGroup(group);
  return orders;
}

export const statusOf = (order: Order): string =>
  String((order.status as { value?: string } | undefined)?.value ?? 'unknown');

/** Draft and exception orders are the ones that can still be edited and submitted. */
export const isOpenForEdit = (order: Order) => ['draft', 'exception'].includes(statusOf(order));

export const numbersOf = (order: Order): number => {
  const count = order.porting_phone_numbers_count;
  return typeof count === 'number' ? count : ((order.phone_numbers as unknown[] | undefined)?.length ?? 0);
};

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

/** Group names become file names: letters, digits, dot, dash and underscore, at most 80. */
export const safeName = (group: string) =>
  group
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80) || 'group';
