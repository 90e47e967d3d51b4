import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/mcp/cursor.js';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { spawnServer } from '../support/stdio.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

let s: Awaited<ReturnType<typeof sandboxSession>>;
beforeAll(async () => {
  s = await sandboxSession({ seed: 300 });
});
afterAll(() => s?.close());

/** Another server process, as a client restarting its server would get: same settings, new codec. */
const another = (config: Record<string, unknown> = {}) =>
  connect({ baseUrl: s.sandbox.url, ...config }, { now: () => s.sandbox.clock.now() });

async function ok(
  mcp: { call: typeof s.mcp.call },
  name: string,
  args: Record<string, unknown>,
): Promise<Json> {
  const result = await mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

describe('stateless cursors', () => {
  it('a cursor from one server works in another started with the same settings, no secret needed', async () => {
    const first = await ok(s.mcp, 'order_list', { filter: { status: ['draft', 'ported'] }, page_size: 3 });
    const same = await ok(s.mcp, 'order_list', { cursor: first.next_cursor });
    const other = await another();
    try {
      expect(await ok(other, 'order_list', { cursor: first.next_cursor })).toEqual(same);
    } finally {
      await other.close();
    }
  });

  it('MCP_CURSOR_SECRET is honoured: the same secret continues, another secret refuses', async () => {
    const [a, b, c] = await Promise.all([
      another({ cursorSecret: 'one-secret-of-16+chars' }),
      another({ cursorSecret: 'one-secret-of-16+chars' }),
      another({ cursorSecret: 'another-secret-16+chars' }),
    ]);
    try {
      const first = await ok(a, 'porting_number_list', { page_size: 2 });
      expect((await ok(b, 'porting_number_list', { cursor: first.next_cursor })).data).toHaveLength(2);
      const refused = await c.call('porting_number_list', { cursor: first.next_cursor });
      expect(textOf(refused)).toMatch(/cursor: not a cursor for porting_number_list/);
      expect(textOf(await s.mcp.call('porting_number_list', { cursor: first.next_cursor }))).toMatch(
        /MCP_CURSOR_SECRET/,
      );
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('a long filter fits: 250 numbers in filter.phone_number, continued by cursor alone', async () => {
    const numbers: string[] = [];
    let listed = await ok(s.mcp, 'porting_number_list', { page_size: 250 });
    for (;;) {
      numbers.push(...listed.data.map((n: Json) => n.phone_number));
      if (numbers.length >= 250 || !listed.next_cursor) break;
      listed = await ok(s.mcp, 'porting_number_list', { cursor: listed.next_cursor });
    }
    numbers.splice(250);
    expect(numbers).toHaveLength(250);
    const first = await ok(s.mcp, 'porting_number_list', {
      filter: { phone_number: numbers },
      page_size: 100,
    });
    expect(first.next_cursor.length).toBeLessThan(4096);
    const seen = first.data.map((n: Json) => n.phone_number);
    let page = first;
    while (page.next_cursor) {
      page = await ok(s.mcp, 'porting_number_list', { cursor: page.next_cursor });
      seen.push(...page.data.map((n: Json) => n.phone_number));
    }
    expect(seen.sort()).toEqual([...numbers].sort());
  });

  it('a per-order list continues from the cursor alone, without porting_order_id', async () => {
    const order = (await ok(s.mcp, 'order_create', { phone_numbers: ['+13035550002'] })).data[0];
    const first = await ok(s.mcp, 'order_requirements_list', { porting_order_id: order.id, page_size: 1 });
    expect(first.next_cursor).toBeTruthy();
    const next = await ok(s.mcp, 'order_requirements_list', { cursor: first.next_cursor });
    expect(next.data).toHaveLength(1);
    expect(next.data[0]).not.toEqual(first.data[0]);
  });

  it("a forged cursor's arguments are validated like direct ones: it can do no more than a call", async () => {
    // Anyone can make a cursor without a secret (the key is public); what it carries is checked.
    const forge = (state: object) => new CursorCodec().encode(state);
    const before = s.exchanges.length;
    const cases = [
      [{ t: 'order_list', a: {}, p: 1, s: 1000, k: 0 }, /page_size: .*250/],
      [{ t: 'order_list', a: { filter: { status: ['gone'] } }, p: 1, s: 20, k: 0 }, /filter\.status/],
      [{ t: 'order_list', a: { confirm: true }, p: 1, s: 20, k: 0 }, /confirm: unknown property/],
      [{ t: 'order_list', a: {}, p: 1, s: 20, k: 20 }, /cursor: not a cursor/],
      [{ t: 'order_list', a: [], p: 1, s: 20, k: 0 }, /cursor: not a cursor/],
      [{ t: 'order_get', a: {}, p: 1, s: 20, k: 0 }, /cursor: not a cursor for order_list/],
    ] as const;
    for (const [state, pattern] of cases) {
      const result = await s.mcp.call('order_list', { cursor: forge(state) });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(pattern);
    }
    expect(s.exchanges.length).toBe(before);
  });

  it('over stdio: a cursor from one server process works in the next', async () => {
    const env = { TELNYX_API_KEY: 'KEY_test_0123456789abcdef', TELNYX_BASE_URL: s.sandbox.url };
    const call = async (server: ReturnType<typeof spawnServer>, args: object) =>
      JSON.parse(await server.request('tools/call', { name: 'order_list', arguments: args })).result;
    const one = spawnServer(env);
    await one.initialize();
    const first = await call(one, { page_size: 2 });
    await one.stop();
    const two = spawnServer(env);
    await two.initialize();
    const next = await call(two, { cursor: first.structuredContent.next_cursor });
    await two.stop();
    expect(next.isError).toBeFalsy();
    expect(next.structuredContent.meta.page_number).toBe(2);
    // MCP_CURSOR_SECRET is honoured over stdio too: a server with another secret refuses the cursor.
    const signed = spawnServer({ ...env, MCP_CURSOR_SECRET: 'stdio-secret-0123456789' });
    await signed.initialize();
    const mine = await call(signed, { page_size: 2 });
    const refusing = spawnServer({ ...env, MCP_CURSOR_SECRET: 'other-secret-0123456789' });
    await refusing.initialize();
    const refused = await call(refusing, { cursor: mine.structuredContent.next_cursor });
    const accepted = await call(signed, { cursor: mine.structuredContent.next_cursor });
    await Promise.all([signed.stop(), refusing.stop()]);
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(/cursor: not a cursor for order_list/);
    expect(accepted.isError).toBeFalsy();
  });
});
