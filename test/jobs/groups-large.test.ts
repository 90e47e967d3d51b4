import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JOB_ANSWER } from '../../src/jobs/workflow.js';
import { DAY, HOUR, iso } from '../../src/sandbox/clock.js';
import { openOrders } from '../../src/sandbox/order-factory.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import type { Json } from './groups-support.js';

/**
 * A group of 5,000 orders (as a big spreadsheet port would make): every answer stays under
 * MAX_JOB_ANSWER characters, and the work of one call stops inside its request budget.
 */
const GROUP = 'Big port';
const ORDERS = 5000;
const CODES = Array.from({ length: 15 }, (_, i) => `EXCEPTION_CODE_${i}`);
const STATUSES = ['draft', 'exception', 'foc-date-confirmed', 'in-process', 'submitted'] as const;

let s: Awaited<ReturnType<typeof sandboxSession>>;
beforeAll(async () => {
  s = await sandboxSession();
  const { store, clock } = s.sandbox;
  const now = clock.now();
  for (let i = 0; i < ORDERS; i++) {
    const [order] = openOrders(store, now - DAY, [`+1303${2000000 + i * 10 + 2}`], {
      customer_group_reference: GROUP,
    });
    if (!order) throw new Error('no order');
    order.status = STATUSES[i % 5] as (typeof STATUSES)[number];
    if (order.status === 'exception') {
      const code = Math.floor(i / 5) % CODES.length;
      order.details = [{ code: CODES[code] as string, description: `Carrier says ${code}` }];
    }
    if (order.status === 'foc-date-confirmed')
      order.foc_datetime_actual = iso(now + (1 + (Math.floor(i / 5) % 30)) * DAY);
    // 3,000 changes in the last day: more than one call reads across the account.
    if (i < 3000)
      store.emit('porting_order.status_changed', order, now - HOUR, {
        id: order.id,
        status: { value: order.status, details: [] },
      });
  }
}, 60_000);
afterAll(() => s?.close());

async function answer(name: string, args: Record<string, unknown>): Promise<{ text: string; data: Json }> {
  const result = await s.mcp.call(name, args);
  const text = textOf(result);
  expect(result.isError, text.slice(0, 500)).toBeFalsy();
  return { text, data: result.structuredContent };
}

describe('a group of 5,000 orders', () => {
  it('status: the same shape and size as for two orders, every count whole', async () => {
    const { text, data } = await answer('order_group_status', { customer_group_reference: GROUP });
    expect(text.length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(data.orders).toBe(ORDERS);
    for (const status of STATUSES) expect(data.by_status[status]).toEqual({ orders: 1000, numbers: 1000 });
    expect(data.foc).toMatchObject({ confirmed: 1000, more_dates: 20 });
    expect(data.foc.by_date).toHaveLength(10);
    expect(data.needs_action.length).toBeLessThanOrEqual(10);
    // Fifteen exception codes and the drafts' needs: the smallest groups are summed up, not dropped.
    const listed = data.needs_action.reduce(
      (n: number, a: Json) => n + (a.action.startsWith('exception') ? a.orders : 0),
      0,
    );
    expect(data.more_actions.orders + listed).toBeGreaterThanOrEqual(1000);
    expect(data.changes.cut).toMatch(/only the account's newest 2000 events/);
    expect(data.changes.events).toBe(2000);
  }, 60_000);

  it('export: one row per number, the answer still small', async () => {
    const { text, data } = await answer('order_group_status', {
      customer_group_reference: GROUP,
      export: true,
    });
    expect(text.length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(data.export.rows).toBe(ORDERS);
  }, 60_000);

  it('update: stops inside its request budget, counts every order, lists ten failures', async () => {
    // 2,000 draft and exception orders, each refusing a FOC date outside the allowed windows.
    const { text, data } = await answer('order_group_update', {
      customer_group_reference: GROUP,
      activation_settings: { foc_datetime_requested: iso(s.sandbox.clock.now() + 60 * DAY) },
    });
    expect(text.length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(data.failures).toHaveLength(10);
    expect(data.failed + data.not_reached).toBe(2000);
    expect(data.not_reached).toBeGreaterThan(0);
    expect(data.skipped_by_status).toEqual({
      'foc-date-confirmed': 1000,
      'in-process': 1000,
      submitted: 1000,
    });
    // It says which limit stopped it: the requests, not the time (the test's clock never moves).
    expect(data.next).toMatch(
      /^The call's budget of API requests ran out before \d+ orders: call order_group_update again with the same arguments/,
    );
  }, 120_000);

  it('update with requirements: their types are read once per kind of order, not once per order', async () => {
    const reads = () => s.exchanges.filter((e) => /\/requirements\b/.test(e.url)).length;
    const before = reads();
    const { text, data } = await answer('order_group_update', {
      customer_group_reference: GROUP,
      requirements: [
        { requirement_type_id: '59b0762a-b274-4f76-ac32-4d5cf0272e66', field_value: '09876543' },
      ],
    });
    expect(text.length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    // 2,000 draft and exception orders, all US local numbers: one read, none of them applies.
    expect(reads() - before).toBe(1);
    expect(data.requirements).toEqual({ orders: 0, not_applicable: 2000 });
    expect(data.unchanged).toBe(2000);
    expect(data.not_reached).toBeUndefined();
  }, 120_000);

  it('confirm: judges all 2,000 orders from the listing in one call, reads a few examples, sends nothing', async () => {
    const before = s.exchanges.length;
    const posts = s.exchanges.filter((e) => e.method === 'POST').length;
    const { text, data } = await answer('order_group_confirm', {
      customer_group_reference: GROUP,
      confirm: true,
    });
    expect(text.length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    // Every draft lacks its end user and LOA, which the listing shows: no order is left unchecked.
    expect(data.cannot_pass).toBe(2000);
    expect(data.not_checked).toBeUndefined();
    expect(data.submitted).toBe(0);
    // 20 pages of the group, and the requirements of 20 orders read as examples.
    expect(s.exchanges.length - before).toBe(40);
    expect(s.exchanges.filter((e) => e.method === 'POST').length).toBe(posts);
    expect(data.cannot_pass_by_problem.find((p: Json) => p.problem === 'empty documents.loa')?.orders).toBe(
      2000,
    );
  }, 120_000);
});
