import { describe, expect, it } from 'vitest';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { DEFAULT_TOOLS } from '../support/served.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

/**
 * A storm of 429s (with Retry-After), 503s and dropped connections from the sandbox while orders are
 * created: every call ends in a success or a clear error, and no order is ever created twice.
 */
describe('fault storm', () => {
  it('creates every order at most once, and every call gets an answer', async () => {
    const s = await sandboxSession(
      {
        faults: { rate429: 0.25, retryAfterSeconds: 0, rate5xx: 0.2, rateDrop: 0.1, latencyMs: 2, seed: 11 },
      },
      { retryBaseMs: 1 },
    );
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const phone = `+1303555${String(3000 + i * 10)}`; // ends in 0: portable
          const result = await s.mcp.call('order_create', {
            phone_numbers: [phone],
            customer_reference: `storm-${i}`,
          });
          return { phone, result };
        }),
      );
      const succeeded = outcomes.filter((o) => !o.result.isError);
      const failed = outcomes.filter((o) => o.result.isError);
      for (const { result } of failed) expect(textOf(result)).toMatch(/HTTP 429|HTTP 503|\(connection\)/);
      expect(
        s.sandbox.faults.rate_limited + s.sandbox.faults.server_error + s.sandbox.faults.dropped,
      ).toBeGreaterThan(10);
      expect(succeeded.length).toBeGreaterThan(0);
      expect(failed.length).toBeGreaterThan(0);

      // Count afterwards, straight from the sandbox: one order per successful call, none for the rest.
      const orders = [...s.sandbox.store.orders.values()];
      const perPhone = new Map<string, number>();
      for (const n of s.sandbox.store.numbers.values())
        perPhone.set(n.phone_number, (perPhone.get(n.phone_number) ?? 0) + 1);
      expect([...perPhone.values()].every((count) => count === 1)).toBe(true);
      expect(orders).toHaveLength(succeeded.length);
      expect(new Set(succeeded.map((o) => o.phone))).toEqual(new Set(perPhone.keys()));
      const created = succeeded.map((o) => (o.result.structuredContent as Json).data[0].id);
      expect(new Set(created).size).toBe(created.length);
    } finally {
      await s.close();
    }
  });

  it('reads ride out the storm with retries; the server keeps answering', async () => {
    const s = await sandboxSession(
      { faults: { rate429: 0.3, retryAfterSeconds: 0, rate5xx: 0.3, seed: 5 } },
      { retryBaseMs: 1 },
    );
    try {
      const results = await Promise.all(Array.from({ length: 40 }, () => s.mcp.call('order_list', {})));
      const ok = results.filter((r) => !r.isError).length;
      for (const r of results.filter((x) => x.isError)) expect(textOf(r)).toMatch(/Retried 2 times/);
      expect(ok).toBeGreaterThan(results.length / 2); // 3 tries each: most get through
      expect((await s.mcp.client.listTools()).tools).toHaveLength(DEFAULT_TOOLS);
    } finally {
      await s.close();
    }
  });
});
