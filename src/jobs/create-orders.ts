import { TelnyxError } from '../telnyx/errors.js';
import { groupOrders, type Order, statusOf } from './group-orders.js';
import { openResults } from './results-source.js';
import { patient } from './throttle.js';
import { type JobContext, MAX_JOB_ANSWER } from './workflow.js';

/**
 * Numbers per order_create request. The API refuses a request as a whole for one bad number and may
 * split it into several orders; 500 keeps a refusal (or a timeout's doubt) to a bounded set and the
 * body near 10 KB, while a large port still becomes few orders (numbers are sent sorted by country,
 * type and FastPort, so each request splits little).
 */
export const CREATE_CHUNK = 500;
/** Order ids per porting_number_list request (the filter goes in the query string). */
const IDS_PER_LIST = 20;
const PAGE = 250;
const FIRST = 10;

export interface CreateArgs {
  path: string;
  customer_group_reference: string;
}

interface Candidate {
  e164: string;
  country: string;
  type: string;
  fast: boolean;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Counts by key, at most 200 keys (the rest as "(other)"), shown as the top few. */
class Counter {
  readonly map = new Map<string, number>();
  add(key: string, n = 1) {
    const k = this.map.has(key) || this.map.size < 200 ? key : '(other)';
    this.map.set(k, (this.map.get(k) ?? 0) + n);
  }
  top(n: number): Record<string, number> {
    const sorted = [...this.map].filter(([k]) => k !== '(other)').sort((a, b) => b[1] - a[1]);
    const rest = sorted.slice(n).reduce((t, [, v]) => t + v, this.map.get('(other)') ?? 0);
    return { ...Object.fromEntries(sorted.slice(0, n)), ...(rest ? { '(other)': rest } : {}) };
  }
}

/**
 * order_create_from_file: draft orders for the portable numbers of a checked file, tagged with the
 * user's group. Numbers already in a non-cancelled order of the group are skipped, so calling again
 * creates nothing twice; a create is never re-sent after it may have reached the API.
 */
export async function createOrdersFromFile(
  args: CreateArgs,
  given: JobContext,
): Promise<Record<string, unknown>> {
  // Every request waits out a 429 (which did nothing) and goes again while the call has time.
  const ctx = patient(given);
  const group = args.customer_group_reference.trim();
  const source = await openResults(args.path, ctx);
  const candidates = new Map<string, Candidate>();
  const skipped = {
    not_portable: new Counter(),
    invalid: 0,
    duplicates: 0,
    refused: 0,
    first: [] as string[],
  };
  const skip = (text: string) => {
    if (skipped.first.length < FIRST) skipped.first.push(cut(text, 140));
  };
  try {
    for await (const r of source.rows()) {
      if (r.duplicate_of !== undefined || (r.e164 && candidates.has(r.e164))) skipped.duplicates++;
      else if (r.portable === true && r.e164) {
        candidates.set(r.e164, {
          e164: r.e164,
          country: r.country,
          type: r.number_type,
          fast: r.fast_portable === true,
        });
      } else if (r.portable === false) {
        skipped.not_portable.add(cut(r.not_portable_reason || 'no reason given', 100));
        skip(`row ${r.row}: ${r.e164} not portable: ${r.not_portable_reason}`);
      } else if (r.e164) {
        skipped.refused++;
        skip(`row ${r.row}: ${r.e164}: ${r.error}`);
      } else {
        skipped.invalid++;
        skip(`row ${r.row}: ${r.error}`);
      }
    }
  } finally {
    await source.close();
  }

  const existing = await groupNumbers(ctx, group);
  const todo = [...candidates.values()]
    .filter((c) => !existing.numbers.has(c.e164))
    .sort(
      (a, b) =>
        a.country.localeCompare(b.country) ||
        a.type.localeCompare(b.type) ||
        Number(b.fast) - Number(a.fast) ||
        a.e164.localeCompare(b.e164),
    );

  const created: Order[] = [];
  const refused: string[] = [];
  let refusedCount = 0;
  let ordered = 0;
  let stop:
    | { why: 'time' | 'budget' }
    | { why: 'rate'; seconds: number }
    | { why: 'unknown' | 'error'; text: string }
    | undefined;
  let requests = 0;
  for (let i = 0; i < todo.length && !stop; i += CREATE_CHUNK) {
    let numbers = todo.slice(i, i + CREATE_CHUNK).map((c) => c.e164);
    let retriedRefusal = false;
    while (numbers.length && !stop) {
      if (ctx.timeLeft() <= 0) {
        stop = { why: 'time' };
        break;
      }
      try {
        requests++;
        const response = await ctx.request('order_create', {
          phone_numbers: numbers,
          customer_group_reference: group,
        });
        const data = response.type === 'json' ? (response.data as { data?: unknown }).data : undefined;
        const orders = (Array.isArray(data) ? data : data ? [data] : []) as Order[];
        created.push(...orders);
        ordered += numbers.length;
        await ctx.progress(ordered, todo.length, `${ordered} of ${todo.length} numbers ordered`);
        break;
      } catch (error) {
        if (!(error instanceof TelnyxError)) throw error;
        if (error.kind === 'rate_limited') {
          // Still limited after waiting: nothing of this request was created; the next call goes on.
          stop = { why: 'rate', seconds: error.retryAfterSeconds ?? 1 };
          continue;
        }
        const named = new Map<string, string>();
        for (const item of error.kind === 'invalid' ? error.errors : []) {
          const m = /^\/phone_numbers\/(\d{1,4})$/.exec(item.source?.pointer ?? '');
          const n = m ? numbers[Number(m[1])] : undefined;
          if (n) named.set(n, item.detail ?? item.title ?? 'refused');
        }
        if (named.size) {
          // The API named the numbers it refuses (422: nothing was created): those are reported, the rest sent once more.
          for (const [n, why] of named) {
            refusedCount++;
            if (refused.length < FIRST) refused.push(cut(`${n}: ${why}`, 140));
          }
          numbers = numbers.filter((n) => !named.has(n));
          if (retriedRefusal) {
            for (const n of numbers) {
              refusedCount++;
              if (refused.length < FIRST) refused.push(`${n}: not created (its request was refused twice)`);
            }
            break;
          }
          retriedRefusal = true;
          continue;
        }
        if (error.kind === 'refused') stop = { why: 'budget' };
        else if (['timeout', 'connection', 'server', 'bad_response', 'cancelled'].includes(error.kind)) {
          stop = {
            why: 'unknown',
            text: `${error.message}: unknown whether orders were created for ${numbers.length} numbers. Call again: numbers already ordered in the group are skipped`,
          };
        } else if (error.kind === 'invalid' || error.kind === 'http' || error.kind === 'not_found') {
          stop = { why: 'error', text: describe(error) };
        } else throw error;
      }
    }
  }

  const done = !stop;
  const left = todo.length - ordered - refusedCount;
  const again =
    'Call order_create_from_file again with the same arguments to go on; numbers already ordered in the group are skipped.';
  const next = done
    ? created.length
      ? `Draft orders created in group "${cut(group, 60)}". Complete each (order_requirements_list, order_update) and submit it (order_confirm); list them with order_list filter.customer_group_reference.`
      : 'Nothing left to order: every portable number is already in an order of this group.'
    : stop?.why === 'time'
      ? `Out of time for this call (${left} numbers left). ${again}`
      : stop?.why === 'budget'
        ? `Out of API requests for this call (${left} numbers left). ${again}`
        : stop?.why === 'rate'
          ? `The API is rate limiting (asked to wait ${stop.seconds} s). ${again}`
          : `Stopped: ${stop && 'text' in stop ? stop.text : ''}. ${stop?.why === 'error' ? 'Fix the cause, then call again.' : ''}`;

  const answer = (first: number, keys: number): Record<string, unknown> => ({
    status: done ? 'done' : stop?.why === 'time' || stop?.why === 'budget' ? 'continue' : 'stopped',
    group: cut(group, 100),
    file: source.from,
    ...(ctx.settings.api === 'sandbox'
      ? { sandbox: 'simulated orders (sandbox mode), nothing is ported' }
      : {}),
    portable_numbers: candidates.size,
    already_in_group: candidates.size - todo.length,
    group_orders_before: existing.orders,
    ...(existing.unverified
      ? {
          unverified_orders: `${existing.unverified} orders of the group have more numbers than could be listed (porting_number_list is not exposed); the API refuses numbers already ordered`,
        }
      : {}),
    numbers_ordered_this_call: ordered,
    orders_created_this_call: created.length,
    requests_this_call: requests,
    ...(created.length
      ? { orders: ordersSummary(created, first, keys, (n) => candidates.get(n)?.country) }
      : {}),
    ...(refusedCount ? { refused_by_api: { count: refusedCount, first: refused.slice(0, first) } } : {}),
    skipped: {
      not_portable: [...skipped.not_portable.map.values()].reduce((a, b) => a + b, 0),
      not_portable_reasons: skipped.not_portable.top(keys),
      invalid_rows: skipped.invalid,
      duplicate_rows: skipped.duplicates,
      ...(skipped.refused ? { refused_in_check: skipped.refused } : {}),
      first: skipped.first.slice(0, first),
    },
    next,
  });
  for (const [first, keys] of [
    [10, 10],
    [5, 5],
    [2, 3],
    [0, 2],
  ] as const) {
    const out = answer(first, keys);
    if (JSON.stringify(out).length <= MAX_JOB_ANSWER) return out;
  }
  return answer(0, 0);
}

function describe(error: TelnyxError): string {
  const item = error.errors[0];
  return cut(
    `${error.message}${item ? ` (${item.title ?? ''}${item.detail ? `: ${item.detail}` : ''})` : ''}`,
    300,
  );
}

/**
 * How the API split the numbers: orders by carrier, number type and country, and numbers per order.
 * An order's country is that of the numbers it holds (as the results file gives them; orders carry
 * no country of their own): "CA+US" for an order with both, "unknown" when it embeds no numbers.
 */
function ordersSummary(
  orders: Order[],
  first: number,
  keys: number,
  countryOf: (e164: string) => string | undefined,
): Record<string, unknown> {
  const carriers = new Counter();
  const types = new Counter();
  const countries = new Counter();
  const fast = new Counter();
  const sizes = orders.map((o) => Number(o.porting_phone_numbers_count ?? 0));
  for (const o of orders) {
    carriers.add(cut(String(o.old_service_provider_ocn ?? 'unknown'), 60));
    types.add(String(o.phone_number_type ?? 'unknown'));
    const numbers = (o.phone_numbers as Array<{ phone_number?: string }> | undefined) ?? [];
    const found = new Set(numbers.map((n) => countryOf(String(n.phone_number)) || 'unknown'));
    countries.add(found.size ? [...found].sort().join('+').slice(0, 60) : 'unknown');
    fast.add(
      (o.activation_settings as { fast_port_eligible?: boolean } | undefined)?.fast_port_eligible
        ? 'yes'
        : 'no',
    );
  }
  return {
    count: orders.length,
    by_carrier: carriers.top(keys),
    by_number_type: types.top(keys),
    by_country: countries.top(keys),
    fast_port_eligible: fast.top(2),
    numbers_per_order: {
      min: Math.min(...sizes),
      max: Math.max(...sizes),
      average: Math.round(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length)),
    },
    first: orders
      .slice(0, first)
      .map((o) =>
        cut(
          `${o.id}: ${o.porting_phone_numbers_count ?? '?'} numbers, ${o.phone_number_type ?? '?'}, ${o.old_service_provider_ocn ?? '?'}`,
          120,
        ),
      ),
  };
}

