import { orderGaps } from '../mcp/gates.js';
import { failureOf, stopOf } from './failure.js';
import { fitAnswer } from './fit.js';
import { groupChanges } from './group-changes.js';
import { groupOrders, mapLimit, numbersOf, type Order, statusOf, unknownGroup } from './group-orders.js';
import { Tally } from './tally.js';
import { patient } from './throttle.js';
import type { JobContext } from './workflow.js';

type Json = Record<string, unknown>;

const DAY = 24 * 3600_000;
const FOC_DATES = 10;
/** Orders whose verification codes are read at most (one request each); the rest are counted unchecked. */
const VERIFY_CHECKS = 50;
const EDITABLE = new Set(['draft', 'exception']);

const FIX = {
  ready: 'order_group_confirm (asks once for the group)',
  foc: 'optional: pick a window with order_foc_windows_list, then order_group_update activation_settings.foc_datetime_requested',
  verify: 'order_verification_code_send, then order_verification_code_verify (per order)',
  associated: 'order_associated_number_create (per order)',
  other: 'order_requirements_list of the order says which; order_group_update requirements[] or documents',
};

/** The whole group in a constant-size view, built one order at a time. */
class GroupView {
  readonly ids = new Set<string>();
  numbers = 0;
  readonly byStatus: Record<string, { orders: number; numbers: number }> = {};
  readonly actions = new Tally<{ fix: string }>(10, 2);
  readonly focDates = new Map<string, { orders: number; numbers: number }>();
  focConfirmed = 0;
  focRequested = 0;
  /** Draft/exception orders with verification codes to check; `ready` when nothing else holds them. */
  readonly toVerify: Array<{ order: Order; ready: boolean }> = [];

  constructor(readonly now: number) {}

  add(order: Order): void {
    const id = String(order.id);
    const status = statusOf(order);
    const count = numbersOf(order);
    this.ids.add(id);
    this.numbers += count;
    const s = this.byStatus[status] ?? { orders: 0, numbers: 0 };
    s.orders++;
    s.numbers += count;
    this.byStatus[status] = s;
    const settings = (order.activation_settings ?? {}) as Json;
    const actual = settings.foc_datetime_actual as string | undefined;
    const requested = settings.foc_datetime_requested as string | undefined;
    if (status !== 'cancelled' && (actual || requested)) {
      if (actual) this.focConfirmed++;
      else this.focRequested++;
      const day = new Date(Date.parse(String(actual ?? requested))).toISOString().slice(0, 10);
      const d = this.focDates.get(day) ?? { orders: 0, numbers: 0 };
      d.orders++;
      d.numbers += count;
      this.focDates.set(day, d);
    }
    if (!EDITABLE.has(status)) return;
    this.need(order, status, requested);
  }

  private need(order: Order, status: string, requested: string | undefined): void {
    const id = String(order.id);
    const add = (action: string, fix: string) => this.actions.add(action, id, { fix });
    let blocked = false;
    if (status === 'exception') {
      blocked = true;
      const details = (((order.status as Json).details ?? []) as Json[]).filter((d) => d.code);
      for (const d of details.length ? details : [{ code: 'no code' }])
        add(
          `exception ${d.code}`,
          `${String(d.description ?? 'read status.details and order_comment_list').slice(0, 160)} (order_update, or order_group_update when the same for all; then order_group_confirm)`,
        );
    }
    if (order.requirements_met === false) {
      blocked = true;
      const gaps = orderGaps(order);
      for (const gap of gaps) add(gap.what, gap.groupFix ?? gap.fix);
      if (!gaps.length) add('pending requirements', FIX.other);
    }
    if (requested && Date.parse(requested) < this.now) {
      blocked = true;
      add(
        'the requested FOC date has passed',
        'pick a window with order_foc_windows_list, then order_group_update activation_settings.foc_datetime_requested',
      );
    } else if (!requested && status === 'draft') add('no FOC date requested', FIX.foc);
    const steps = (order.additional_steps ?? []) as string[];
    const associated = steps.includes('associated_phone_numbers');
    if (associated) add('associated numbers to declare', FIX.associated);
    const ready = !blocked && !associated && status === 'draft';
    if (steps.includes('phone_number_verification_codes')) this.toVerify.push({ order, ready });
    else if (ready) add('ready to submit', FIX.ready);
  }

