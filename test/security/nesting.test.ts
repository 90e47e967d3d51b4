import { describe, expect, it } from 'vitest';
import { MAX_DEPTH } from '../../src/mcp/input-bounds.js';
import { startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

const nest = (levels: number, wrap: (v: unknown) => unknown) => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
};
const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('deep nesting is refused as an isError result, in arguments and answers', () => {
  it('arguments 10,000 levels deep, in full and compact mode, with nothing sent', async () => {
    const api = await startLoopback((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}'),
    );
    for (const tools of ['full', 'compact'] as const) {
      const mcp = await connect({ baseUrl: api.url, tools });
      try {
        for (const wrap of [(v: unknown) => ({ a: v }), (v: unknown) => [v]]) {
          const deep = { filter: nest(10_000, wrap) };
          const result =
            tools === 'full'
              ? await mcp.call('order_list', deep)
              : await mcp.call('porting_invoke', { name: 'order_list', arguments: deep });
          expect(result.isError).toBe(true);
          expect(textOf(result)).toContain(`nested deeper than ${MAX_DEPTH} levels`);
        }
      } finally {
        await mcp.close();
      }
    }
    // compact mode's own tools are bounded too (porting_find reads its query word by word)
    const mcp = await connect({ baseUrl: api.url, tools: 'compact' });
    try {
      const found = await mcp.call('porting_find', { query: 'a '.repeat(2_000_000) });
      expect(found.isError).toBe(true);
      expect(textOf(found)).toContain('query: longer than 10000 characters');
    } finally {
      await mcp.close();
    }
    expect(api.requests).toHaveLength(0);
    await api.close();
  });

  it('answers 100 and 100,000 levels deep', async () => {
    let levels = 100;
    const api = await startLoopback((_req, res) => {
      levels = levels === 100 ? 100_000 : 100;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(`{"data":${'['.repeat(levels)}${']'.repeat(levels)}}`);
    });
    const mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
    try {
      const result = await mcp.call('order_get', { porting_order_id: ID });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Unexpected answer from the API/);
      const read = await mcp.client.readResource({ uri: `telnyx-porting://porting-orders/${ID}` }).then(
        () => 'read',
        (e: Error) => e.message,
      );
      expect(read).toMatch(/Unexpected answer from the API/);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('error bodies 1,000,000 levels deep are cut into an excerpt, never crashed on', async () => {
    const deep = 1_000_000;
    const bodies = [
      `${'['.repeat(deep)}${']'.repeat(deep)}`,
      `{"errors":${'['.repeat(deep)}${']'.repeat(deep)}}`,
      `{"errors":[${'['.repeat(deep)}${']'.repeat(deep)}]}`,
      `{"errors":[{"code":"1","title":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}]}`,
      `{"errors":[${'['.repeat(deep)}`,
    ];
    let n = 0;
    const api = await startLoopback((_req, res) =>
      res.writeHead(422, { 'content-type': 'application/json' }).end(bodies[n++ % bodies.length]),
    );
    const mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
    try {
      for (const _ of bodies) {
        const result = await mcp.call('order_get', { porting_order_id: ID });
        expect(result.isError).toBe(true);
        const text = textOf(result);
        expect(text).not.toMatch(/Internal error/);
        expect(text).toMatch(/HTTP 422 \(invalid\) HTTP 422: [[{]/);
        expect(text.length).toBeLessThan(1000);
      }
      // And the server still answers.
      const list = await mcp.client.listTools();
      expect(list.tools.length).toBeGreaterThan(50);
    } finally {
      await mcp.close();
      await api.close();
    }
  });
});
