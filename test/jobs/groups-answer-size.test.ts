import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_GROUP_NAME } from '../../src/jobs/group-orders.js';
import { MAX_JOB_ANSWER } from '../../src/jobs/workflow.js';
import { DAY, iso } from '../../src/sandbox/clock.js';
import { openOrders } from '../../src/sandbox/order-factory.js';
import { json, type Loopback, startLoopback } from '../support/loopback.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import type { Json } from './groups-support.js';

/**
 * Answers of the group tools do not grow with the group's name or size: the name is at most
 * MAX_GROUP_NAME characters (refused above, before any request), and with the longest name that
 * costs the most in JSON (quotes, backslashes and control characters are escaped) and a big group
 * with many different problems, every answer stays under MAX_JOB_ANSWER characters.
 */
// 200 characters whose JSON text is 667: the answers quote the name (a confirmation twice).
const LONGEST = '"\\\u0001'.repeat(67).slice(0, MAX_GROUP_NAME);
const ORDERS = 1200;
const ADMIN = ['entity_name', 'auth_person_name', 'billing_phone_number', 'account_number'] as const;
const LOCATION = [
  'street_address',
  'locality',
  'administrative_area',
  'postal_code',
  'country_code',
] as const;

let s: Awaited<ReturnType<typeof sandboxSession>>;
let root: string;
let proxy: Loopback;
/** Orders whose order_update the proxy refuses with a long error (when set). */
const refused = new Set<string>();
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tpm-names-'));
  mkdirSync(path.join(root, 'in'));
  writeFileSync(path.join(root, 'in', 'numbers.csv'), 'Phone\n+13035550102\n');
  let target = '';
  // In front of the sandbox: refuses the updates of some orders with the longest errors an answer shows.
  proxy = await startLoopback(async (req, res) => {
    const id = req.url.match(/^\/porting_orders\/([^/?]+)$/)?.[1];
    if (req.method === 'PATCH' && id && refused.has(id)) {
      return json(res, 422, {
        errors: [
          {
            code: '10015',
            title: 'Invalid account number',
            detail: `The losing carrier does not know this account number. ${'Check the bill. '.repeat(40)}`,
            source: { pointer: '/end_user/admin/account_number' },
            meta: {},
          },
        ],
      });
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    ) as Record<string, string>;
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.body });
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' }).end(body);
  });
  s = await sandboxSession({}, { baseUrl: proxy.url, filesDir: [path.join(root, 'in')] });
  target = s.sandbox.url;
  const { store, clock } = s.sandbox;
  const now = clock.now();
  for (let i = 0; i < ORDERS; i++) {
    const [order] = openOrders(store, now - DAY, [`+1303${3000000 + i * 10 + 2}`], {
      customer_group_reference: LONGEST,
    });
    if (!order) throw new Error('no order');
    // A different set of empty fields for most orders: many different problems, with long names.
    const admin = Object.fromEntries(ADMIN.filter((_, b) => i & (1 << b)).map((f) => [f, 'x']));
    const location = Object.fromEntries(LOCATION.filter((_, b) => i & (1 << (b + 4))).map((f) => [f, 'x']));
    order.end_user = { admin, location };
    if (i % 3 === 0) order.documents = { loa: 'd5c0d7f4-0000-4000-8000-000000000001', invoice: null };
    if (i % 7 === 0) order.foc_datetime_requested = iso(now - DAY);
    if (i % 11 === 0) {
      order.status = 'exception';
      order.details = [{ code: `CODE_${i % 13}`, description: 'The carrier says no. '.repeat(20) }];
    }
    if (i % 50 === 1) {
      // Complete: these pass, so a confirmation is asked for.
      order.end_user = {
        admin: Object.fromEntries(ADMIN.map((f) => [f, 'x'])),
        location: Object.fromEntries(LOCATION.map((f) => [f, 'x'])),
      };
      order.documents = {
        loa: 'd5c0d7f4-0000-4000-8000-000000000001',
        invoice: 'd5c0d7f4-0000-4000-8000-000000000002',
      };
      order.foc_datetime_requested = null;
      order.status = 'draft';
      order.details = [];
    }
  }
}, 60_000);
afterAll(async () => {
  await s?.close();
  await proxy?.close();
  rmSync(root, { recursive: true, force: true });
});

