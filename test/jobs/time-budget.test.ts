import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type Loopback, startLoopback, telnyxError } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const isCheck = (req: { method: string; url: string }) =>
  req.method === 'POST' && req.url === '/portability_checks';
const numbersOf = (body: string | undefined) => JSON.parse(body ?? '{}').phone_numbers as string[];
const answer = (numbers: string[]) => ({
  data: numbers.map((n) => ({
    phone_number: n,
    portable: true,
    fast_portable: false,
    not_portable_reason: '',
  })),
});

/**
 * A call's time budget holds for every request, resend and wait of a file check. Time is driven:
 * the job's clock (ServerDeps.elapsed) moves only when the test moves it, and its waits
 * (ServerDeps.sleep) move that clock instead of waiting.
 */
describe('portability_check_file keeps to the time of its call', () => {
  let root: string;
  let files: string;
  const numbers = Array.from({ length: 1000 }, (_, i) => `+1720555${String(1000 + i)}`);
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-budget-'));
    files = path.join(root, 'in');
    mkdirSync(files);
    writeFileSync(path.join(files, 'three.csv'), `Phone\n${numbers.slice(0, 300).join('\n')}\n`);
    writeFileSync(path.join(files, 'many.csv'), `Phone\n${numbers.join('\n')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** An upstream that never answers a check; each check it receives moves the job's clock by 700 ms. */
  async function silent() {
    const clock = { now: 0, arrivals: [] as number[] };
    const api = await startLoopback((req) => {
      if (!isCheck(req)) return;
      clock.arrivals.push(clock.now);
      clock.now += 700;
    });
    return { api, clock };
  }

  const status = (r: CallToolResult) => {
    expect(r.isError, textOf(r)).toBeFalsy();
    return r.structuredContent as Json;
  };

  it('sends nothing again after the time is up: a timed-out check is not resent past the budget', async () => {
    const { api, clock } = await silent();
    const mcp = await connect(
      { baseUrl: api.url, filesDir: [files], jobTimeMs: 1000, timeoutMs: 1000, jobConcurrency: 2 },
      {
        deps: {
          elapsed: () => clock.now,
          sleep: async (ms: number) => {
            clock.now += ms;
          },
        },
      },
    );
    const a = status(await mcp.call('portability_check_file', { path: 'three.csv' }));
    expect(a.status).toBe('continue');
    expect(a.rows_done).toBe(0);
    expect(a.next).toMatch(/continue after row 0/);
    // Every check went out while the call had time; none was resent (or waited for) after.
    expect(clock.arrivals.length).toBeGreaterThan(0);
    expect(clock.arrivals.every((t) => t < 1000)).toBe(true);
    expect(clock.now).toBeLessThanOrEqual(1000 + 700 * 2);
    await mcp.close();
    await api.close();
  }, 20_000);

  it('gives up a request still in flight at the end of the call (the client would wait 60 s)', async () => {
    const { api, clock } = await silent();
    const mcp = await connect(
      { baseUrl: api.url, filesDir: [files], jobTimeMs: 1000, timeoutMs: 60_000, jobConcurrency: 2 },
      { deps: { elapsed: () => clock.now, sleep: async () => {} } },
    );
    const a = status(await mcp.call('portability_check_file', { path: 'three.csv' }));
    expect(a.status).toBe('continue');
    expect(a.rows_done).toBe(0);
    expect(clock.arrivals.every((t) => t < 1000)).toBe(true);
    await mcp.close();
    await api.close();
  }, 20_000);

  /** The first check gets a 429 asking for 10 s; every other is answered. */
  async function limited() {
    let first = true;
    const answered: string[] = [];
    const api: Loopback = await startLoopback((req, res) => {
      if (!isCheck(req)) return json(res, 404, {});
      if (first) {
        first = false;
        return telnyxError(res, 429, [{ code: '10011', title: 'Too many requests' }], {
          'retry-after': '10',
        });
      }
      answered.push(...numbersOf(req.body));
      return json(res, 201, answer(numbersOf(req.body)));
    });
    return { api, answered };
  }

  for (const where of ['output folder', 'memory'] as const) {
    it(`leaves a Retry-After longer than the time left to the next call, and keeps what was checked meanwhile (${where})`, async () => {
      const { api, answered } = await limited();
      const out = path.join(root, `out-${where.replace(' ', '-')}`);
      mkdirSync(out);
      let now = 0;
      const mcp = await connect(
        {
          baseUrl: api.url,
          filesDir: [files],
          ...(where === 'memory' ? {} : { outputDir: out }),
          jobTimeMs: 4000,
          jobConcurrency: 4,
          // The client does not wait out the 429 itself: the job decides.
          maxRetryAfterMs: 0,
        },
        {
          deps: {
            elapsed: () => now,
            sleep: async (ms: number) => {
              now += ms;
            },
          },
        },
      );
      const first = status(await mcp.call('portability_check_file', { path: 'many.csv' }));
      expect(first.status).toBe('continue');
      expect(first.next).toMatch(/rate limiting \(asked to wait 10 s\)/);
      expect(first.rate_limited_this_call).toBe(1);
      // Nothing waited: the 10 s were more than the call had.
      expect(now).toBe(0);
      const checkedFirst = answered.length;
      expect(checkedFirst).toBeGreaterThan(0);

      const second = status(await mcp.call('portability_check_file', { path: 'many.csv' }));
      expect(second.status).toBe('done');
      expect(second.rows_done).toBe(1000);
      expect(second.checked_this_call).toBe(1000 - checkedFirst);
      // Every number was answered once over both calls: what the first call checked was not asked again.
      expect(answered).toHaveLength(1000);
      expect(new Set(answered).size).toBe(1000);
      if (where === 'output folder') {
        const rows = readFileSync(path.join(out, 'many.results.csv'), 'utf8').trim().split('\n');
        expect(rows).toHaveLength(1001);
        expect(rows.slice(1).every((r) => r.includes(',true,false,'))).toBe(true);
      }
      await mcp.close();
      await api.close();
    });
  }
});
