import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/sandbox/server.js';
import { json, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const isCreate = (e: Exchange) => e.operationId === 'CreatePortingOrder';

describe('order_create_from_file', () => {
  let root: string;
  let files: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-create-'));
    files = path.join(root, 'in');
    mkdirSync(files);
    // 1,800 numbers ending 0-6 (portable): four requests of 500.
    const rows: string[] = [];
    for (let i = 0; rows.length < 1800; i++)
      if (i % 10 < 7) rows.push(`+1720555${String(i).padStart(4, '0')}`);
    writeFileSync(path.join(files, 'many.csv'), `Phone\n${rows.join('\n')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stops when the time is up and goes on in the next call, creating nothing twice', async () => {
    let exchanges: Exchange[] = [];
    const s = await sandboxSession(
      {},
      { filesDir: [files], jobTimeMs: 2000 },
      // Each order_create the sandbox answered moves the job's clock by one second.
      { deps: { elapsed: () => exchanges.filter(isCreate).length * 1000 } },
    );
    exchanges = s.exchanges;
    expect((await s.mcp.call('portability_check_file', { path: 'many.csv' })).isError).toBeFalsy();
    const first = (
      await s.mcp.call('order_create_from_file', { path: 'many.csv', customer_group_reference: 'q' })
    ).structuredContent as Json;
    expect(first.status).toBe('continue');
    expect(first.numbers_ordered_this_call).toBe(1000);
    expect(first.next).toMatch(
      /Out of time for this call \(800 numbers left\)\. Call order_create_from_file again/,
    );
    const second = (
      await s.mcp.call('order_create_from_file', { path: 'many.csv', customer_group_reference: 'q' })
    ).structuredContent as Json;
    expect(second.status).toBe('done');
    expect(second.already_in_group).toBe(1000);
    expect(second.numbers_ordered_this_call).toBe(800);
    expect(exchanges.filter(isCreate)).toHaveLength(4);
    const ordered = [...s.sandbox.store.numbers.values()].map((n) => n.phone_number);
    expect(ordered).toHaveLength(1800);
    expect(new Set(ordered).size).toBe(1800);
    expect(s.problems).toEqual([]);
    await s.close();
  });

  it('sums up the split by carrier, number type and country', async () => {
    const s = await sandboxSession({}, { filesDir: [files] });
    // Portable numbers (last digit 0-5) of three countries, some mobile.
    const numbers = [
      ...['+13035550100', '+13035550111', '+13035550122', '+17205550133'],
      ...['+14165550140', '+14165550151'],
      ...['+442079460102', '+447400123451', '+447812345670'],
    ];
    writeFileSync(path.join(files, 'countries.csv'), `Phone\n${numbers.join('\n')}\n`);
    expect((await s.mcp.call('portability_check_file', { path: 'countries.csv' })).isError).toBeFalsy();
    const a = (
      await s.mcp.call('order_create_from_file', { path: 'countries.csv', customer_group_reference: 'k' })
    ).structuredContent as Json;
    expect(a.status).toBe('done');
    const orders = [...s.sandbox.store.orders.values()].filter((o) => o.customer_group_reference === 'k');
    const count = (key: (o: (typeof orders)[number]) => string) => {
      const counts: Record<string, number> = {};
      for (const o of orders) counts[key(o)] = (counts[key(o)] ?? 0) + 1;
      return counts;
    };
    // As the sandbox split them: one order per country, number type and carrier.
    expect(a.orders.count).toBe(orders.length);
    expect(a.orders.by_country).toEqual(count((o) => o.country_code));
    expect(Object.keys(a.orders.by_country).sort()).toEqual(['CA', 'GB', 'US']);
    expect(a.orders.by_number_type).toEqual(count((o) => o.phone_number_type));
    expect(a.orders.by_carrier).toEqual(count((o) => o.carrier));
    expect(s.problems).toEqual([]);
    await s.close();
  });

  it('orders numbers of a cancelled order of the group again', async () => {
    const s = await sandboxSession({}, { filesDir: [files], outputDir: root });
    writeFileSync(path.join(files, 'two.csv'), 'Phone\n+17205550100\n+17205550201\n');
    await s.mcp.call('portability_check_file', { path: 'two.csv' });
    const first = (
      await s.mcp.call('order_create_from_file', { path: 'two.csv', customer_group_reference: 'c' })
    ).structuredContent as Json;
    expect(first.numbers_ordered_this_call).toBe(2);
    for (const order of s.sandbox.store.orders.values()) order.status = 'cancelled';
    const again = (
      await s.mcp.call('order_create_from_file', { path: 'two.csv', customer_group_reference: 'c' })
    ).structuredContent as Json;
    expect(again.group_orders_before).toBe(first.orders_created_this_call);
    expect(again.already_in_group).toBe(0);
    expect(again.numbers_ordered_this_call).toBe(2);
    await s.close();
  });

  it('never sends a create again after a timeout: the answer says the outcome is unknown and to call again', async () => {
    let creates = 0;
    const api = await startLoopback((req, res) => {
      if (req.method === 'POST' && req.url === '/porting_orders') {
        creates++;
        return; // no answer: the request times out
      }
      if (req.method === 'POST') {
        const numbers = JSON.parse(req.body ?? '{}').phone_numbers as string[];
        return json(res, 201, {
          data: numbers.map((n) => ({
            phone_number: n,
            portable: true,
            fast_portable: false,
            not_portable_reason: '',
          })),
        });
      }
      return json(res, 200, { data: [], meta: { page_number: 1, total_pages: 0 } });
    });
    const mcp = await connect({ baseUrl: api.url, filesDir: [files], timeoutMs: 200 });
    writeFileSync(path.join(files, 'slow.csv'), 'Phone\n+17205550100\n');
    expect((await mcp.call('portability_check_file', { path: 'slow.csv' })).isError).toBeFalsy();
    const result = await mcp.call('order_create_from_file', {
      path: 'slow.csv',
      customer_group_reference: 'z',
    });
    const a = result.structuredContent as Json;
    expect(a.status, textOf(result)).toBe('stopped');
    expect(a.next).toMatch(
      /No complete answer within 200 ms: unknown whether orders were created for 1 numbers\. Call again: numbers already ordered in the group are skipped/,
    );
    expect(creates).toBe(1);
    await mcp.close();
    await api.close();
  });
});
