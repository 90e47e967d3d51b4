import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { countTokens } from '@anthropic-ai/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

describe('long lists: resources with cursors, list tools with cursors and fields (seeded sandbox)', () => {
  let s: Awaited<ReturnType<typeof sandboxSession>>;
  beforeAll(async () => {
    s = await sandboxSession({ seed: 2500 });
  });
  afterAll(() => s.close());

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = await s.mcp.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent;
  };

  it('resources/list walks every order, number and event exactly once, page by page', async () => {
    const store = s.sandbox.store;
    const expected =
      store.orders.size +
      store.numbers.size +
      store.events.length +
      store.loaConfigs.length +
      store.reports.length;
    expect(expected).toBeGreaterThan(2000);
    const uris: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.mcp.client.listResources(cursor ? { cursor } : {});
      uris.push(...page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(20);
    expect(new Set(uris).size).toBe(uris.length); // no duplicate
    expect(uris).toHaveLength(expected); // no gap
    expect(uris.some((u) => u.startsWith('telnyx-porting://porting-phone-numbers/%2B1'))).toBe(true);
  });

  it('malformed and forged cursors are invalid params, not crashes', async () => {
    const first = await s.mcp.client.listResources();
    const [body, signature] = String(first.nextCursor).split('.');
    const state = JSON.parse(inflateRawSync(Buffer.from(String(body), 'base64url')).toString());
    const forged = `${deflateRawSync(JSON.stringify({ ...state, p: 5 })).toString('base64url')}.${signature}`;
    for (const cursor of ['garbage', '', 'a.b.c', forged, `${body}.${'A'.repeat(22)}`]) {
      await expect(s.mcp.client.listResources({ cursor })).rejects.toMatchObject({ code: -32602 });
    }
    // the server keeps serving
    expect((await s.mcp.client.listResources()).resources.length).toBeGreaterThan(0);
  });

  it('templates name single items and per-order collections; reads return JSON and PDFs', async () => {
    const { resourceTemplates } = await s.mcp.client.listResourceTemplates();
    const templates = resourceTemplates.map((t) => t.uriTemplate);
    for (const t of [
      'telnyx-porting://porting-orders/{porting_order_id}',
      'telnyx-porting://porting-orders/{porting_order_id}/comments',
      'telnyx-porting://porting-orders/{porting_order_id}/phone-numbers',
      'telnyx-porting://porting-orders/{porting_order_id}/loa-template.pdf',
      'telnyx-porting://porting-phone-numbers/{phone_number}',
      'telnyx-porting://loa-configurations/{loa_configuration_id}/preview.pdf',
    ]) {
      expect(templates).toContain(t);
    }
    const order = [...s.sandbox.store.orders.values()].find(
      (o) => s.sandbox.store.numbersOf(o.id).length > 1,
    );
    if (!order) throw new Error('seed has no multi-number order');
    const read = async (uri: string) => (await s.mcp.client.readResource({ uri })).contents[0] as Json;
    const orderJson = JSON.parse((await read(`telnyx-porting://porting-orders/${order.id}`)).text);
    expect(orderJson.id).toBe(order.id);
    const numbers = JSON.parse(
      (await read(`telnyx-porting://porting-orders/${order.id}/phone-numbers`)).text,
    );
    expect(numbers.data.map((n: Json) => n.porting_order_id)).toEqual(
      s.sandbox.store.numbersOf(order.id).map(() => order.id),
    );
    const events = JSON.parse((await read(`telnyx-porting://porting-orders/${order.id}/events`)).text);
    expect(events.data.every((e: Json) => e.porting_order_id === order.id)).toBe(true);
    const phone = s.sandbox.store.numbersOf(order.id)[0]?.phone_number ?? '';
    const one = JSON.parse(
      (await read(`telnyx-porting://porting-phone-numbers/${encodeURIComponent(phone)}`)).text,
    );
    expect(one.phone_number).toBe(phone);
    const pdf = await read(`telnyx-porting://porting-orders/${order.id}/loa-template.pdf`);
    expect(pdf.mimeType).toBe('application/pdf');
    expect(Buffer.from(pdf.blob, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await expect(
      s.mcp.client.readResource({
        uri: 'telnyx-porting://porting-orders/3fa85f64-5717-4562-b3fc-2c963f66afa6',
      }),
    ).rejects.toMatchObject({
      code: -32002,
    });
    await expect(s.mcp.client.readResource({ uri: 'telnyx-porting://nonsense/1' })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it('completion offers porting order ids, newest first', async () => {
    const newest = [...s.sandbox.store.orders.values()].sort((a, b) => b.created_at - a.created_at);
    const all = await s.mcp.client.complete({
      ref: { type: 'ref/resource', uri: 'telnyx-porting://porting-orders/{porting_order_id}' },
      argument: { name: 'porting_order_id', value: '' },
    });
    expect(all.completion.values.slice(0, 3)).toEqual(newest.slice(0, 3).map((o) => o.id));
    const target = newest[5]?.id ?? '';
    const some = await s.mcp.client.complete({
      ref: { type: 'ref/resource', uri: 'telnyx-porting://porting-orders/{porting_order_id}/comments' },
      argument: { name: 'porting_order_id', value: target.slice(0, 6) },
    });
    expect(some.completion.values).toContain(target);
    expect(some.completion.values.every((v) => v.startsWith(target.slice(0, 6)))).toBe(true);
  });

  it('list tools: a cursor walk keeps its filters and sort, and visits each item once', async () => {
    let page = await call('order_list', {
      filter: { status: ['exception', 'ported'] },
      sort: 'created_at',
      page_size: 7,
    });
    const total = page.meta.total_results;
    const seen = [...page.data];
    while (page.next_cursor) {
      page = await call('order_list', { cursor: page.next_cursor });
      seen.push(...page.data);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((o) => o.id)).size).toBe(total);
    expect(seen.every((o) => ['exception', 'ported'].includes(o.status.value))).toBe(true);
    const created = seen.map((o) => Date.parse(o.created_at));
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('list tools refuse forged, foreign and contradicted cursors before any request', async () => {
    const first = await call('order_list', { filter: { status: ['draft'] }, page_size: 5 });
    const before = s.exchanges.length;
    const bad = [
      [{ cursor: 'garbage' }, /cursor: not a cursor for order_list/],
      [{ cursor: `${first.next_cursor}x` }, /cursor: not a cursor/],
      [
        { cursor: first.next_cursor, filter: { status: ['ported'] } },
        /filter: differs from what the cursor carries/,
      ],
    ] as const;
    for (const [args, pattern] of bad) {
      const result = await s.mcp.call('order_list', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(pattern);
    }
    const foreign = await s.mcp.call('event_list', { cursor: first.next_cursor });
    expect(textOf(foreign)).toMatch(/not a cursor for event_list/);
    expect(s.exchanges.length).toBe(before);
  });

  it('a default page of porting orders stays under 8,000 tokens; fields asks for more or less', async () => {
    const result = await s.mcp.call('order_list', {});
    const tokens = countTokens(textOf(result));
    console.log(`default order_list page: ${textOf(result).length} chars, ${tokens} tokens`);
    expect(tokens).toBeLessThan(8000);
    const summary = (result.structuredContent as Json).data[0];
    expect(Object.keys(summary)).toContain('status');
    expect(Object.keys(summary)).not.toContain('end_user');
    const slim = await call('order_list', { fields: ['status'] });
    expect(Object.keys(slim.data[0]).sort()).toEqual(['id', 'status']);
    const full = await call('order_list', { fields: ['all'], page_size: 100 });
    expect(full.truncated).toMatch(/~8,000 tokens; pass next_cursor as cursor/);
    expect(countTokens(JSON.stringify(full))).toBeLessThan(10_000);
    // the trimmed remainder comes next, then page 2 follows: nothing skipped
    const rest = await call('order_list', { cursor: full.next_cursor });
    expect(rest.data[0].id).not.toBe(full.data.at(-1).id);
    expect(full.data.length + rest.data.length).toBeLessThanOrEqual(100);
  });

  it('results link the resources they mention', async () => {
    const result = await s.mcp.call('order_get', { porting_order_id: [...s.sandbox.store.orders.keys()][0] });
    const link = result.content.find((c) => c.type === 'resource_link');
    expect(link).toMatchObject({
      type: 'resource_link',
      uri: expect.stringMatching(/^telnyx-porting:\/\/porting-orders\//),
    });
  });
});
