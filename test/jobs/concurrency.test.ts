import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const CONCURRENCY = 3;
const ROWS = 1200;

/**
 * A file check keeps at most jobConcurrency checks in flight, and says how far it got in progress
 * notifications. The upstream holds each check until CONCURRENCY of them are open (then a moment
 * more, so one sent beyond the limit would be seen), or half a second for the last, smaller round.
 */
describe('portability_check_file in flight and in progress', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-concurrency-'));
    mkdirSync(path.join(root, 'in'));
    const numbers = Array.from({ length: ROWS }, (_, i) => `+1720555${String(1000 + i)}`);
    writeFileSync(path.join(root, 'in', 'numbers.csv'), `Phone\n${numbers.join('\n')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`keeps at most ${CONCURRENCY} checks in flight, and reports progress after each chunk written`, async () => {
    let open = 0;
    let most = 0;
    let checks = 0;
    const held: Array<() => void> = [];
    const api = await startLoopback(async (req, res) => {
      if (req.method !== 'POST' || req.url !== '/portability_checks') return json(res, 404, {});
      checks++;
      open++;
      most = Math.max(most, open);
      await new Promise<void>((resolve) => {
        held.push(resolve);
        if (held.length >= CONCURRENCY) {
          const round = held.splice(0);
          setTimeout(() => {
            for (const release of round) release();
          }, 20);
        } else setTimeout(resolve, 500);
      });
      open--;
      const numbers = JSON.parse(req.body ?? '{}').phone_numbers as string[];
      json(res, 201, {
        data: numbers.map((n) => ({
          phone_number: n,
          portable: true,
          fast_portable: false,
          not_portable_reason: '',
        })),
      });
    });
    const mcp = await connect({
      baseUrl: api.url,
      filesDir: [path.join(root, 'in')],
      jobConcurrency: CONCURRENCY,
    });
    const progress: Progress[] = [];
    const result = (await mcp.client.callTool(
      { name: 'portability_check_file', arguments: { path: 'numbers.csv' } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    )) as CallToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect((result.structuredContent as Json).status).toBe('done');
    expect(checks).toBe(ROWS / 100);
    // The limit was reached and never passed.
    expect(most).toBe(CONCURRENCY);

    // One notification per chunk of 100 written, counting rows up to all of them.
    expect(progress.map((p) => p.progress)).toEqual(
      Array.from({ length: ROWS / 100 }, (_, i) => (i + 1) * 100),
    );
    expect(progress.every((p) => p.total === ROWS)).toBe(true);
    expect(progress.at(-1)?.message).toBe(`${ROWS} of ${ROWS} rows`);
    await mcp.close();
    await api.close();
  });
});
