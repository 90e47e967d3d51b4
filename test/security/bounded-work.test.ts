import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../src/mcp/answer-size.js';
import { createServer } from '../../src/server.js';
import { CALLS_PER_CALL } from '../../src/telnyx/budget.js';
import { json, startLoopback } from '../support/loopback.js';
import { connect, TEST_KEY, textOf } from '../support/mcp.js';

const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('bounded work and answers', () => {
  it('refuses more than 1000 numbers in one portability_check, saying how to split, before any request', async () => {
    const api = await startLoopback((_req, res) => json(res, 200, { data: [] }));
    const mcp = await connect({ baseUrl: api.url });
    try {
      const numbers = Array.from({ length: 2500 }, (_, i) => `+1303555${String(i).padStart(4, '0')}`);
      const result = await mcp.call('portability_check', { phone_numbers: numbers });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/2500 items; at most 1000 per call: split them into 3 calls/);
      expect(api.requests).toHaveLength(0);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('stops a resource read after the per-call number of API requests, whatever the upstream claims', async () => {
    // One item per page and a page count that never ends.
    const api = await startLoopback((_req, res) =>
      json(res, 200, { data: [{ id: ID, body: 'x' }], meta: { page_number: 1, total_pages: 1_000_000 } }),
    );
    const mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
    try {
      const outcome = await mcp.client
        .readResource({ uri: `telnyx-porting://porting-orders/${ID}/comments` })
        .then(
          () => 'read',
          (e: Error) => e.message,
        );
      expect(outcome).toMatch(/Stopped after 40 API requests/);
      expect(api.requests).toHaveLength(CALLS_PER_CALL);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('keeps tool results and resource reads under the byte budget, with a note on how to get the rest', async () => {
    const big = 'y'.repeat(2000);
    const api = await startLoopback((req, res) => {
      if (req.url.startsWith('/portability_checks'))
        return json(res, 200, {
          data: Array.from({ length: 100 }, (_, i) => ({
            phone_number: `+1303555${i}`,
            note: big.repeat(10),
          })),
        });
      if (req.url.startsWith(`/porting_orders/${ID}?`) || req.url === `/porting_orders/${ID}`)
        return json(res, 200, { data: { id: ID, huge: big.repeat(1500) } });
      return json(res, 200, {
        data: Array.from({ length: 250 }, (_, i) => ({ id: `${i}`, body: big.repeat(3) })),
        meta: { page_number: 1, total_pages: 1 },
      });
    });
    const mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
    try {
      const list = await mcp.call('portability_check', { phone_numbers: ['+13035550000'] });
      expect(size(list)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
      expect((list.structuredContent as { truncated?: string }).truncated).toMatch(
        /items fit in this answer/,
      );

      const one = await mcp.call('order_get', { porting_order_id: ID });
      expect(size(one)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
      expect(textOf(one)).toMatch(/Truncated: the answer was \d+ bytes/);

      const read = await mcp.client.readResource({ uri: `telnyx-porting://porting-orders/${ID}/comments` });
      expect(size(read)).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 1024);
      const text = (read.contents[0] as { text: string }).text;
      expect(JSON.parse(text).truncated).toMatch(/list tool/);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('caps the API requests of all calls one server handles (the HTTP transport: one server per request)', async () => {
    const api = await startLoopback((_req, res) => json(res, 200, { data: { id: ID } }));
    const server = createServer({ apiKey: TEST_KEY, baseUrl: api.url }, { maxApiCalls: 3 });
    const client = new Client({ name: 't', version: '1' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    await client.connect(a);
    try {
      const results: CallToolResult[] = [];
      for (let i = 0; i < 5; i++)
        results.push(
          (await client.callTool({
            name: 'order_get',
            arguments: { porting_order_id: ID },
          })) as CallToolResult,
        );
      expect(results.map((r) => !!r.isError)).toEqual([false, false, false, true, true]);
      expect(textOf(results[3] as CallToolResult)).toMatch(/split the work/);
      expect(api.requests).toHaveLength(3);
    } finally {
      await client.close();
      await server.close();
      await api.close();
    }
  });
});
