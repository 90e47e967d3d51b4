import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/sandbox/clock.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import {
  createGroup,
  GROUP_NUMBERS,
  groupFields,
  intlRequirements,
  type Json,
  ok as okWith,
  verifyNumbers,
} from './groups-support.js';

/**
 * A port of eight numbers that the API splits into six orders, worked as one group: status, one
 * update, one confirmation, status again once the carriers answered, through the SDK Client against
 * the sandbox (every request and answer checked against the spec).
 */
const GROUP = 'Acme port';
let s: Awaited<ReturnType<typeof sandboxSession>>;
let out: string;
let reply: 'accept' | 'decline' = 'accept';
const questions: string[] = [];
let ids: string[] = [];
let fields: Awaited<ReturnType<typeof groupFields>>;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'groups-'));
  s = await sandboxSession(
    {},
    { outputDir: out },
    {
      elicit: (request: ElicitRequest) => {
        questions.push(String(request.params.message));
        return reply === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
      },
    },
  );
});
afterAll(async () => {
  await s?.close();
  rmSync(out, { recursive: true, force: true });
});

const ok = (name: string, args: Record<string, unknown> = {}) => okWith(s.mcp.call, name, args);
const requests = (method: string, pattern: RegExp) =>
  s.exchanges.filter((e) => e.method === method && pattern.test(e.url));
/** The questions the group tools asked (order_verification_code_send asks its own). */
const asked = () => questions.filter((q) => q.includes(' of group "'));
const confirms = () => requests('POST', /\/actions\/confirm$/).length;
const order = (id: string) => s.sandbox.store.orders.get(id);
const orderOf = (phone: string) =>
  [...s.sandbox.store.numbers.values()].find((n) => n.phone_number === phone)?.porting_order_id as string;

/** The group as order_list and order_get show it: what group status must agree with. */
async function truth() {
  const listed = await ok('order_list', { filter: { customer_group_reference: GROUP }, page_size: 250 });
  const orders = await Promise.all(
    listed.data.map(async (o: Json) => (await ok('order_get', { porting_order_id: o.id })).data),
  );
  const byStatus: Record<string, { orders: number; numbers: number }> = {};
  const focDays: Record<string, number> = {};
  for (const o of orders) {
    const st = byStatus[o.status.value] ?? { orders: 0, numbers: 0 };
    st.orders++;
    st.numbers += o.porting_phone_numbers_count;
    byStatus[o.status.value] = st;
    const foc = o.activation_settings.foc_datetime_actual ?? o.activation_settings.foc_datetime_requested;
    if (foc) focDays[foc.slice(0, 10)] = (focDays[foc.slice(0, 10)] ?? 0) + 1;
  }
  return { orders, byStatus, focDays };
}

