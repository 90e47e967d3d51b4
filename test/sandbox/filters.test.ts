import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '../../src/catalog/index.js';
import { uploadExample } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

/** `filter.x` paths whose schema is a list, per list tool: every one must be covered below. */
function arrayFilters(schema: z.ZodType, path: string): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return arrayFilters(schema.unwrap() as z.ZodType, path);
  if (schema instanceof z.ZodArray) return [path];
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape).flatMap(([k, v]) => arrayFilters(v as z.ZodType, `${path}.${k}`));
  return [];
}

const declared = catalog
  .filter((e) => e.kind === 'list' && e.input.shape.filter)
  .flatMap((e) => arrayFilters(e.input.shape.filter as z.ZodType, 'filter').map((p) => `${e.name} ${p}`))
  .sort();

let s: Awaited<ReturnType<typeof sandboxSession>>;

async function ok(name: string, args: Record<string, unknown> = {}): Promise<Json> {
  const result = await s.mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

/** Every id the list returns for `args`, following next_cursor to the end. */
async function ids(name: string, args: Record<string, unknown>): Promise<string[]> {
  const out: string[] = [];
  let page = await ok(name, { ...args, page_size: 250 });
  for (;;) {
    out.push(...page.data.map((item: Json) => item.id));
    if (!page.next_cursor) return out.sort();
    page = await ok(name, { cursor: page.next_cursor });
  }
}

const setAt = (path: string, value: unknown): Record<string, unknown> => {
  const keys = path.split('.');
  const root: Record<string, unknown> = {};
  let node = root;
  for (const k of keys.slice(0, -1)) node = node[k] = {} as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
  return root;
};

/** Per `tool path`: fixed arguments (the order) and 2+ values, built from the seeded data below. */
const cases = new Map<string, { args: Record<string, unknown>; values: string[] }>();

describe('array filters filter: several values give the union of the single-value results', () => {
  beforeAll(async () => {
    s = await sandboxSession({ seed: 60 });
    const orders: Json[] = (await ok('order_list', { page_size: 250, fields: ['status', 'support_key'] }))
      .data;
    const byStatus = new Map(orders.map((o) => [o.status.value, o]));
    const [a, b] = [byStatus.get('draft'), byStatus.get('submitted')];
    const numbersOf = async (order: Json) =>
      (await ok('porting_number_list', { filter: { porting_order_id: [order.id] }, page_size: 250 })).data;
    const [na, nb] = [await numbersOf(a), await numbersOf(b)];
    expect(na.length).toBeGreaterThan(1);
    const onA = { porting_order_id: a.id };
    const onB = { porting_order_id: b.id };

    // Additional documents must name uploaded files.
    const uploaded: string[] = [];
    for (const name of ['signed-loa.pdf', 'invoice.pdf', 'invoice.pdf'])
      uploaded.push(await uploadExample(s.mcp.call, name));
    await ok('order_document_create', {
      ...onA,
      additional_documents: ['loa', 'invoice', 'csr'].map((document_type, i) => ({
        document_id: uploaded[i],
        document_type,
      })),
    });
    await ok('order_verification_code_send', { ...onA, confirm: true });
    const bundles = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    await ok('number_config_create', {
      phone_number_configurations: [na[0], na[1], nb[0]].map((n, i) => ({
        porting_phone_number_id: n.id,
        user_bundle_id: bundles[i % 2],
      })),
    });
    for (const start of ['+13035559000', '+13035559100'])
      await ok('order_number_block_create', {
        ...onB,
        phone_number_range: { start_at: start, end_at: start.replace(/00$/, '99') },
        activation_ranges: [{ start_at: start, end_at: start.replace(/00$/, '09') }],
      });
    for (const n of na.slice(0, 2))
      await ok('order_number_extension_create', {
        ...onA,
        porting_phone_number_id: n.id,
        extension_range: { start_at: 100, end_at: 199 },
        activation_ranges: [{ start_at: 100, end_at: 109 }],
      });
    const au = (await ok('order_create', { phone_numbers: ['+61255501230'] })).data[0];
    const requirement = (await ok('order_action_requirement_list', { porting_order_id: au.id })).data[0];

    const put = (key: string, values: string[], args: Record<string, unknown> = {}) =>
      cases.set(key, { args, values });
    const phonesA = na.map((n: Json) => n.phone_number).slice(0, 2);
    put('order_list filter.status', ['draft', 'submitted', 'exception', 'ported']);
    put('porting_number_list filter.porting_order_id', [a.id, b.id]);
    put('porting_number_list filter.phone_number', [na[0].phone_number, nb[0].phone_number]);
    const c = byStatus.get('exception');
    put('porting_number_list filter.support_key', [b.support_key, c.support_key]);
    put('number_config_list filter.porting_order_id', [a.id, b.id]);
    put('number_config_list filter.porting_order.status', ['draft', 'submitted']);
    put('number_config_list filter.porting_phone_number', [na[0].id, nb[0].id]);
    put('number_config_list filter.user_bundle_id', bundles);
    put('order_document_list filter.document_type', ['loa', 'csr'], onA);
    put('order_verification_code_list filter.phone_number', phonesA, onA);
    put('order_action_requirement_list filter.id', [requirement.id, bundles[0] as string], {
      porting_order_id: au.id,
    });
    // The order-level filters of a per-order list keep all of its blocks or none.
    put('order_number_block_list filter.phone_number', ['+13035559005', '+13035559150'], onB);
    put('order_number_block_list filter.status', ['submitted', 'ported'], onB);
    put('order_number_block_list filter.support_key', ['sr_nothing', b.support_key], onB);
    put('order_number_block_list filter.porting_order_id', [a.id, b.id], onB);
    put('order_number_extension_list filter.phone_number', phonesA, onA);
  });
  afterAll(() => s?.close());

  it('the sandbox reads every documented form of a list filter alike', async () => {
    const ids = async (query: string) => {
      const res = await fetch(`${s.sandbox.url}/porting_orders?page[size]=250&${query}`, {
        headers: { authorization: 'Bearer KEY_test' },
      });
      expect(res.status, query).toBe(200);
      return ((await res.json()) as Json).data.map((o: Json) => o.id).sort();
    };
    const union = [...(await ids('filter[status]=draft')), ...(await ids('filter[status]=ported'))].sort();
    expect(union.length).toBeGreaterThan(1);
    for (const form of [
      'filter[status][in][]=draft&filter[status][in][]=ported',
      'filter[status]=draft,ported',
      'filter[status]=draft&filter[status]=ported',
      'filter[status][]=draft&filter[status][]=ported',
    ])
      expect(await ids(form), form).toEqual(union);
    // What the server sends for a lost filter: the [in][] form.
    await s.mcp.call('order_list', { filter: { status: ['draft', 'ported'] } });
    expect(s.exchanges.at(-1)?.url).toContain('filter[status][in][]=draft&filter[status][in][]=ported');
  });

  it('covers every array-valued filter of every list tool', () => {
    expect([...cases.keys()].sort()).toEqual(declared);
  });

  it.each(declared)('%s', async (key) => {
    const { args, values } = cases.get(key) ?? { args: {}, values: [] };
    const [name, path] = key.split(' ') as [string, string];
    expect(values.length).toBeGreaterThan(1);
    const singles = await Promise.all(values.map((v) => ids(name, { ...args, ...setAt(path, [v]) })));
    const union = [...new Set(singles.flat())].sort();
    expect(union.length, 'the values must select something').toBeGreaterThan(0);
    expect(await ids(name, { ...args, ...setAt(path, values) })).toEqual(union);
    // And the filter filters: some single value selects less than the unfiltered list.
    const all = await ids(name, args);
    expect(singles.some((one) => one.length < all.length)).toBe(true);
    expect(s.problems).toEqual([]);
  });
});
