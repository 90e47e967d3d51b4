import { afterEach, describe, expect, it } from 'vitest';
import { json, startLoopback } from '../support/loopback.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { createGroup, groupFields, type Json, ok as okWith } from './groups-support.js';

/** Six US orders that pass every check once filled in (no verification, no carrier rejection). */
const READY = [
  '+13035550102',
  '+13035550112',
  '+13035550122',
  '+13035550100',
  '+18005550103',
  '+18005550113',
];
const GROUP = 'Ready port';

let s: Awaited<ReturnType<typeof sandboxSession>>;
let closeProxy: (() => Promise<void>) | undefined;
afterEach(async () => {
  await s?.close();
  await closeProxy?.();
  closeProxy = undefined;
});

const ok = (name: string, args: Record<string, unknown> = {}) => okWith(s.mcp.call, name, args);
const confirmPosts = () =>
  s.exchanges.filter((e) => e.method === 'POST' && e.url.endsWith('/actions/confirm'));

async function readyGroup(): Promise<string[]> {
  const ids = await createGroup(s.mcp.call, GROUP, READY);
  expect(ids).toHaveLength(6);
  await ok('order_group_update', { customer_group_reference: GROUP, ...(await groupFields(s.mcp.call)) });
  return ids;
}

describe('order_group_confirm without elicitation, out of time, and when a submit fails', () => {
  it('a client that cannot ask: the model is told to ask, then confirm: true submits the group', async () => {
    s = await sandboxSession();
    await readyGroup();
    const first = await s.mcp.call('order_group_confirm', { customer_group_reference: GROUP });
    // A request for confirmation is a normal step, not a failure.
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({
      confirmation_required: true,
      done: false,
      would_submit: { orders: 6, numbers: 6 },
    });
    expect(textOf(first)).toMatch(
      /Confirmation needed, nothing was sent: Submit 6 porting orders of group \\"Ready port\\" with 6 numbers.*call order_group_confirm again with the same arguments and confirm: true/,
    );
    expect(confirmPosts()).toHaveLength(0);
    const done = await ok('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    expect(done).toMatchObject({ submitted: 6, numbers_submitted: 6, failed: 0 });
    expect(confirmPosts()).toHaveLength(6);
  });

  it('when the call runs out of time it says so; called again, it submits the rest and nothing twice', async () => {
    // Each request "takes" 250 ms of a 1 s call: the list, then three submits, and the time is up.
    s = await sandboxSession(
      {},
      { jobConcurrency: 1, jobTimeMs: 1000 },
      { deps: { elapsed: () => s.exchanges.length * 250 } },
    );
    const ids = await createGroup(s.mcp.call, GROUP, READY);
    const fields = await groupFields(s.mcp.call);
    const patches = () => s.exchanges.filter((e) => e.method === 'PATCH').length;
    // The update too: three orders per call, and the orders already updated are not sent again.
    const update = await ok('order_group_update', { customer_group_reference: GROUP, ...fields });
    expect(update).toMatchObject({ updated: 3, not_reached: 3 });
    expect(update.next).toMatch(/call order_group_update again with the same arguments/);
    const rest = await ok('order_group_update', { customer_group_reference: GROUP, ...fields });
    expect(rest).toMatchObject({ updated: 3, unchanged: 3, requirements_met: { true: 6, false: 0 } });
    expect(rest.not_reached).toBeUndefined();
    expect(patches()).toBe(6);

    const first = await ok('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    expect(first).toMatchObject({ submitted: 3, not_reached: 3, failed: 0 });
    expect(first.next).toMatch(
      /time ran out before 3 orders could be submitted: call order_group_confirm again with the same arguments and confirm: true \(submitted orders are skipped\)/,
    );
    const second = await ok('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    expect(second).toMatchObject({ submitted: 3, skipped_by_status: { 'in-process': 3 } });
    expect(second.not_reached).toBeUndefined();
    const posted = confirmPosts().map((e) => e.url.split('/').at(-3));
    expect(posted.sort()).toEqual([...ids].sort());
    for (const id of ids) expect(s.sandbox.store.orders.get(id)?.status).toBe('in-process');
  });

  it('a submit the API fails is reported with its error, never resent; the others go through', async () => {
    let target = '';
    let failing = '';
    // A proxy in front of the sandbox that answers one order's submit with a server error.
    const proxy = await startLoopback(async (req, res) => {
      if (req.method === 'POST' && req.url === `/porting_orders/${failing}/actions/confirm`) {
        return json(res, 503, {
          errors: [{ code: '10007', title: 'Unexpected error', detail: 'Try again later.', meta: {} }],
        });
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
      ) as Record<string, string>;
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.body });
      const body = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' }).end(body);
    });
    closeProxy = proxy.close;
    s = await sandboxSession({}, { baseUrl: proxy.url });
    target = s.sandbox.url;
    const ids = await readyGroup();
    failing = ids[2] as string;
    const result = await ok('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    expect(result).toMatchObject({ submitted: 5, failed: 1 });
    expect(result.failures).toEqual([
      {
        porting_order_id: failing,
        error: 'HTTP 503 10007 Unexpected error: Try again later.',
        fix: expect.stringMatching(/may or may not have been submitted: call order_group_confirm again/),
      },
    ]);
    // A POST that may have reached the API is never sent twice.
    expect(proxy.requests.filter((r) => r.method === 'POST' && r.url.includes(failing))).toHaveLength(1);
    expect(s.sandbox.store.orders.get(failing)?.status).toBe('draft');
  });

  it('an update the API refuses names the field and the tool that fixes it', async () => {
    s = await sandboxSession();
    await createGroup(s.mcp.call, GROUP, READY);
    // A Sunday night: outside every allowed FOC window.
    const sunday = new Date(s.sandbox.clock.now() + 8 * 86400_000);
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
    sunday.setUTCHours(3, 0, 0, 0);
    const result: Json = await ok('order_group_update', {
      customer_group_reference: GROUP,
      activation_settings: { foc_datetime_requested: sunday.toISOString() },
    });
    expect(result).toMatchObject({ orders: 6, updated: 0, failed: 6 });
    expect(result.failures).toHaveLength(6);
    expect(result.failures[0].error).toMatch(
      /^HTTP 422 .*outside the allowed windows.*\(field activation_settings\.foc_datetime_requested\)$/,
    );
    expect(result.failures[0].fix).toMatch(
      /order_foc_windows_list, then order_group_update activation_settings/,
    );
  });
});