describe('a group of orders is worked as one', () => {
  it('a group name no order carries is refused, naming order_list and the name used at creation', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['order_group_status', {}],
      ['order_group_update', { misc: { type: 'full' } }],
      ['order_group_confirm', { confirm: true }],
    ];
    for (const [tool, args] of calls) {
      const result = await s.mcp.call(tool, { customer_group_reference: GROUP, ...args });
      expect(result.isError, tool).toBe(true);
      expect(textOf(result)).toMatch(
        /^No porting order has customer_group_reference "Acme port"\..*order_list.*order_create/s,
      );
    }
    expect(s.exchanges.filter((e) => e.method !== 'GET')).toHaveLength(0);
  });

  it('status of a new group: six drafts with eight numbers, each needing the end user and the LOA', async () => {
    ids = await createGroup(s.mcp.call, GROUP);
    expect(ids).toHaveLength(6);
    const status = await ok('order_group_status', { customer_group_reference: GROUP });
    const { byStatus } = await truth();
    expect(status.orders).toBe(6);
    expect(status.numbers).toBe(GROUP_NUMBERS.length);
    expect(status.by_status).toEqual(byStatus);
    const action = (what: string) => status.needs_action.find((a: Json) => a.action.startsWith(what));
    expect(action('empty end_user.admin.entity_name')).toMatchObject({
      orders: 6,
      fix: 'order_group_update end_user',
    });
    expect(action('empty documents.loa')).toMatchObject({ orders: 6 });
    expect(action('empty documents.loa').fix).toMatch(
      /document_upload, then order_group_update documents\.loa/,
    );
    expect(action('numbers to verify')).toMatchObject({ orders: 1, first: [orderOf('+18005550106')] });
    // The split is in the changes: one porting_order.split event per order split off.
    expect(status.changes.by_type).toEqual({ split: 5 });
    expect(status.now).toBe(new Date(s.sandbox.clock.now()).toISOString());
  });

  it('confirm before anything is filled in: no question, nothing sent, the orders grouped by what is missing', async () => {
    const result = await ok('order_group_confirm', { customer_group_reference: GROUP });
    expect(asked()).toHaveLength(0);
    expect(confirms()).toBe(0);
    expect(result).toMatchObject({ orders: 6, cannot_pass: 6, submitted: 0 });
    const problems = result.cannot_pass_by_problem;
    const loa = problems.find((p: Json) => p.problem === 'empty documents.loa');
    expect(loa).toMatchObject({ orders: 6, fix: 'document_upload, then order_group_update documents.loa' });
    expect(loa.first).toHaveLength(3);
    expect(problems.find((p: Json) => p.problem.startsWith('empty end_user'))?.fix).toBe(
      'order_group_update end_user',
    );
    const verify = problems.find((p: Json) => p.problem === 'unverified numbers');
    expect(verify).toMatchObject({ orders: 1, first: [orderOf('+18005550106')] });
    expect(verify.fix).toMatch(/order_verification_code_send, then order_verification_code_verify/);
    expect(result.next).toMatch(/No order can be submitted yet/);
  });

  it('one group update fills end user, LOA, invoice and the GB requirements of all six orders', async () => {
    fields = await groupFields(s.mcp.call);
    const requirements = await intlRequirements(s.mcp.call);
    const before = requests('PATCH', /\/porting_orders\//).length;
    const result = await ok('order_group_update', {
      customer_group_reference: GROUP,
      // Written as people write it: normalised to E.164 like order_update's.
      end_user: {
        ...fields.end_user,
        admin: { ...fields.end_user.admin, billing_phone_number: '+1 (303) 555-0102' },
      },
      documents: fields.documents,
      requirements,
    });
    expect(result).toMatchObject({ orders: 6, updated: 6, unchanged: 0, failed: 0 });
    expect(result.requirements_met).toEqual({ true: 6, false: 0 });
    expect(result.requirements).toEqual({ orders: 1, not_applicable: 5 });
    expect(requests('PATCH', /\/porting_orders\//).length - before).toBe(6);
    // Requirements go only to the order whose requirement list has them (the GB one).
    const gb = orderOf('+442079460952');
    for (const id of ids) expect(order(id)?.requirements.length).toBe(id === gb ? 2 : 0);
    for (const id of ids) {
      const o = order(id);
      expect(o?.end_user.admin.billing_phone_number).toBe('+13035550102');
      expect(o?.documents).toEqual(fields.documents);
    }
    expect(order(gb)?.requirements.map((r) => r.field_value)).toContain('09876543');
  });

  it('the same update again sends nothing: every order already has those values', async () => {
    const before = requests('PATCH', /\/porting_orders\//).length;
    const result = await ok('order_group_update', { customer_group_reference: GROUP, ...fields });
    expect(result).toMatchObject({ updated: 0, unchanged: 6, failed: 0 });
    expect(requests('PATCH', /\/porting_orders\//).length).toBe(before);
  });

  it('one question for the whole group; declined, nothing is submitted', async () => {
    reply = 'decline';
    const result = await s.mcp.call('order_group_confirm', { customer_group_reference: GROUP });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/declined\. Nothing was sent/);
    expect(asked()).toHaveLength(1);
    // Names the group, how many orders and numbers go, and how many cannot pass.
    expect(asked()[0]).toMatch(
      /^Submit 5 porting orders of group "Acme port" with 7 numbers to 4 losing carriers\. 1 order cannot pass the checks and is left out\. This starts the ports; only order_cancel undoes each\./,
    );
    expect(confirms()).toBe(0);
  });

  it('accepted once, every order of the group is submitted', async () => {
    reply = 'accept';
    await verifyNumbers(s.mcp.call, orderOf('+18005550106'), ['+18005550106']);
    const result = await ok('order_group_confirm', { customer_group_reference: GROUP });
    expect(asked()).toHaveLength(2);
    expect(asked()[1]).toMatch(/^Submit 6 porting orders of group "Acme port" with 8 numbers/);
    expect(result).toMatchObject({
      orders: 6,
      cannot_pass: 0,
      submitted: 6,
      numbers_submitted: 8,
      failed: 0,
    });
    expect(confirms()).toBe(6);
    for (const id of ids) expect(order(id)?.status).toBe('in-process');
  });

  it('called again, submitted orders are skipped and nothing is asked or sent', async () => {
    const result = await ok('order_group_confirm', { customer_group_reference: GROUP });
    expect(result).toMatchObject({ submitted: 0, skipped_by_status: { 'in-process': 6 } });
    expect(asked()).toHaveLength(2);
    expect(confirms()).toBe(6);
  });

  it('three hours later, group status agrees with every order the sandbox holds', async () => {
    s.sandbox.clock.skip(3 * HOUR);
    const status = await ok('order_group_status', { customer_group_reference: GROUP });
    const { byStatus, focDays, orders } = await truth();
    expect(status.by_status).toEqual(byStatus);
    expect(status.by_status).toEqual({
      'foc-date-confirmed': { orders: 5, numbers: 6 },
      exception: { orders: 1, numbers: 2 },
    });
    const days = Object.keys(focDays).sort();
    expect(status.foc).toMatchObject({ earliest: days[0], latest: days.at(-1), confirmed: 5 });
    expect(Object.fromEntries(status.foc.by_date.map((d: Json) => [d.date, d.orders]))).toEqual(focDays);
    const rejected = orders.find((o: Json) => o.status.value === 'exception');
    expect(rejected.id).toBe(orderOf('+13035550129'));
    expect(status.needs_action).toEqual([
      expect.objectContaining({
        action: 'exception ACCOUNT_NUMBER_MISMATCH',
        orders: 1,
        first: [rejected.id],
      }),
    ]);
    expect(status.needs_action[0].fix).toMatch(/account number.*order_group_update.*order_group_confirm/);
    // Changes of the last 24 hours, as event_list has them order by order.
    const counts: Record<string, number> = {};
    for (const id of ids) {
      const events = await ok('event_list', {
        filter: { porting_order_id: id, type: 'porting_order.status_changed' },
      });
      for (const e of events.data) counts[e.payload.status.value] = (counts[e.payload.status.value] ?? 0) + 1;
    }
    expect(status.changes.status_changes_to).toEqual(counts);
    expect(counts).toEqual({ 'in-process': 6, submitted: 6, 'foc-date-confirmed': 5, exception: 1 });
  });

  it('changes since a time: only what happened after it', async () => {
    const since = new Date(s.sandbox.clock.now() - 2 * HOUR).toISOString();
    const status = await ok('order_group_status', { customer_group_reference: GROUP, since });
    expect(status.changes.since).toBe(since);
    expect(status.changes.status_changes_to).toEqual({ 'foc-date-confirmed': 5, exception: 1 });
    expect(status.changes.by_type).toEqual({ status_changed: 6 });
    expect(status.changes.latest[0]).toMatchObject({ event: 'status_changed' });
  });

  it('export: one CSV row per number of the group, with its order and status', async () => {
    const status = await ok('order_group_status', { customer_group_reference: GROUP, export: true });
    expect(status.export.rows).toBe(8);
    // The name made safe for a file, with a hash of the real name so two groups never share one.
    expect(status.export.path.startsWith(join(out, 'Acme_port-'))).toBe(true);
    expect(status.export.path).toMatch(/-[0-9a-f]{8}\.numbers\.csv$/);
    const rows: Json[] = parse(readFileSync(status.export.path), { columns: true });
    expect(rows.map((r) => r.phone_number).sort()).toEqual([...GROUP_NUMBERS].sort());
    for (const r of rows) {
      const held = order(r.porting_order_id);
      expect(held?.status).toBe(r.porting_order_status);
      expect(orderOf(r.phone_number)).toBe(r.porting_order_id);
      expect(r.activation_status).toBe(
        [...s.sandbox.store.numbers.values()].find((n) => n.phone_number === r.phone_number)
          ?.activation_status,
      );
    }
  });

  it('the rejected order is fixed and resubmitted by the group tools; the others are skipped', async () => {
    const rejected = orderOf('+13035550129');
    const update = await ok('order_group_update', {
      customer_group_reference: GROUP,
      end_user: { admin: { account_number: 'ACCT-8' } },
    });
    expect(update).toMatchObject({ updated: 1, skipped_by_status: { 'foc-date-confirmed': 5 } });
    expect(order(rejected)?.end_user.admin.account_number).toBe('ACCT-8');
    const result = await ok('order_group_confirm', { customer_group_reference: GROUP });
    expect(asked().at(-1)).toMatch(
      /^Submit 1 porting order of group "Acme port" with 2 numbers .*1 exception order sent again as it is now/,
    );
    expect(result).toMatchObject({ submitted: 1, skipped_by_status: { 'foc-date-confirmed': 5 } });
    expect(order(rejected)?.status).toBe('in-process');
    expect(s.problems).toEqual([]);
  });
});
