import { afterEach, describe, expect, it } from 'vitest';
import { sandboxDeps } from '../../src/mcp/sandbox-clock.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { connect, textOf } from '../support/mcp.js';
import { DEFAULT_TOOLS } from '../support/served.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

/** The server as --sandbox builds it: a held sandbox clock, the clock tool, the sandbox's now. */
async function sandboxMode() {
  const sandbox = await startSandbox({ speed: 0 });
  const mcp = await connect({ baseUrl: sandbox.url, sandbox: true }, { deps: sandboxDeps(sandbox) });
  cleanup.push(
    () => mcp.close(),
    () => sandbox.close(),
  );
  const ok = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = await mcp.call(name, args);
    expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
    return result.structuredContent;
  };
  return { sandbox, mcp, ok };
}

describe('sandbox_clock_advance', () => {
  it('is listed in sandbox mode, and the instructions say time is held', async () => {
    const { mcp } = await sandboxMode();
    const names = (await mcp.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('sandbox_clock_advance');
    expect(names).toHaveLength(DEFAULT_TOOLS + 1);
    expect(mcp.client.getInstructions()).toMatch(/stands still until you call sandbox_clock_advance/);
  });

  it('holds time between calls and moves it only when asked, step by step through the lifecycle', async () => {
    const { sandbox, mcp, ok } = await sandboxMode();
    const start = sandbox.clock.now();
    const [order] = (await ok('order_create', { phone_numbers: ['+13035550103'] })).data;
    const windows = (await ok('order_foc_windows_list', { porting_order_id: order.id })).data;
    await ok('order_update', {
      porting_order_id: order.id,
      end_user: usEndUser('+13035550103'),
      documents: await uploadDocuments(mcp.call),
      activation_settings: { foc_datetime_requested: windows[0].started_at },
    });
    await ok('order_confirm', { porting_order_id: order.id, confirm: true });
    expect(sandbox.clock.now()).toBe(start);

    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const tick = await ok('sandbox_clock_advance', { to_next_change: true });
      if (!tick.changed.length) break;
      expect(tick.changed).toEqual([{ porting_order_id: order.id, status: expect.any(String) }]);
      seen.push(tick.changed[0].status);
      expect(Date.parse(tick.now)).toBe(sandbox.clock.now());
    }
    expect(seen).toEqual(['submitted', 'foc-date-confirmed', 'ported']);
    const done = await ok('sandbox_clock_advance', { to_next_change: true });
    expect(done).toMatchObject({ advanced_hours: 0, changed: [], note: 'Nothing else is scheduled.' });
    expect((await ok('order_get', { porting_order_id: order.id })).data.status.value).toBe('ported');
  });

  it('moves by hours, and refuses arguments it does not understand before changing anything', async () => {
    const { sandbox, mcp, ok } = await sandboxMode();
    const start = sandbox.clock.now();
    const moved = await ok('sandbox_clock_advance', { hours: 1.5 });
    expect(moved.advanced_hours).toBe(1.5);
    expect(sandbox.clock.now()).toBe(start + 90 * 60_000);
    for (const args of [{}, { hours: 2, to_next_change: true }, { hours: -1 }, { hours: 1, days: 2 }]) {
      const result = await mcp.call('sandbox_clock_advance', args);
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toMatch(/^Invalid arguments for sandbox_clock_advance/);
    }
    expect(sandbox.clock.now()).toBe(start + 90 * 60_000);
  });

  it('does not exist outside sandbox mode', async () => {
    const mcp = await connect({ baseUrl: 'http://127.0.0.1:9/v2' });
    cleanup.push(() => mcp.close());
    const names = (await mcp.client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('sandbox_clock_advance');
    await expect(mcp.call('sandbox_clock_advance', { hours: 1 })).rejects.toThrow(/Unknown tool/);
  });
});
