import { DAY, HOUR, iso, MINUTE } from './clock.js';
import { isNanp } from './requirements.js';
import type { OrderRecord, OrderStatus, Store } from './store.js';
import { activationFor, statusPayload } from './views.js';

/**
 * The documented order lifecycle (NOTES.md §5) on the sandbox clock:
 *   confirm -> in-process -(10 min)-> submitted -(2 h)-> foc-date-confirmed -(FOC date)-> ported
 *   submitted -(2 h)-> exception, once, for orders with a number ending in 9 (fix, then confirm again)
 *   cancel -> cancel-pending -(1 h)-> cancelled
 * Transitions happen lazily: `advance` applies every one that is due before a request is answered.
 */
export const DELAYS = { submit: 10 * MINUTE, carrierAnswer: 2 * HOUR, cancel: HOUR };

export const OPEN: ReadonlySet<OrderStatus> = new Set([
  'in-process',
  'submitted',
  'exception',
  'foc-date-confirmed',
]);

export function advance(store: Store, now: number): void {
  // Jobs first: an activation that completes before the FOC date ports the order at that moment.
  for (const job of store.activationJobs) {
    if (job.status === 'created' && Date.parse(job.activate_at as string) <= now) {
      job.status = 'in-process';
      job.updated_at = Date.parse(job.activate_at as string);
    }
    if (job.status === 'in-process' && (job.completes_at as number) <= now) {
      completeActivation(store, job, job.completes_at as number);
    }
  }
  for (const order of store.orders.values()) {
    while (order.next && order.next.at <= now) transition(store, order, order.next.to, order.next.at);
  }
}

/**
 * When the next scheduled change happens (an order transition, an activation job step, a report
 * completing), or undefined when nothing is scheduled. Lets a driver of a held clock jump straight to it.
 */
export function nextChangeAt(store: Store, now: number): number | undefined {
  let next: number | undefined;
  const consider = (at: number) => {
    if (at > now && (next === undefined || at < next)) next = at;
  };
  for (const order of store.orders.values()) if (order.next) consider(order.next.at);
  for (const job of store.activationJobs) {
    if (job.status === 'created') consider(Date.parse(job.activate_at as string));
    if (job.status === 'in-process') consider(job.completes_at as number);
  }
  for (const report of store.reports) if (report.status === 'pending') consider(report.created_at + MINUTE);
  return next;
}

/** Moves an order to `status` at sandbox time `at`, updates its numbers, schedules what follows, emits the event. */
export function transition(store: Store, order: OrderRecord, status: OrderStatus, at: number): void {
  order.status = status;
  order.updated_at = at;
  order.details = [];
  order.next = undefined;
  switch (status) {
    case 'in-process':
      order.support_key ??= store.key('sr');
      order.parent_support_key ??= store.key('pr');
      order.next = { at: at + DELAYS.submit, to: 'submitted' };
      break;
    case 'submitted':
      order.next = {
        at: at + DELAYS.carrierAnswer,
        to: order.reject_once ? 'exception' : 'foc-date-confirmed',
      };
      break;
    case 'exception':
      order.reject_once = false;
      order.details = [
        {
          code: 'ACCOUNT_NUMBER_MISMATCH',
          description:
            'The account number does not match the losing carrier records; correct end_user.admin.account_number and submit again',
        },
      ];
      break;
    case 'foc-date-confirmed': {
      const requested = order.foc_datetime_requested ? Date.parse(order.foc_datetime_requested) : Number.NaN;
      const windows = focWindows(at);
      const fits = windows.some((w) => requested >= w.start && requested <= w.end);
      order.foc_datetime_actual = iso(fits ? requested : (windows[0]?.start ?? at + DAY));
      order.next = { at: Date.parse(order.foc_datetime_actual), to: 'ported' };
      break;
    }
    case 'cancel-pending':
      order.next = { at: at + DELAYS.cancel, to: 'cancelled' };
      break;
    default:
      break;
  }
  for (const n of store.numbersOf(order.id)) {
    n.activation_status = activationFor(status);
    if (isNanp(order) && status !== 'draft') n.portability_status = 'confirmed';
  }
  store.emit('porting_order.status_changed', order, at, statusPayload(order, at));
}

/** Allowed FOC windows: the next five weekdays from tomorrow, 14:00-22:00 UTC (business hours in the US). */
export function focWindows(now: number): Array<{ start: number; end: number }> {
  const windows: Array<{ start: number; end: number }> = [];
  const day = new Date(now);
  day.setUTCHours(0, 0, 0, 0);
  for (let t = day.getTime() + DAY; windows.length < 5; t += DAY) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) windows.push({ start: t + 14 * HOUR, end: t + 22 * HOUR });
  }
  return windows;
}

function completeActivation(store: Store, job: { [k: string]: unknown }, now: number): void {
  job.status = 'completed';
  job.updated_at = now;
  const order = store.orders.get(job.porting_order_id as string);
  if (order && order.status !== 'ported') {
    order.foc_datetime_actual = iso(now);
    transition(store, order, 'ported', now);
  }
}
