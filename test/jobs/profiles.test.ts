import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config.js';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const JOBS = ['portability_check_file', 'order_create_from_file'];

describe('the file tools follow profiles: toolsets, read-only, exclusions, compact mode', () => {
  const cases: Array<[string, ConfigInput, string[]]> = [
    ['default', {}, JOBS],
    ['read-only keeps the check, drops the create', { readOnly: true }, ['portability_check_file']],
    ['toolsets portability', { toolsets: ['portability'] }, ['portability_check_file']],
    ['toolsets orders', { toolsets: ['orders'] }, ['order_create_from_file']],
    [
      'excluding portability_check removes its file form',
      { excludeTools: ['portability_check'] },
      ['order_create_from_file'],
    ],
    [
      'excluding order_list removes the create (it lists the group first)',
      { excludeTools: ['order_list'] },
      ['portability_check_file'],
    ],
    ['excluded by name', { excludeTools: ['order_create_from_file'] }, ['portability_check_file']],
  ];
  for (const [label, config, expected] of cases) {
    it(label, async () => {
      const mcp = await connect(config);
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(names.filter((n) => JOBS.includes(n))).toEqual(expected);
      // Each sorts right after the operation it extends.
      if (expected.includes('portability_check_file')) {
        expect(names[names.indexOf('portability_check_file') - 1]).toBe('portability_check');
      }
      if (expected.includes('order_create_from_file')) {
        expect(names[names.indexOf('order_create_from_file') - 1]).toBe('order_create');
      }
      await mcp.close();
    });
  }

  let root: string;
  let files: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-jobs-profiles-'));
    files = path.join(root, 'in');
    mkdirSync(files);
    // 60 portable numbers ending 00 (one carrier, FastPort): one sandbox order, more than the 50 an order embeds.
    const rows = Array.from({ length: 60 }, (_, i) => `+1303555${String(i).padStart(2, '0')}00`);
    writeFileSync(path.join(files, 'sixty.csv'), `Phone\n${rows.join('\n')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compact mode finds and invokes them', async () => {
    const s = await sandboxSession({}, { tools: 'compact', filesDir: [files] });
    const found = (await s.mcp.call('porting_find', { query: 'csv file' })).structuredContent as Json;
    expect(found.operations.map((o: Json) => o.name)).toEqual(expect.arrayContaining(JOBS));
    const result = await s.mcp.call('porting_invoke', {
      name: 'portability_check_file',
      arguments: { path: 'sixty.csv' },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect((result.structuredContent as Json).status).toBe('done');
    await s.close();
  });

  it('without porting_number_list (toolsets portability,orders) the API still refuses a second order of a number', async () => {
    const s = await sandboxSession({}, { toolsets: ['portability', 'orders'], filesDir: [files] });
    expect((await s.mcp.call('portability_check_file', { path: 'sixty.csv' })).isError).toBeFalsy();
    const first = (
      await s.mcp.call('order_create_from_file', { path: 'sixty.csv', customer_group_reference: 'p' })
    ).structuredContent as Json;
    expect(first.numbers_ordered_this_call).toBe(60);
    const orders = s.sandbox.store.orders.size;
    const again = await s.mcp.call('order_create_from_file', {
      path: 'sixty.csv',
      customer_group_reference: 'p',
    });
    const a = again.structuredContent as Json;
    expect(a.unverified_orders).toMatch(/more numbers than could be listed/);
    // The numbers the embedded lists did not show were sent, and the API refused each by name.
    expect(a.already_in_group + a.refused_by_api.count).toBe(60);
    expect(a.refused_by_api.first[0]).toMatch(/already in an open porting order/);
    expect(a.orders_created_this_call).toBe(0);
    expect(s.sandbox.store.orders.size).toBe(orders);
    await s.close();
  });
});
