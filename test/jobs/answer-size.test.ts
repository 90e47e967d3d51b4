import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_GROUP_NAME } from '../../src/jobs/group-orders.js';
import { Tally } from '../../src/jobs/summary.js';
import { MAX_JOB_ANSWER } from '../../src/jobs/workflow.js';
import { type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

/**
 * The answer stays within MAX_JOB_ANSWER characters whatever comes back: an API that gives every
 * number its own long reason, carrier and number type, rows whose cells are all different and long,
 * and a deep folder path.
 */
describe('the answer has a constant size, even for pathological input', () => {
  let root: string;
  let files: string;
  let api: Loopback;
  let portable = false;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-size-'));
    files = path.join(
      root,
      ...Array.from({ length: 12 }, (_, i) => `folder-with-a-long-name-${i}-${'z'.repeat(20)}`),
    );
    mkdirSync(files, { recursive: true });
    api = await startLoopback((req, res) => {
      const body = req.body ? JSON.parse(req.body) : {};
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.method === 'POST' && req.url === '/portability_checks') {
        return send(201, {
          data: (body.phone_numbers as string[]).map((n) => ({
            phone_number: n,
            portable,
            fast_portable: false,
            not_portable_reason: portable ? '' : `Reason for ${n}: ${'x'.repeat(500)}`,
            record_type: 'portability_check_result',
          })),
        });
      }
      if (req.method === 'POST' && req.url === '/porting_orders') {
        return send(201, {
          data: (body.phone_numbers as string[]).map((n) => ({
            id: randomUUID(),
            record_type: 'porting_order',
            old_service_provider_ocn: `Carrier of ${n} ${'y'.repeat(300)}`,
            phone_number_type: `type-${n}-${'t'.repeat(100)}`,
            porting_phone_numbers_count: 1,
          })),
        });
      }
      return send(200, { data: [], meta: { page_number: 1, total_pages: 0 } });
    });
  });
  afterAll(async () => {
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('2,000 distinct reasons, 500 long unreadable cells, a deep path: under the limit', async () => {
    const rows = [
      'Phone,Note',
      ...Array.from({ length: 2000 }, (_, i) => `+1303${String(5_550_000 + i)},${'n'.repeat(200)}`),
      ...Array.from({ length: 500 }, (_, i) => `not a number ${i} ${'q'.repeat(40)},x`),
    ];
    writeFileSync(path.join(files, 'odd.csv'), `${rows.join('\n')}\n`);
    const mcp = await connect({ baseUrl: api.url, filesDir: [files] });
    const result = await mcp.call('portability_check_file', { path: path.join(files, 'odd.csv') });
    expect(result.isError, textOf(result)).toBeFalsy();
    const a = result.structuredContent as Json;
    expect(a.status).toBe('done');
    expect(textOf(result).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(JSON.stringify(a).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(a.not_portable).toBe(2000);
    expect(a.invalid_rows.count).toBe(500);
    // Cut down, not dropped: the largest groups and the rest as one count.
    expect(Object.keys(a.not_portable_reasons).length).toBeLessThanOrEqual(11);
    expect(a.not_portable_reasons['(other)']).toBeGreaterThan(1900);

    portable = true;
    const again = await mcp.call('portability_check_file', {
      path: path.join(files, 'odd.csv'),
      column: '1',
      country: 'US',
    });
    expect((again.structuredContent as Json).portable).toBe(2000);
    const ordered = await mcp.call('order_create_from_file', {
      path: path.join(files, 'odd.csv'),
      // The longest group name allowed (MAX_GROUP_NAME).
      customer_group_reference: `group ${'g'.repeat(MAX_GROUP_NAME - 6)}`,
    });
    expect(ordered.isError, textOf(ordered)).toBeFalsy();
    const o = ordered.structuredContent as Json;
    expect(o.orders_created_this_call).toBe(2000);
    expect(textOf(ordered).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(Object.keys(o.orders.by_carrier).length).toBeLessThanOrEqual(11);
    await mcp.close();
  });
});

describe('the summary cuts itself down to fit, step by step', () => {
  it('keeps every count and drops examples and small groups first', () => {
    const tally = new Tally();
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let row = 2; row < 6000; row++) {
      const e164 = `+1303${String(5_000_000 + row)}`;
      const country = `${letters[row % 26]}${letters[Math.floor(row / 26) % 26]}`;
      const kind = row % 5;
      tally.add({
        row,
        number: `cell ${row}`,
        e164: kind === 3 ? '' : e164,
        country,
        number_type: `type ${row % 300} ${'t'.repeat(80)}`,
        portable: kind === 0 ? true : kind === 1 ? false : undefined,
        fast_portable: kind === 0,
        not_portable_reason: kind === 1 ? `reason ${row} ${'r'.repeat(300)}` : '',
        error:
          kind === 2
            ? `refused: ${'e'.repeat(300)}`
            : kind === 3
              ? `"${'x'.repeat(60)}" is not a phone number`
              : '',
        duplicate_of: kind === 4 ? row - 1 : undefined,
      });
    }
    const head = { status: 'done', file: 'f'.repeat(200) };
    const tail = { results_file: 'p'.repeat(300), next: 'n'.repeat(200) };
    // In full it would be far too long: the cutting is what keeps it in bounds.
    expect(JSON.stringify(tally.report(head, tail, Number.POSITIVE_INFINITY)).length).toBeGreaterThan(
      MAX_JOB_ANSWER,
    );
    const answer = tally.report(head, tail) as Json;
    expect(JSON.stringify(answer).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(answer.rows_done).toBe(5998);
    expect(answer.not_portable).toBe(tally.notPortable);
    expect(answer.invalid_rows.count + answer.refused_by_api.count + answer.duplicate_rows.count).toBe(
      5998 - answer.numbers_checked,
    );
    expect(answer.next).toBe(tail.next);
  });
});
