import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JOB_ANSWER } from '../../src/jobs/workflow.js';
import { HOUR } from '../../src/sandbox/clock.js';
import { uploadDocuments, uploadExample, usEndUser } from '../fixtures/orders.js';
import { generateSheet, type Sheet } from '../fixtures/spreadsheet.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

/**
 * The "done when": 10,000 rows in mixed formats, with invalid rows, duplicates and several
 * countries (a country column), checked through the MCP client against the sandbox under its rate
 * limit (10 requests a second); every row has its result and agrees with portability_check; calling
 * again checks nothing; orders are created for exactly the portable numbers, and again for none; one
 * group update and one group confirm submit them all; group status agrees with the sandbox's orders.
 * Time is driven: the sandbox's limiter reads a fake clock that only the job's waits (Retry-After) move.
 */
describe('a 10,000-row spreadsheet: check, results file, orders, group update, confirm and status', () => {
  let root: string;
  let files: string;
  let out: string;
  let sheet: Sheet;
  let now = 0;
  let s: Awaited<ReturnType<typeof sandboxSession>>;
  const checks = () => s.exchanges.filter((e) => e.operationId === 'PostPortabilityCheck').length;
  const creates = () => s.exchanges.filter((e) => e.operationId === 'CreatePortingOrder').length;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-sheet-'));
    files = path.join(root, 'in');
    out = path.join(root, 'out');
    mkdirSync(files);
    mkdirSync(out);
    // No number ends in 6: the sandbox asks for per-number verification codes for those
    // (src/sandbox/numbers.ts), a step per order that no group tool can take, so "submit them all"
    // would be out of reach by design. Invalid rows, duplicates and mixed formats stay.
    sheet = generateSheet(10_000, 7, { avoidLastDigit: 6 });
    writeFileSync(path.join(files, 'numbers.csv'), sheet.csv);
    s = await sandboxSession(
      { rateLimit: 10, monotonic: () => now },
      // The client does not wait out a 429 itself (its wait would be real time): the job does.
      { filesDir: [files], outputDir: out, jobConcurrency: 4, maxRetryAfterMs: 0 },
      {
        deps: {
          sleep: async (ms: number) => {
            now += ms;
          },
        },
      },
    );
  });
  afterAll(async () => {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  let answer: Json;
  let results: string[][];

  it('checks every row in chunks of 100 distinct numbers, waiting out the rate limit: no row fails', async () => {
    const result = await s.mcp.call('portability_check_file', { path: 'numbers.csv' });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    answer = result.structuredContent;
    expect(answer.status).toBe('done');
    // 85 checks at 10 a second: the job met the limit, waited the Retry-After and sent them again.
    expect(s.sandbox.faults.over_rate_limit).toBeGreaterThan(0);
    expect(answer.rate_limited_this_call).toBe(s.sandbox.faults.over_rate_limit);
    expect(now).toBeGreaterThanOrEqual(8000);
    expect(s.problems).toEqual([]);

    results = parse(readFileSync(path.join(out, 'numbers.results.csv'), 'utf8')) as string[][];
    const [header, ...rows] = results;
    expect(header).toEqual([
      'row',
      'number',
      'e164',
      'country',
      'number_type',
      'portable',
      'fast_portable',
      'not_portable_reason',
      'error',
      'duplicate_of_row',
    ]);
    expect(rows.map((r) => Number(r[0]))).toEqual([...sheet.rows.keys()]);
    const distinct = new Set<string>();
    for (const r of rows) {
      const expected = sheet.rows.get(Number(r[0]));
      const [, , e164, , , portable, , , error, duplicate] = r;
      if (expected?.kind === 'invalid') {
        expect(error, `row ${r[0]}`).toMatch(expected.because);
        expect(portable, `row ${r[0]}`).toBe('');
        continue;
      }
      expect(e164, `row ${r[0]}`).toBe(expected?.e164);
      expect(error, `row ${r[0]}`).toBe('');
      expect(['true', 'false'], `row ${r[0]}`).toContain(portable);
      if (expected?.kind === 'duplicate') expect(Number(duplicate), `row ${r[0]}`).toBe(expected.of);
      else distinct.add(e164 as string);
    }
    // Each distinct number was checked exactly once: requests that got an answer = chunks of 100.
    expect(checks()).toBe(Math.ceil(distinct.size / 100));
    expect(answer.numbers_checked).toBe(distinct.size);
    expect(answer.rows).toBe(rows.length);
    expect(answer.invalid_rows.count).toBe(
      [...sheet.rows.values()].filter((e) => e.kind === 'invalid').length,
    );
    expect(answer.duplicate_rows.count).toBe(
      [...sheet.rows.values()].filter((e) => e.kind === 'duplicate').length,
    );
    expect(Object.keys(answer.by_country).sort()).toEqual(['CA', 'DE', 'GB', 'US']);
  });

  it('agrees with portability_check of the same numbers, row by row', async () => {
    const rows = results.slice(1).filter((r) => r[2] && !r[8]);
    const numbers = [...new Set(rows.map((r) => r[2] as string))];
    const direct = new Map<string, Json>();
    for (let i = 0; i < numbers.length; i += 1000) {
      // A fresh second for each call of 10 requests: the tool itself does not wait out a 429.
      now += 1000;
      const result = await s.mcp.call('portability_check', { phone_numbers: numbers.slice(i, i + 1000) });
      expect(result.isError, textOf(result)).toBeFalsy();
      for (const item of (result.structuredContent as Json).data) direct.set(item.phone_number, item);
    }
    for (const r of rows) {
      const d = direct.get(r[2] as string);
      expect([r[5], r[6], r[7]], `row ${r[0]}`).toEqual([
        String(d.portable),
        String(d.fast_portable),
        d.portable ? '' : d.not_portable_reason,
      ]);
    }
  });

  it('checks nothing again when called again, and answers the same summary', async () => {
    const before = checks();
    const again = await s.mcp.call('portability_check_file', { path: 'numbers.csv' });
    expect(again.isError, textOf(again)).toBeFalsy();
    expect(checks()).toBe(before);
    const a = again.structuredContent as Json;
    expect(a.status).toBe('done');
    expect(a.checked_this_call).toBe(0);
    expect(a.requests_this_call).toBe(0);
    for (const key of [
      'portable',
      'fast_portable',
      'not_portable',
      'numbers_checked',
      'by_country',
      'examples',
    ]) {
      expect(a[key], key).toEqual(answer[key]);
    }
  });

  it('creates orders for exactly the portable numbers, and none when called again', async () => {
    now += 1000;
    const portable = new Set(
      results
        .slice(1)
        .filter((r) => r[5] === 'true' && !r[9])
        .map((r) => r[2]),
    );
    const result = await s.mcp.call('order_create_from_file', {
      path: 'numbers.csv',
      customer_group_reference: 'spring-migration',
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    const a = result.structuredContent as Json;
    expect(a.status).toBe('done');
    expect(a.portable_numbers).toBe(portable.size);
    expect(a.numbers_ordered_this_call).toBe(portable.size);
    const ordered = [...s.sandbox.store.orders.values()]
      .filter((o) => o.customer_group_reference === 'spring-migration')
      .flatMap((o) => s.sandbox.store.numbersOf(o.id).map((n) => n.phone_number));
    expect(ordered.length).toBe(portable.size);
    expect(new Set(ordered)).toEqual(portable);
    expect(a.orders_created_this_call).toBe(
      [...s.sandbox.store.orders.values()].filter((o) => o.customer_group_reference === 'spring-migration')
        .length,
    );
    expect(a.orders.by_carrier).toBeDefined();
    expect(a.skipped.not_portable).toBe(answer.not_portable);
    expect(a.skipped.invalid_rows).toBe(answer.invalid_rows.count);

    const ordersBefore = s.sandbox.store.orders.size;
    const createsBefore = creates();
    const again = await s.mcp.call('order_create_from_file', {
      path: 'numbers.csv',
      customer_group_reference: 'spring-migration',
    });
    expect(again.isError, textOf(again)).toBeFalsy();
    const b = again.structuredContent as Json;
    expect(b.orders_created_this_call).toBe(0);
    expect(b.already_in_group).toBe(portable.size);
    expect(s.sandbox.store.orders.size).toBe(ordersBefore);
    expect(creates()).toBe(createsBefore);
    expect(s.problems).toEqual([]);
  });

  const group = () =>
    [...s.sandbox.store.orders.values()].filter((o) => o.customer_group_reference === 'spring-migration');

  it('one group update fills every order, one group confirm submits them all, waiting out the rate limit', async () => {
    expect(results.slice(1).some((r) => r[2]?.endsWith('6'))).toBe(false);
    const orders = group();
    // The API split the port by country, number type and carrier: dozens of orders, not one.
    expect(orders.length).toBeGreaterThan(20);
    expect(new Set(orders.map((o) => o.country_code))).toEqual(new Set(['US', 'CA', 'GB', 'DE']));
    const numbers = orders.reduce((n, o) => n + s.sandbox.store.numbersOf(o.id).length, 0);

    // What the group needs, collected once: the LOA and invoice, and what the non-US orders ask for.
    now += 1000;
    const documents = await uploadDocuments(s.mcp.call);
    now += 1000;
    const proof = await uploadExample(s.mcp.call, 'invoice.pdf');
    now += 1000;
    const intl = orders.find((o) => o.country_code === 'GB');
    const listed = await s.mcp.call('order_requirements_list', { porting_order_id: intl?.id });
    expect(listed.isError, textOf(listed)).toBeFalsy();
    const requirements = (listed.structuredContent as Json).data
      .filter((r: Json) => !/Letter of Authorization/.test(r.requirement_type.name))
      .map((r: Json) => ({
        requirement_type_id: r.requirement_type.id,
        field_value: r.field_type === 'document' ? proof : '09876543',
      }));
    expect(requirements).toHaveLength(2);

    now += 1000;
    const limited = s.sandbox.faults.over_rate_limit ?? 0;
    const update = await s.mcp.call('order_group_update', {
      customer_group_reference: 'spring-migration',
      end_user: usEndUser('+13035550102', 'ACCT-7'),
      documents,
      requirements,
    });
    expect(update.isError, textOf(update)).toBeFalsy();
    expect(textOf(update).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    const u = update.structuredContent as Json;
    expect(u).toMatchObject({
      orders: orders.length,
      numbers,
      updated: orders.length,
      failed: 0,
      requirements_met: { true: orders.length, false: 0 },
    });
    expect(u.not_reached).toBeUndefined();
    const intlOrders = orders.filter((o) => !['US', 'CA'].includes(o.country_code)).length;
    expect(u.requirements).toEqual({ orders: intlOrders, not_applicable: orders.length - intlOrders });
    // The update read the requirement types once per country and number type (four kinds), not once
    // per order (the test's own read above aside).
    const reads = s.exchanges.filter(
      (e) => e.operationId === 'ListPortingOrderRequirements' && e.status === 200,
    );
    expect(reads.length - 1).toBe(4);
    now += 1000;
    const confirm = await s.mcp.call('order_group_confirm', {
      customer_group_reference: 'spring-migration',
      confirm: true,
    });
    expect(confirm.isError, textOf(confirm)).toBeFalsy();
    expect(textOf(confirm).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(confirm.structuredContent).toMatchObject({
      orders: orders.length,
      cannot_pass: 0,
      submitted: orders.length,
      numbers_submitted: numbers,
      failed: 0,
    });
    expect(group().filter((o) => o.status !== 'in-process')).toEqual([]);
    // Both calls met the rate limit and waited it out.
    expect(s.sandbox.faults.over_rate_limit).toBeGreaterThan(limited);
    expect(s.problems).toEqual([]);
  });

  it('group status agrees with the orders the sandbox holds, once the carriers have answered', async () => {
    // Three hours on: submitted, then FOC-date-confirmed, or an exception for the orders with a 9.
    s.sandbox.clock.skip(3 * HOUR);
    now += 1000;
    const result = await s.mcp.call('order_group_status', { customer_group_reference: 'spring-migration' });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    const status = result.structuredContent as Json;
    const orders = group();
    const byStatus: Record<string, { orders: number; numbers: number }> = {};
    const days = new Map<string, { orders: number; numbers: number }>();
    for (const o of orders) {
      const count = s.sandbox.store.numbersOf(o.id).length;
      const st = byStatus[o.status] ?? { orders: 0, numbers: 0 };
      st.orders++;
      st.numbers += count;
      byStatus[o.status] = st;
      const foc = o.foc_datetime_actual ?? o.foc_datetime_requested;
      if (foc) {
        const d = days.get(foc.slice(0, 10)) ?? { orders: 0, numbers: 0 };
        d.orders++;
        d.numbers += count;
        days.set(foc.slice(0, 10), d);
      }
    }
    expect(Object.keys(byStatus).sort()).toEqual(['exception', 'foc-date-confirmed']);
    expect(status.orders).toBe(orders.length);
    expect(status.numbers).toBe(orders.reduce((n, o) => n + s.sandbox.store.numbersOf(o.id).length, 0));
    expect(status.by_status).toEqual(byStatus);
    const dates = [...days.keys()].sort();
    expect(status.foc).toMatchObject({
      earliest: dates[0],
      latest: dates.at(-1),
      confirmed: byStatus['foc-date-confirmed']?.orders,
    });
    expect(status.foc.by_date).toEqual(
      dates.slice(0, 10).map((date) => ({ date, ...(days.get(date) as object) })),
    );
    const exceptions = status.needs_action.filter((a: Json) => a.action.startsWith('exception'));
    expect(exceptions.reduce((n: number, a: Json) => n + a.orders, 0)).toBe(byStatus.exception?.orders);
    expect(s.problems).toEqual([]);
  });
});