  foc(): Json {
    const dates = [...this.focDates.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    if (!dates.length) return { orders: 0 };
    return {
      earliest: dates[0]?.[0],
      latest: dates.at(-1)?.[0],
      confirmed: this.focConfirmed,
      requested_only: this.focRequested,
      by_date: dates.slice(0, FOC_DATES).map(([date, d]) => ({ date, ...d })),
      ...(dates.length > FOC_DATES ? { more_dates: dates.length - FOC_DATES } : {}),
    };
  }
}

/** Which of the orders with verification codes still have numbers to verify (bounded reads). */
async function checkVerification(ctx: JobContext, view: GroupView): Promise<void> {
  const canRead = ctx.exposes('order_verification_code_list');
  const checked = canRead ? view.toVerify.slice(0, VERIFY_CHECKS) : [];
  const results = await mapLimit(checked, ctx.settings.concurrency, async ({ order }) => {
    try {
      const response = await ctx.request('order_verification_code_list', {
        porting_order_id: order.id,
        page_size: 250,
      });
      const codes = ((response.type === 'json' ? (response.data as { data?: Json[] }).data : undefined) ??
        []) as Json[];
      const verified = new Set(codes.filter((c) => c.verified === true).map((c) => c.phone_number));
      return verified.size < numbersOf(order);
    } catch {
      return true;
    }
  });
  for (const [i, { order, ready }] of checked.entries()) {
    if (results[i]) view.actions.add('numbers to verify', String(order.id), { fix: FIX.verify });
    else if (ready) view.actions.add('ready to submit', String(order.id), { fix: FIX.ready });
  }
  for (const { order } of view.toVerify.slice(checked.length))
    view.actions.add('numbers to verify (not checked)', String(order.id), { fix: FIX.verify });
}

/** Drops the least useful detail first until the answer fits MAX_JOB_ANSWER (it rarely has to). */
function shrink(answer: Json): Json {
  const changes = answer.changes as Json | undefined;
  return fitAnswer(
    answer,
    [
      [changes, 'latest'],
      [changes, 'latest_comments'],
      [answer.foc as Json, 'by_date'],
      [answer, 'needs_action'],
    ],
    'listed',
  );
}

export async function statusOfGroup(args: Json, given: JobContext): Promise<Json> {
  // A 429 is waited out (Retry-After, through ctx.sleep) while the call has time.
  const ctx = patient(given);
  const group = String(args.customer_group_reference);
  const now = ctx.now();
  const since = String(args.since ?? new Date(now - DAY).toISOString());
  const view = new GroupView(now);
  const orders = groupOrders(ctx, group, { withNumbers: args.export === true });
  // The first page decides whether the group exists, before any file is written.
  const first = await orders.next();
  if (first.done) throw unknownGroup(group);
  async function* all(): AsyncGenerator<Order> {
    for (let r = first; !r.done; r = await orders.next()) {
      view.add(r.value);
      yield r.value;
    }
  }
  let exported: Json | undefined;
  if (args.export === true) {
    // CSV writing is loaded only when a call exports.
    const { exportGroup } = await import('./group-export.js');
    const result = await exportGroup(ctx, group, all());
    exported = {
      ...result.location,
      rows: result.rows,
      ...(result.missing
        ? {
            missing_numbers: result.missing,
            why: 'porting_number_list is not exposed: orders over 50 numbers are cut',
          }
        : {}),
    };
  } else for await (const _ of all());
  await checkVerification(ctx, view);
  // The changes are an extra: when the rate limit or the budget stops them, the rest still answers.
  const changes = await groupChanges(ctx, view.ids, since).catch((error: unknown) => {
    if (!stopOf(error) || ctx.signal.aborted) throw error;
    return { since, unavailable: `not read: ${failureOf(error).error}` };
  });
  const needs = view.actions.list('action');
  return shrink({
    customer_group_reference: group,
    now: new Date(now).toISOString(),
    orders: view.ids.size,
    numbers: view.numbers,
    by_status: view.byStatus,
    foc: view.foc(),
    needs_action: needs.shown,
    ...(needs.more ? { more_actions: needs.more } : {}),
    changes,
    ...(exported ? { export: exported } : {}),
  });
}
