import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

let s: Awaited<ReturnType<typeof sandboxSession>>;
beforeAll(async () => {
  s = await sandboxSession({ seed: 200 });
});
afterAll(() => s?.close());

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await s.mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

describe('lists that answer the question', () => {
  it('order_list summaries carry each order its numbers: up to 10, with the count', async () => {
    // Same tens digit (the sandbox's losing carrier) and last digits 2-5: one order, not a split.
    const twelve = [1, 2, 3].flatMap((h) => [2, 3, 4, 5].map((d) => `+13035550${h}0${d}`));
    const [big] = (await ok('order_create', { phone_numbers: twelve, customer_reference: 'twelve' })).data;
    const page = await ok('order_list', { filter: { customer_reference: 'twelve' } });
    expect(page.data[0]).toMatchObject({ id: big.id, porting_phone_numbers_count: 12 });
    expect(page.data[0].phone_numbers).toEqual(twelve.slice(0, 10));
    const seeded = (await ok('order_list', { page_size: 5 })).data;
    for (const order of seeded) {
      expect(order.phone_numbers.length).toBe(Math.min(10, order.porting_phone_numbers_count));
      expect(order.phone_numbers.every((n: unknown) => typeof n === 'string' && n.startsWith('+'))).toBe(
        true,
      );
    }
    // Asked for by name, numbers come whole.
    const whole = await ok('order_list', {
      filter: { customer_reference: 'twelve' },
      fields: ['phone_numbers'],
    });
    expect(whole.data[0].phone_numbers[0]).toMatchObject({
      phone_number: twelve[0],
      activation_status: 'New',
    });
  });

  it('order_list points to porting_number_list (CSV) for number-level questions', async () => {
    const { tools } = await s.mcp.client.listTools();
    expect(tools.find((t) => t.name === 'order_list')?.description).toMatch(/porting_number_list \(CSV\)/);
  });

  it('a page shown in parts says which part, beside the API page counts', async () => {
    const first = await ok('order_list', { fields: ['all'], page_size: 50 });
    expect(first.truncated).toBeTruthy();
    expect(first.meta.page_items_shown).toBe(`1-${first.data.length} of 50 on page 1`);
    expect(first.meta.next_page_number).toBeUndefined();
    const rest = await ok('order_list', { cursor: first.next_cursor });
    expect(rest.meta.page_items_shown).toMatch(new RegExp(`^${first.data.length + 1}-\\d+ of 50 on page 1$`));
  });

  it('resource templates are described; resources carry identifying titles', async () => {
    const { resourceTemplates } = await s.mcp.client.listResourceTemplates();
    for (const t of resourceTemplates) expect(t.description, t.uriTemplate).toMatch(/\w+ \w+ \w+/);
    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.mcp.client.listResources(cursor ? { cursor } : {});
      titles.push(...page.resources.map((r) => String(r.title)));
      cursor = page.nextCursor;
    } while (cursor);
    const numbers = titles.filter((t) => t.startsWith('Porting phone number'));
    expect(numbers.length).toBeGreaterThan(100);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers[0]).toMatch(/^Porting phone number \+\d+, order [0-9a-f]{8}$/);
    expect(titles.find((t) => t.startsWith('Porting order'))).toMatch(/^Porting order [0-9a-f]{8} \(/);
  });
});
