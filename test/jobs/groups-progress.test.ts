import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JOB_ANSWER } from '../../src/jobs/workflow.js';
import { JOB_CALLS } from '../../src/mcp/tools.js';
import { DAY } from '../../src/sandbox/clock.js';
import { openOrders } from '../../src/sandbox/order-factory.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import type { Json } from './groups-support.js';

/**
 * 3,000 complete drafts that each still have a step only a read can judge (associated numbers): the
 * 1,500 listed first have none declared and cannot pass, the other 1,500 can. One call's request
 * budget reads about 1,470 orders, so a call that always started from the top would read the same
 * blocked ones for ever; repeated calls must reach the rest and submit them.
 */
const GROUP = 'Steps port';
const ORDERS = 3000;
let s: Awaited<ReturnType<typeof sandboxSession>>;
const passing = new Set<string>();

beforeAll(async () => {
  s = await sandboxSession();
  const { store, clock } = s.sandbox;
  const now = clock.now();
  for (let i = 0; i < ORDERS; i++) {
    // Newer orders are listed first: the blocked half (i >= 1,500) is created last.
    const [order] = openOrders(store, now - DAY + i, [`+1303${2000000 + i * 10 + 2}`], {
      customer_group_reference: GROUP,
    });
    if (!order) throw new Error('no order');
    order.end_user = {
      admin: {
        entity_name: 'Acme Ltd',
        auth_person_name: 'Jane Roe',
        billing_phone_number: '+13035550102',
        account_number: 'ACCT-1',
      },
      location: {
        street_address: '600 Congress Avenue',
        locality: 'Austin',
        administrative_area: 'TX',
        postal_code: '78701',
        country_code: 'US',
      },
    };
    order.documents = { loa: randomUUID(), invoice: randomUUID() };
    order.additional_steps = ['associated_phone_numbers'];
    if (i < ORDERS / 2) {
      passing.add(order.id);
      store.associated.push({
        id: randomUUID(),
        porting_order_id: order.id,
        created_at: now,
        updated_at: now,
        action: 'keep',
        country_code: 'US',
        phone_number_type: 'local',
        phone_number_range: { start_at: '+13035550199', end_at: '+13035550199' },
      });
    }
  }
}, 60_000);
afterAll(() => s?.close());

describe('order_group_confirm called again on a big group', () => {
  it('reads the orders it has not read yet first: every call moves forward, within its budget', async () => {
    const submitted = () =>
      s.exchanges.filter((e) => e.method === 'POST' && e.url.endsWith('/actions/confirm')).length;
    const answers: Json[] = [];
    for (let call = 0; call < 6 && submitted() < passing.size; call++) {
      const before = s.exchanges.length;
      const result = await s.mcp.call('order_group_confirm', {
        customer_group_reference: GROUP,
        confirm: true,
      });
      expect(result.isError, textOf(result).slice(0, 300)).toBeFalsy();
      expect(textOf(result).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
      expect(s.exchanges.length - before).toBeLessThanOrEqual(JOB_CALLS);
      answers.push(result.structuredContent);
    }
    // The first call reads only blocked orders, and says that its requests ran out (not its time).
    expect(answers[0]).toMatchObject({ submitted: 0, cannot_pass: expect.any(Number) });
    expect(answers[0].next).toMatch(
      /^The call's budget of API requests ran out before \d+ orders were checked: call order_group_confirm again/,
    );
    expect(answers[0].cannot_pass_by_problem[0]).toMatchObject({ problem: 'no associated numbers' });
    // Then each call submits what it has not read before.
    expect(submitted()).toBe(passing.size);
    expect(answers.length).toBeLessThanOrEqual(5);
    for (const a of answers.slice(1, -1)) expect(a.submitted).toBeGreaterThan(0);
    const statuses = [...s.sandbox.store.orders.values()].map((o) => [passing.has(o.id), o.status]);
    expect(statuses.filter(([pass, status]) => pass && status !== 'in-process')).toEqual([]);
    expect(statuses.filter(([pass, status]) => !pass && status !== 'draft')).toEqual([]);
  }, 240_000);
});