/**
 * The numbers already in non-cancelled orders of the group, read through porting_number_list when it
 * is exposed; otherwise from order_list's embedded numbers (up to 50 per order: the rest are counted
 * as unverified, and the API itself refuses a number that is already in an open order).
 */
async function groupNumbers(
  ctx: JobContext,
  group: string,
): Promise<{ numbers: Set<string>; orders: number; unverified: number }> {
  const numbers = new Set<string>();
  const open: Order[] = [];
  let orders = 0;
  for await (const order of groupOrders(ctx, group)) {
    orders++;
    if (statusOf(order) !== 'cancelled') open.push(order);
  }
  if (open.length === 0) return { numbers, orders, unverified: 0 };
  if (ctx.exposes('porting_number_list')) {
    for (let i = 0; i < open.length; i += IDS_PER_LIST) {
      const ids = open.slice(i, i + IDS_PER_LIST).map((o) => String(o.id));
      for (let page = 1; ; page++) {
        const response = await ctx.request('porting_number_list', {
          filter: { porting_order_id: ids },
          page_number: page,
          page_size: PAGE,
        });
        const body = (response.type === 'json' ? response.data : {}) as {
          data?: Array<{ phone_number?: string }>;
          meta?: { total_pages?: number };
        };
        for (const n of body.data ?? []) if (n.phone_number) numbers.add(n.phone_number);
        if (!body.data?.length || page >= (body.meta?.total_pages ?? 0)) break;
      }
    }
    return { numbers, orders, unverified: 0 };
  }
  let unverified = 0;
  const wanted = new Set(open.map((o) => String(o.id)));
  for (let page = 1; ; page++) {
    const response = await ctx.request('order_list', {
      filter: { customer_group_reference: group },
      include_phone_numbers: true,
      page_number: page,
      page_size: PAGE,
    });
    const body = (response.type === 'json' ? response.data : {}) as {
      data?: Order[];
      meta?: { total_pages?: number };
    };
    for (const order of body.data ?? []) {
      if (!wanted.has(String(order.id))) continue;
      const embedded = (order.phone_numbers as Array<{ phone_number?: string }> | undefined) ?? [];
      for (const n of embedded) if (n.phone_number) numbers.add(n.phone_number);
      if (Number(order.porting_phone_numbers_count ?? 0) > embedded.length) unverified++;
    }
    if (!body.data?.length || page >= (body.meta?.total_pages ?? 0)) break;
  }
  return { numbers, orders, unverified };
}
