import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/jobs/csv-out.js';
import { RESULT_HEADER } from '../../src/jobs/results-file.js';
import { ResultsStore } from '../../src/jobs/results-store.js';
import { MAX_ANSWER_BYTES } from '../../src/mcp/answer-size.js';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

/** 100,000 result rows as the check writes them, with the cells that make CSV hard: quotes, commas, line ends, non-ASCII. */
function bigResults(rows: number): Buffer {
  const records: string[][] = [[...RESULT_HEADER]];
  for (let i = 1; i <= rows; i++) {
    const e164 = `+1303${String(5_000_000 + i).padStart(7, '0')}`;
    const odd = i % 997 === 0;
    records.push([
      String(i + 1),
      odd ? `"${e164}",\nsee "notes" – Zürich` : e164,
      e164,
      'US',
      'local',
      String(i % 3 !== 0),
      String(i % 5 === 0),
      i % 3 === 0 ? 'Carrier rejected, "no coverage" (code 7)' : '',
      '',
      i % 11 === 0 ? String(i - 1) : '',
    ]);
  }
  return Buffer.from(stringify(records, { record_delimiter: 'unix' }), 'utf8');
}

const partOf = (read: ReadResourceResult, at: number) =>
  read.contents[at] as { uri: string; text: string; mimeType?: string };

describe('a large results resource is read in parts that each fit one read', () => {
  it('serves 100,000 rows in parts under 1 MiB, each a CSV with the header, that add up to the whole', async () => {
    const store = new ResultsStore();
    const bytes = bigResults(100_000);
    expect(bytes.length).toBeGreaterThan(6 * 1024 * 1024);
    const stored = store.put({ name: 'big.results.csv', title: 'big', mimeType: 'text/csv', bytes });
    const s = await sandboxSession({}, {}, { deps: { results: store } });
    const mcp = s.mcp;

    const listed = (await mcp.client.listResources()).resources.find((r) => r.uri === stored?.uri);
    expect(listed?.description).toMatch(/read telnyx-porting:\/\/results\/.*\?part=2/);

    const whole = parse(bytes) as string[][];
    const rows: string[][] = [];
    let uri: string | undefined = stored?.uri;
    let reads = 0;
    while (uri) {
      const read = await mcp.client.readResource({ uri });
      reads++;
      // The whole JSON-RPC result, as it travels: under the 1 MiB a read may weigh.
      expect(Buffer.byteLength(JSON.stringify(read))).toBeLessThan(MAX_ANSWER_BYTES);
      const csv = partOf(read, 0);
      expect(csv.mimeType).toBe('text/csv');
      const [header, ...data] = parse(csv.text) as string[][];
      expect(header).toEqual([...RESULT_HEADER]);
      expect(data.length).toBeGreaterThan(0);
      rows.push(...data);
      const note = partOf(read, 1);
      expect(note.mimeType).toBe('text/plain');
      uri = /read (\S+) next/.exec(note.text)?.[1];
      if (!uri) expect(note.text).toMatch(/^Part (\d+) of \1 of .*: the last\.$/);
      expect(reads).toBeLessThan(30);
    }
    expect(reads).toBeGreaterThanOrEqual(Math.ceil(bytes.length / MAX_ANSWER_BYTES));
    expect(rows).toEqual(whole.slice(1));

    // A part past the last is refused, naming how many there are.
    await expect(mcp.client.readResource({ uri: `${stored?.uri}?part=${reads + 1}` })).rejects.toThrow(
      new RegExp(`has ${reads} parts`),
    );
    await s.close();
  });

  it('a small results resource is one read, without a note', async () => {
    const store = new ResultsStore();
    const bytes = bigResults(50);
    const stored = store.put({ name: 'small.results.csv', title: 'small', mimeType: 'text/csv', bytes });
    const mcp = await connect({}, { deps: { results: store } });
    const read = await mcp.client.readResource({ uri: stored?.uri as string });
    expect(read.contents).toHaveLength(1);
    expect(partOf(read, 0).text).toBe(bytes.toString('utf8'));
    await mcp.close();
  });

  it('an export kept in memory says its parts and how to read the next', async () => {
    const results = new ResultsStore();
    const rows = (function* () {
      for (let i = 0; i < 30_000; i++)
        yield [`+1303${String(5_000_000 + i)}`, 'order-with-a-long-id', 'draft'];
    })();
    const location = (await writeCsv(
      { settings: { filesDirs: [], concurrency: 1, timeMs: 1000 }, results },
      'group.export.csv',
      ['phone_number', 'order', 'status'],
      rows,
    )) as Json;
    expect(location.parts).toBeGreaterThan(1);
    expect(location.read_parts).toContain(`${location.uri}?part=2`);
  });
});

describe('portability_check_file names the parts of large results kept in memory', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-parts-'));
    mkdirSync(path.join(root, 'in'));
    // 20,000 rows of 100 numbers written in a long form: 1 MB of results from one request.
    const lines = ['Phone'];
    for (let i = 0; i < 20_000; i++) lines.push(`"+1 (303) 555-${String(100 + (i % 100)).padStart(4, '0')}"`);
    writeFileSync(path.join(root, 'in', 'long.csv'), `${lines.join('\n')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('says how many parts and how to read the next', async () => {
    const s = await sandboxSession({}, { filesDir: [path.join(root, 'in')] });
    const result = await s.mcp.call('portability_check_file', { path: 'long.csv' });
    const a = result.structuredContent as Json;
    expect(a.status, textOf(result)).toBe('done');
    expect(a.results_parts).toBeGreaterThan(1);
    expect(a.read_parts).toContain(`${a.results_resource}?part=2`);
    const second = await s.mcp.client.readResource({ uri: `${a.results_resource}?part=2` });
    expect(partOf(second, 0).text.startsWith(`${RESULT_HEADER.join(',')}\n`)).toBe(true);
    await s.close();
  });
});