const GROUP_CALLS: Array<[string, Record<string, unknown>]> = [
  ['order_group_status', {}],
  ['order_group_status', { export: true }],
  ['order_group_update', { misc: { type: 'full' } }],
  ['order_group_confirm', {}],
  ['order_group_confirm', { confirm: true }],
];

describe('group names and answer size', () => {
  it('a name over 200 characters is refused by every group tool and order_create_from_file, before any request', async () => {
    const before = s.exchanges.length;
    for (const name of [`${LONGEST}x`, 'n'.repeat(9000)]) {
      for (const [tool, args] of [
        ...GROUP_CALLS,
        ['order_create_from_file', { path: 'numbers.csv' }] as const,
      ]) {
        const result = await s.mcp.call(tool, { ...args, customer_group_reference: name });
        expect(result.isError, tool).toBe(true);
        expect(textOf(result), tool).toMatch(
          /^Invalid arguments for \w+; nothing was sent to Telnyx:\n- customer_group_reference: must be at most 200 characters/,
        );
        expect(textOf(result).length).toBeLessThan(400);
      }
    }
    expect(s.exchanges.length).toBe(before);
  });

  it('with the longest name and 1,200 orders of many problems, every answer stays under the limit', async () => {
    const sizes: Record<string, number> = {};
    for (const [tool, args] of [
      [
        'order_group_update',
        { activation_settings: { foc_datetime_requested: iso(s.sandbox.clock.now() + 60 * DAY) } },
      ],
      ...GROUP_CALLS,
    ] as Array<[string, Record<string, unknown>]>) {
      const result = await s.mcp.call(tool, { ...args, customer_group_reference: LONGEST });
      const text = textOf(result);
      expect(result.isError, text.slice(0, 300)).toBeFalsy();
      expect(text.length, `${tool} ${JSON.stringify(args)}`).toBeLessThanOrEqual(MAX_JOB_ANSWER);
      const data = result.structuredContent as Json;
      expect(data.customer_group_reference).toBe(LONGEST);
      sizes[`${tool} ${Object.keys(args).join(',')}`] = text.length;
    }
    // The update met a refusal on every order (a FOC date outside the windows): ten listed in full.
    const confirmations = s.exchanges.filter(
      (e) => e.method === 'POST' && e.url.endsWith('/actions/confirm'),
    );
    expect(confirmations.length).toBe(ORDERS / 50);
    // The unknown-group refusal quotes the name too.
    const unknown = await s.mcp.call('order_group_status', {
      customer_group_reference: `${LONGEST.slice(1)}!`,
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown).length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    expect(Object.keys(sizes)).toHaveLength(6);
  }, 120_000);

  it('an update with long failures and many missing fields gives way in its lists, never in its counts', async () => {
    const open = [...s.sandbox.store.orders.values()].filter((o) =>
      ['draft', 'exception'].includes(o.status),
    );
    const drafts = open.filter((o) => o.status === 'draft');
    for (const o of drafts.filter((_, i) => i % 2 === 0)) refused.add(o.id);
    const result = await s.mcp.call('order_group_update', {
      customer_group_reference: LONGEST,
      end_user: { admin: { account_number: 'ACCT-9' } },
    });
    refused.clear();
    const text = textOf(result);
    expect(result.isError, text.slice(0, 300)).toBeFalsy();
    expect(text.length).toBeLessThanOrEqual(MAX_JOB_ANSWER);
    const data = result.structuredContent as Json;
    // Ten failures of 300 characters and eight groups of missing fields would not fit: some gave way.
    expect(data.left_out_to_fit).toBeGreaterThan(0);
    expect(data.failures.length).toBeGreaterThan(0);
    expect(data.failures.length + data.still_missing.length + data.left_out_to_fit).toBe(18);
    expect(data.failed).toBe(Math.ceil(drafts.length / 2));
    expect(data.updated + data.unchanged + data.failed).toBe(open.length);
  }, 120_000);
});
