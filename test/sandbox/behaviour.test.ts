import { afterEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/sandbox/clock.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

const END_USER = usEndUser('+13035550009', 'WRONG');

let session: Awaited<ReturnType<typeof sandboxSession>> | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The example LOA and invoice, uploaded to the current session's sandbox. */
const docs = () =>
  uploadDocuments((name, args) => (session as NonNullable<typeof session>).mcp.call(name, args));

async function ok(name: string, args: Record<string, unknown> = {}): Promise<Json> {
  const result = await session?.mcp.call(name, args);
  expect(result?.isError, `${name}: ${result && textOf(result)}`).toBeFalsy();
  return result?.structuredContent;
}

describe('sandbox behaviour', () => {
  it('a number ending in 9: the carrier rejects once; fix and resubmit, then it ports', async () => {
    session = await sandboxSession();
    const { data } = await ok('order_create', { phone_numbers: ['+13035550009'] });
    const id = data[0].id;
    await ok('order_update', { porting_order_id: id, end_user: END_USER, documents: await docs() });
    await ok('order_confirm', { porting_order_id: id, confirm: true });
    session.sandbox.clock.skip(11 * MINUTE + 2 * HOUR);
    const rejected = await ok('order_get', { porting_order_id: id });
    expect(rejected.data.status).toEqual({
      value: 'exception',
      details: [expect.objectContaining({ code: 'ACCOUNT_NUMBER_MISMATCH' })],
    });
    await ok('order_update', { porting_order_id: id, end_user: { admin: { account_number: 'ACCT-REAL' } } });
    expect((await ok('order_confirm', { porting_order_id: id, confirm: true })).data.status.value).toBe(
      'in-process',
    );
    session.sandbox.clock.skip(11 * MINUTE + 2 * HOUR);
    expect((await ok('order_get', { porting_order_id: id })).data.status.value).toBe('foc-date-confirmed');
    session.sandbox.clock.skip(8 * DAY);
    expect((await ok('order_get', { porting_order_id: id })).data.status.value).toBe('ported');
    const history = await ok('event_list', { filter: { porting_order_id: id } });
    expect(history.data.map((e: Json) => e.payload?.status?.value).filter(Boolean)).toEqual([
      'ported',
      'foc-date-confirmed',
      'submitted',
      'in-process',
      'exception',
      'submitted',
      'in-process',
    ]);
  });

  it('checks requests the way the API would: 401, 404 and 422 in Telnyx envelopes', async () => {
    const sandbox = await startSandbox();
    try {
      const headers = { accept: 'application/json', 'content-type': 'application/json' };
      const noAuth = await fetch(`${sandbox.url}/porting_orders`, { headers });
      expect(noAuth.status).toBe(401);
      expect(((await noAuth.json()) as Json).errors[0].code).toBe('10009');
      const auth = { ...headers, authorization: 'Bearer anything' };
      const missing = await fetch(`${sandbox.url}/porting_orders/3fa85f64-5717-4562-b3fc-2c963f66afa6`, {
        headers: auth,
      });
      expect(missing.status).toBe(404);
      const bad = await fetch(`${sandbox.url}/porting_orders?page[size]=500&filter[misc][type]=half`, {
        headers: auth,
      });
      expect(bad.status).toBe(422);
      const errors = ((await bad.json()) as Json).errors;
      expect(errors.map((e: Json) => e.source.parameter).sort()).toEqual([
        'filter[misc][type]',
        'page[size]',
      ]);
      const body = await fetch(`${sandbox.url}/porting/loa_configurations`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'x' }),
      });
      expect(body.status).toBe(422);
      expect(((await body.json()) as Json).errors[0].source.pointer).toBe('/');
    } finally {
      await sandbox.close();
    }
  });

  it('seeded: every status, paged with filters and sort, no gaps or duplicates', async () => {
    session = await sandboxSession({ seed: 600 });
    const statuses = new Set([...session.sandbox.store.orders.values()].map((o) => o.status));
    expect(statuses.size).toBe(8);
    // 250 numbers exceed the size budget, so pages come trimmed; the cursors still reach every item once.
    let result = await ok('porting_number_list', { page_size: 250 });
    expect(result.meta.total_results).toBe(600);
    expect(result.truncated).toMatch(/pass next_cursor as cursor/);
    const seen: string[] = result.data.map((n: Json) => n.id);
    while (result.next_cursor) {
      result = await ok('porting_number_list', { cursor: result.next_cursor });
      seen.push(...result.data.map((n: Json) => n.id));
    }
    expect(seen).toHaveLength(600);
    expect(new Set(seen).size).toBe(600);
    const exceptions = await ok('order_list', {
      filter: { status: ['exception'] },
      page_size: 5,
      sort: 'created_at',
    });
    const all: Json[] = [];
    for (let page = 1; page <= exceptions.meta.total_pages; page++) {
      const { data } = await ok('order_list', {
        filter: { status: ['exception'] },
        page_size: 5,
        sort: 'created_at',
        page_number: page,
      });
      all.push(...data);
    }
    expect(all.every((o) => o.status.value === 'exception')).toBe(true);
    const created = all.map((o) => Date.parse(o.created_at));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(all).toHaveLength(exceptions.meta.total_results);
    expect(session.problems).toEqual([]);
  });

  it('fault injection is visible through the client: a 429 is retried, a 5xx on POST is not', async () => {
    session = await sandboxSession(
      { faults: { rate429: 0.4, retryAfterSeconds: 0, seed: 3 } },
      { retryBaseMs: 1 },
    );
    let succeeded = 0;
    for (let i = 0; i < 15; i++) {
      const result = await session.mcp.call('order_list', {});
      if (!result.isError) succeeded++;
      else expect(textOf(result)).toMatch(/HTTP 429/);
    }
    expect(session.sandbox.faults.rate_limited).toBeGreaterThan(0);
    expect(succeeded).toBeGreaterThan(15 - session.sandbox.faults.rate_limited); // some 429s were retried away
    await session.close();

    session = await sandboxSession({ faults: { rate5xx: 1 } }, { retryBaseMs: 1 });
    const post = await session.mcp.call('order_create', { phone_numbers: ['+13035550003'] });
    expect(textOf(post)).toMatch(/HTTP 503/);
    expect(session.sandbox.faults.server_error).toBe(1); // sent once, never retried
    expect(session.sandbox.store.orders.size).toBe(0);
    await session.mcp.call('order_list', {});
    expect(session.sandbox.faults.server_error).toBe(4); // a GET: first try and 2 retries
  });

  it('dropped connections and added latency', async () => {
    session = await sandboxSession({ faults: { rateDrop: 1 } }, { retryBaseMs: 1 });
    const dropped = await session.mcp.call('order_list', {});
    expect(textOf(dropped)).toMatch(/\(connection\)/);
    expect(session.sandbox.faults.dropped).toBe(3);
    await session.close();

    // The latency is applied to the request (counted by the sandbox), not timed by the test.
    session = await sandboxSession({ faults: { latencyMs: 150 } });
    expect((await session.mcp.call('order_list', {})).isError).toBeFalsy();
    expect(session.sandbox.faults.delayed).toBe(1);
  });
});
