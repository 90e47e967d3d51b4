import { afterEach, describe, expect, it } from 'vitest';
import { MAX_JOB_ANSWER } from '../../src/jobs/workflow.js';
import { openOrders } from '../../src/sandbox/order-factory.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import type { Json } from './groups-support.js';

/**
 * The group tools under the sandbox's own rate limit (10 requests a second, 429 with Retry-After):
 * they wait it out through the job's sleep and send again, within the call's time. The limiter reads
 * a fake clock that only those waits (and the test, between calls) move, so nobody waits.
 */
const GROUP = 'Limited port';
const ORDERS = 46;
let s: Awaited<ReturnType<typeof sandboxSession>>;
let now = 0;
afterEach(() => s?.close());

async function start(config: Record<string, unknown> = {}, elapsed?: () => number) {
  now = 0;
  s = await sandboxSession(
    { rateLimit: 10, monotonic: () => now },
    // The client does not wait out a 429 itself (its wait would be real time): the job does.
    { maxRetryAfterMs: 0, jobConcurrency: 4, ...config },
    {
      deps: {
        sleep: async (ms: number) => {
          now += ms;
        },
        ...(elapsed ? { elapsed } : {}),
      },
    },
  );
  const at = s.sandbox.clock.now();
  for (let i = 0; i < ORDERS; i++)
    openOrders(s.sandbox.store, at, [`+1303${5550000 + i * 10 + 2}`], { customer_group_reference: GROUP });
}

/** A call in a fresh second of the limiter, as a model's calls are seconds apart. */
async function call(name: string, args: Record<string, unknown>): Promise<Json> {
  now += 1000;
  const result = await s.mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result).slice(0, 400)}`).toBeFalsy();
  expect(textOf(result).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
  return result.structuredContent;
}

const documents = async () => {
  now += 1000;
  return uploadDocuments(s.mcp.call);
};

describe('group tools under a rate limit', () => {
  it('update, status and confirm of 46 orders wait out every 429: nothing fails, everything is sent', async () => {
    await start();
    const fields = { end_user: usEndUser('+13035550102'), documents: await documents() };
    const limitedBefore = s.sandbox.faults.over_rate_limit ?? 0;

    const update = await call('order_group_update', { customer_group_reference: GROUP, ...fields });
    expect(update).toMatchObject({ orders: ORDERS, updated: ORDERS, failed: 0 });
    expect(update.not_reached).toBeUndefined();
    expect(update.requirements_met).toEqual({ true: ORDERS, false: 0 });
    const afterUpdate = s.sandbox.faults.over_rate_limit ?? 0;
    expect(afterUpdate).toBeGreaterThan(limitedBefore);

    const status = await call('order_group_status', { customer_group_reference: GROUP });
    expect(status.by_status).toEqual({ draft: { orders: ORDERS, numbers: ORDERS } });
    expect(status.changes.unavailable).toBeUndefined();

    const confirm = await call('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    expect(confirm).toMatchObject({ submitted: ORDERS, failed: 0, cannot_pass: 0 });
    expect(confirm.not_reached).toBeUndefined();
    // Every submit went through, some of them after a 429 (which did nothing at the API).
    expect(s.sandbox.faults.over_rate_limit).toBeGreaterThan(afterUpdate);
    const statuses = [...s.sandbox.store.orders.values()].map((o) => o.status);
    expect(statuses.filter((st) => st !== 'in-process')).toEqual([]);
    // No submit reached the API twice: one accepted POST per order.
    const accepted = s.exchanges.filter(
      (e) => e.method === 'POST' && e.url.endsWith('/actions/confirm') && e.status < 300,
    );
    expect(accepted).toHaveLength(ORDERS);
    expect(s.problems).toEqual([]);
  });

  it("waits only as long as the call's time allows, then says the rate limit stopped it; called again, it goes on", async () => {
    // The call's time is the fake clock too: 4 s of budget, and every Retry-After costs a second.
    await start({ jobTimeMs: 4000 }, () => now);
    const fields = { end_user: usEndUser('+13035550102'), documents: await documents() };
    const first = await call('order_group_update', { customer_group_reference: GROUP, ...fields });
    expect(first.failed).toBe(0);
    expect(first.not_reached).toBeGreaterThan(0);
    expect(first.updated + first.not_reached).toBe(ORDERS);
    expect(first.next).toMatch(
      /(rate limit|time ran out).*: call order_group_update again with the same arguments/,
    );
    let done = first.updated;
    for (let i = 0; i < 10 && done < ORDERS; i++) {
      const next = await call('order_group_update', { customer_group_reference: GROUP, ...fields });
      expect(next.failed).toBe(0);
      done += next.updated;
    }
    expect(done).toBe(ORDERS);
  });
});
