import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exchange, startSandbox } from '../../src/sandbox/server.js';
import { generateSheet } from '../fixtures/spreadsheet.js';
import { connect, TEST_KEY, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { spawnServer } from '../support/stdio.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const isCheck = (e: Exchange) => e.operationId === 'PostPortabilityCheck';

/**
 * A call has a time budget. Time here is driven, never waited for: every portability request the
 * sandbox answers moves the job's clock by one second, and a call may work five.
 */
describe('portability_check_file is resumable', () => {
  let root: string;
  let files: string;
  let reference: string;
  let distinct: number;
  const sheet = generateSheet(3000, 3);

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-resume-'));
    files = path.join(root, 'in');
    mkdirSync(files);
    writeFileSync(path.join(files, 'numbers.csv'), sheet.csv);
    // The results of one uninterrupted call: every resumed run must end with exactly these bytes.
    const out = path.join(root, 'reference');
    mkdirSync(out);
    const s = await sandboxSession({}, { filesDir: [files], outputDir: out });
    const result = await s.mcp.call('portability_check_file', { path: 'numbers.csv' });
    expect((result.structuredContent as Json).status, textOf(result)).toBe('done');
    reference = readFileSync(path.join(out, 'numbers.results.csv'), 'utf8');
    distinct = (result.structuredContent as Json).numbers_checked;
    expect(s.exchanges.filter(isCheck).length).toBe(Math.ceil(distinct / 100));
    await s.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /**
   * A session whose job clock moves one second per portability request the sandbox answered. One
   * request at a time: the clock moves only as the one in flight is answered, so the call's time never
   * runs out while another is on its way (that one would be given up at the deadline, and sent again).
   */
  async function timedSession(config: Record<string, unknown>, deps: Record<string, unknown> = {}) {
    let exchanges: Exchange[] = [];
    const s = await sandboxSession(
      {},
      { filesDir: [files], jobTimeMs: 5000, jobConcurrency: 1, ...config },
      { deps: { elapsed: () => exchanges.filter(isCheck).length * 1000, ...deps } },
    );
    exchanges = s.exchanges;
    return s;
  }

  const status = (r: CallToolResult) => {
    expect(r.isError, textOf(r)).toBeFalsy();
    return r.structuredContent as Json;
  };

  it('stops when the time is up, says how far it got, and the same call checks only the rest', async () => {
    const out = path.join(root, 'timed');
    mkdirSync(out);
    const s = await timedSession({ outputDir: out });
    const first = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(first.status).toBe('continue');
    expect(first.next).toMatch(
      /call portability_check_file again with the same arguments to continue after row \d+/i,
    );
    const afterFirst = s.exchanges.filter(isCheck).length;
    expect(afterFirst).toBeGreaterThanOrEqual(5);
    expect(afterFirst).toBeLessThan(Math.ceil(distinct / 100));
    // The results so far are the first rows of the finished file: the checkpoint is a prefix.
    const partial = readFileSync(path.join(out, 'numbers.results.csv'), 'utf8');
    expect(reference.startsWith(partial)).toBe(true);
    expect(first.rows_done).toBe(partial.trim().split('\n').length - 1);

    let calls = 1;
    let last = first;
    while (last.status !== 'done') {
      last = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
      calls++;
      expect(calls).toBeLessThan(20);
    }
    expect(calls).toBeGreaterThan(2);
    // Nothing was checked twice over all the calls.
    expect(s.exchanges.filter(isCheck).length).toBe(Math.ceil(distinct / 100));
    expect(readFileSync(path.join(out, 'numbers.results.csv'), 'utf8')).toBe(reference);
    expect(last.rows_done).toBe(last.rows);
    expect(s.problems).toEqual([]);
    await s.close();
  });

  it('continues after a restart: a new server process picks up the results file', async () => {
    const out = path.join(root, 'restart');
    mkdirSync(out);
    const s = await timedSession({ outputDir: out });
    const first = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(first.status).toBe('continue');
    const before = s.exchanges.filter(isCheck).length;
    await s.mcp.close();
    // The process died mid-write: a torn last line is dropped, every whole row is kept.
    appendFileSync(path.join(out, 'numbers.results.csv'), `${first.rows_done + 2},'+1 303 555`);

    const server = spawnServer({
      TELNYX_API_KEY: TEST_KEY,
      TELNYX_BASE_URL: s.sandbox.url,
      TELNYX_PORTING_FILES_DIR: files,
      TELNYX_PORTING_OUTPUT_DIR: out,
    });
    await server.initialize();
    const line = await server.request('tools/call', {
      name: 'portability_check_file',
      arguments: { path: 'numbers.csv' },
    });
    const second = status((JSON.parse(line) as { result: CallToolResult }).result);
    expect(await server.stop()).toBe(0);
    expect(second.status).toBe('done');
    expect(second.checked_this_call + first.checked_this_call).toBe(distinct);
    expect(s.exchanges.filter(isCheck).length - before).toBe(second.requests_this_call);
    expect(s.exchanges.filter(isCheck).length).toBe(Math.ceil(distinct / 100));
    expect(readFileSync(path.join(out, 'numbers.results.csv'), 'utf8')).toBe(reference);
    await s.sandbox.close();
  });

  it('keeps the results in memory without an output folder: a resource, resumed the same way', async () => {
    const s = await timedSession({});
    const first = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(first.status).toBe('continue');
    expect(first.results_resource).toMatch(
      /^telnyx-porting:\/\/results\/[0-9a-f]{16}\/numbers\.results\.csv$/,
    );
    expect(first.results_kept).toMatch(/until it stops.*--output-dir/);
    let last = first;
    while (last.status !== 'done')
      last = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(s.exchanges.filter(isCheck).length).toBe(Math.ceil(distinct / 100));
    const listed = await s.mcp.client.listResources();
    const entry = listed.resources.find((r) => r.uri === first.results_resource);
    expect(entry?.mimeType).toBe('text/csv');
    const read = await s.mcp.client.readResource({ uri: first.results_resource });
    expect(read.contents[0]).toMatchObject({ mimeType: 'text/csv', text: reference });
    // order_create_from_file finds the results of this input in memory too.
    const ordered = status(
      await s.mcp.call('order_create_from_file', { path: 'numbers.csv', customer_group_reference: 'mem' }),
    );
    expect(ordered.numbers_ordered_this_call).toBe(last.portable);
    await s.close();
  });

  it('stops when the call runs out of API requests, and goes on in the next', async () => {
    const out = path.join(root, 'budget');
    mkdirSync(out);
    // All calls of this server share 6 requests (as the HTTP transport's per-request limit would).
    const s = await sandboxSession(
      {},
      { filesDir: [files], outputDir: out, jobConcurrency: 1 },
      { deps: { maxApiCalls: 6 } },
    );
    const first = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(first.status).toBe('continue');
    expect(s.exchanges.filter(isCheck).length).toBe(6);
    await s.mcp.close();
    const next = await connect({ baseUrl: s.sandbox.url, filesDir: [files], outputDir: out });
    const second = status(await next.call('portability_check_file', { path: 'numbers.csv' }));
    expect(second.status).toBe('done');
    expect(s.exchanges.filter(isCheck).length).toBe(Math.ceil(distinct / 100));
    expect(readFileSync(path.join(out, 'numbers.results.csv'), 'utf8')).toBe(reference);
    await next.close();
    await s.sandbox.close();
  });

  it('starts over when the input changed between calls, and says so', async () => {
    const out = path.join(root, 'changed');
    const dir = path.join(root, 'changed-in');
    mkdirSync(out);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'numbers.csv'), sheet.csv);
    const s = await timedSession({ outputDir: out, filesDir: [dir] });
    const first = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(first.status).toBe('continue');
    appendFileSync(path.join(dir, 'numbers.csv'), 'Late,+1 303 555 0142,US\n');
    const second = status(await s.mcp.call('portability_check_file', { path: 'numbers.csv' }));
    expect(second.started_over).toBe('the file changed since the last call');
    expect(second.rows).toBe(first.rows + 1);
    await s.close();
  });

  it('refuses clearly when the input changes while it is being checked', async () => {
    const dir = path.join(root, 'moving');
    const out = path.join(root, 'moving-out');
    mkdirSync(dir);
    mkdirSync(out);
    const file = path.join(dir, 'numbers.csv');
    writeFileSync(file, sheet.csv);
    let touched = false;
    const sandbox = await startSandbox({
      speed: 0,
      onExchange: (e) => {
        if (isCheck(e) && !touched) {
          touched = true;
          appendFileSync(file, 'Late,+1 303 555 0142,US\n');
        }
      },
    });
    const mcp = await connect({ baseUrl: sandbox.url, filesDir: [dir], outputDir: out });
    const result = await mcp.call('portability_check_file', { path: 'numbers.csv' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /numbers\.csv changed while it was being checked; call again to check it from the start/,
    );
    // The next call sees the new content and starts over.
    const again = await mcp.call('portability_check_file', { path: 'numbers.csv' });
    expect((again.structuredContent as Json).started_over).toBe('the file changed since the last call');
    expect((again.structuredContent as Json).status).toBe('done');
    await mcp.close();
    await sandbox.close();
  });
});
