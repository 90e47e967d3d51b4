import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { raw } from './raw.js';

/** A time source the test moves; nothing waits. */
function fakeTime(start = 10_000) {
  let t = start;
  return {
    now: () => t,
    move: (ms: number) => {
      t += ms;
    },
  };
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const list = () => raw((sandbox as Sandbox).url, 'GET', '/porting_orders');

describe('sandbox rate limit (spec/NOTES.md §7)', () => {
  it('admits the limit per second with x-ratelimit headers, then answers 429 10011 with Retry-After', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ speed: 0, rateLimit: 3, monotonic: time.now });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ok = await list();
      expect(ok.status).toBe(200);
      expect(ok.headers['x-ratelimit-limit']).toBe('3');
      expect(ok.headers['x-ratelimit-reset']).toBe('1');
      remaining.push(String(ok.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await list();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.json.errors).toEqual([
      expect.objectContaining({
        code: '10011',
        title: 'Too many requests',
        detail: 'You have exceeded the maximum number of allowed requests.',
        meta: expect.objectContaining({ retryable: true }),
      }),
    ]);
    // A refused write creates nothing.
    const refused = await raw(sandbox.url, 'POST', '/porting_orders', {
      body: { phone_numbers: ['+13035550100'] },
    });
    expect(refused.status).toBe(429);
    expect(sandbox.store.orders.size).toBe(0);
    expect(sandbox.faults.over_rate_limit).toBe(2);

    time.move(999);
    expect((await list()).status).toBe(429);
    time.move(1);
    const next = await list();
    expect(next.status).toBe(200);
    expect(next.headers['x-ratelimit-remaining']).toBe('2');
    expect(sandbox.faults.over_rate_limit).toBe(3);
  });

  it('below one request per second, Retry-After counts the whole seconds until one is admitted', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ speed: 0, rateLimit: 0.2, monotonic: time.now });
    expect((await list()).status).toBe(200);
    expect((await list()).headers['retry-after']).toBe('5');
    time.move(2_500);
    const later = await list();
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('3'); // 2.5 s, rounded up
    time.move(2_500);
    expect((await list()).status).toBe(200);
  });

  it('off by default: no limit and no rate-limit headers', async () => {
    sandbox = await startSandbox({ speed: 0 });
    for (let i = 0; i < 20; i++) expect((await list()).status).toBe(200);
    expect((await list()).headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('a tool call over the limit is an isError result naming the rate limit (no retry configured)', async () => {
    const time = fakeTime();
    const s = await sandboxSession({ rateLimit: 1, monotonic: time.now }, { maxRetries: 0 });
    try {
      expect((await s.mcp.call('order_list', {})).isError).toBeFalsy();
      const limited = await s.mcp.call('order_list', {});
      expect(limited.isError).toBe(true);
      expect(textOf(limited)).toMatch(/429[\s\S]*10011/);
      expect(s.sandbox.faults.over_rate_limit).toBe(1);
      time.move(1_000);
      expect((await s.mcp.call('order_list', {})).isError).toBeFalsy();
      expect(s.problems).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('is a setting: --sandbox-rate-limit or TELNYX_SANDBOX_RATE_LIMIT, a number >= 0, default 0', () => {
    expect(loadConfig([], {}).config.sandboxRateLimit).toBe(0);
    expect(loadConfig(['--sandbox-rate-limit', '20'], {}).config.sandboxRateLimit).toBe(20);
    expect(loadConfig([], { TELNYX_SANDBOX_RATE_LIMIT: '2.5' }).config.sandboxRateLimit).toBe(2.5);
    expect(() => loadConfig(['--sandbox-rate-limit', '-1'], {})).toThrow(/--sandbox-rate-limit/);
  });
});
