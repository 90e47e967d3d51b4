import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultsStore } from '../../src/jobs/results-store.js';
import { sandboxSession } from '../support/sandbox.js';
import { createGroup, GROUP_NUMBERS, type Json, ok as okWith } from './groups-support.js';

/** Sixty toll-free numbers ending in 14 (one carrier): an order of their own, more than the 50 an order embeds. */
const BIG = Array.from({ length: 60 }, (_, i) => `+1888556${String(i).padStart(2, '0')}14`);
const GROUP = 'Export port';

let s: Awaited<ReturnType<typeof sandboxSession>>;
afterEach(() => s?.close());

const ok = (name: string, args: Record<string, unknown> = {}) => okWith(s.mcp.call, name, args);

async function exportWith(config: Record<string, unknown>, results: ResultsStore) {
  s = await sandboxSession({}, config, { deps: { results } });
  const ids = await createGroup(s.mcp.call, GROUP, [...GROUP_NUMBERS, ...BIG]);
  const big = s.sandbox.store.numbers.get(
    [...s.sandbox.store.numbers.values()].find((n) => n.phone_number === BIG[0])?.id ?? '',
  )?.porting_order_id as string;
  expect(s.sandbox.store.numbersOf(big)).toHaveLength(60);
  const status = await ok('order_group_status', { customer_group_reference: GROUP, export: true });
  const stored = results.get(status.export.uri);
  const rows: Json[] = stored ? parse(stored.bytes, { columns: true }) : [];
  return { ids, big, status, rows };
}

describe('order_group_status export: every number of the group as CSV', () => {
  it('without an output folder, a results resource with one row per number, orders over 50 included', async () => {
    const results = new ResultsStore();
    const { status, rows, big } = await exportWith({}, results);
    expect(status.export).toEqual({
      uri: expect.stringMatching(
        /^telnyx-porting:\/\/results\/[0-9a-f]{16}\/Export_port-[0-9a-f]{8}\.numbers\.csv$/,
      ),
      rows: 68,
    });
    expect(rows.map((r) => r.phone_number).sort()).toEqual([...GROUP_NUMBERS, ...BIG].sort());
    for (const r of rows) {
      const n = [...s.sandbox.store.numbers.values()].find((x) => x.phone_number === r.phone_number);
      expect(r.porting_order_id).toBe(n?.porting_order_id);
      expect(r.porting_order_status).toBe('draft');
      expect(r.activation_status).toBe(n?.activation_status);
    }
    // The big order's numbers came from porting_number_list, page by page; the others were embedded.
    const lists = s.exchanges.filter((e) => e.url.includes('/porting_phone_numbers'));
    expect(lists.length).toBeGreaterThanOrEqual(1);
    expect(lists.every((e) => decodeURIComponent(e.url).includes(big))).toBe(true);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'phone_number',
      'porting_order_id',
      'porting_order_status',
      'activation_status',
      'portability_status',
      'requirements_status',
      'phone_number_type',
      'support_key',
    ]);
  });

  it('without porting_number_list (numbers toolset off), the numbers it could not read are counted, not hidden', async () => {
    const results = new ResultsStore();
    const { status, rows } = await exportWith({ toolsets: ['orders', 'documents', 'events'] }, results);
    expect(status.export).toMatchObject({ rows: 58, missing_numbers: 10 });
    expect(status.export.why).toMatch(/porting_number_list is not exposed/);
    expect(rows).toHaveLength(58);
  });
});
