import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER, toolArgs } from '../fixtures/tool-args.js';
import { type Loopback, startLoopback, telnyxError } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';
import { DEFAULT_TOOLS } from '../support/served.js';

/** What the loopback answers next; each test sets it. */
let answer: (res: ServerResponse) => void = (res) => res.writeHead(204).end();

describe('API errors become isError results a model can act on', () => {
  let api: Loopback;
  let mcp: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    api = await startLoopback((_req, res) => answer(res));
    mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await mcp.close();
    await api.close();
  });

  const cases: Array<{
    name: string;
    answer: (res: ServerResponse) => void;
    tool?: string;
    expect: RegExp[];
  }> = [
    {
      name: '401 points at the API key',
      answer: (res) =>
        telnyxError(res, 401, [{ code: '10009', title: 'Authentication failed', detail: 'Bad key.' }]),
      expect: [/HTTP 401/, /10009 Authentication failed: Bad key\./, /check TELNYX_API_KEY/],
    },
    {
      name: '403 says the key may not do it',
      answer: (res) => telnyxError(res, 403, [{ code: '10010', title: 'Authorization failed' }]),
      expect: [/HTTP 403/, /10010 Authorization failed/, /may not do that/],
    },
    {
      name: '404 says list first',
      answer: (res) =>
        telnyxError(res, 404, [{ code: '10005', title: 'Resource not found', detail: 'No order.' }]),
      tool: 'order_get',
      expect: [/HTTP 404/, /failed in order_get/, /10005 Resource not found: No order\./, /list first/],
    },
    {
      name: '422 names every field',
      answer: (res) =>
        telnyxError(res, 422, [
          {
            code: '80001',
            title: 'Invalid phone number',
            detail: 'Not portable.',
            pointer: '/phone_numbers/0',
          },
          { code: '10015', title: 'Bad Request', detail: 'Missing.', pointer: '/customer_reference' },
        ]),
      tool: 'order_create',
      expect: [
        /HTTP 422/,
        /80001 Invalid phone number: Not portable\. \(field phone_numbers\[0\]\)/,
        /10015 Bad Request: Missing\. \(field customer_reference\)/,
        /Hint: Fix phone_numbers\[0\], customer_reference in order_create, then call order_create again/,
      ],
    },
    {
      name: "a 422 on an order step names order_update and the order's field",
      answer: (res) =>
        telnyxError(res, 422, [
          { code: '10015', title: 'Requirements not met', detail: 'Missing.', pointer: '/documents/loa' },
        ]),
      tool: 'order_confirm',
      expect: [
        /failed in order_confirm: HTTP 422/,
        /Hint: Set documents\.loa with order_update, then call order_confirm again/,
      ],
    },
    {
      name: 'a 422 that names no field gets no field hint',
      answer: (res) => telnyxError(res, 422, [{ code: '10015', title: 'Bad Request', detail: 'Not now.' }]),
      tool: 'order_cancel',
      expect: [/Hint: The API refused this step for the order as it is now: .*order_get/, /^(?![\s\S]*Fix)/],
    },
    {
      name: '429 says how long to wait',
      answer: (res) =>
        telnyxError(res, 429, [{ code: '10011', title: 'Too many requests' }], { 'retry-after': '7' }),
      expect: [/HTTP 429/, /10011 Too many requests/, /Wait 7 seconds/],
    },
    {
      name: '500 on a read says try again',
      answer: (res) => telnyxError(res, 500, [{ code: '10007', title: 'Unexpected error' }]),
      expect: [/HTTP 500/, /\(server\)/, /Try again shortly/],
    },
    {
      name: '500 on a POST says check before repeating',
      answer: (res) => telnyxError(res, 500, [{ code: '10007', title: 'Unexpected error' }]),
      tool: 'order_confirm',
      expect: [/HTTP 500/, /not retried: check whether it took effect/],
    },
    {
      name: 'an HTML error page is reduced to its text',
      answer: (res) =>
        res
          .writeHead(502, { 'content-type': 'text/html' })
          .end('<html><head><style>b{}</style></head><body><h1>502 Bad Gateway</h1></body></html>'),
      expect: [/HTTP 502: 502 Bad Gateway/],
    },
    {
      name: 'malformed JSON on success is a clear error',
      answer: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [1,'),
      expect: [/\(bad_response\)/, /invalid JSON/],
    },
    {
      name: 'a success with the wrong content type is a clear error',
      answer: (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'),
      expect: [/expected JSON, got text\/html/],
    },
    {
      name: 'a PDF operation answered with JSON is a clear error',
      answer: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'),
      tool: 'loa_config_preview',
      expect: [/expected a PDF, got application\/json/],
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      answer = c.answer;
      const tool = c.tool ?? 'order_list';
      const result = await mcp.call(tool, toolArgs[tool]);
      expect(result.isError).toBe(true);
      for (const pattern of c.expect) expect(textOf(result)).toMatch(pattern);
    });
  }

  it('an empty 204 is a short confirmation', async () => {
    answer = (res) => res.writeHead(204).end();
    const result = await mcp.call('order_delete', { porting_order_id: ORDER, confirm: true });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(`Delete a draft order: done for porting order ${ORDER}.`);
    expect(result.structuredContent).toEqual({ ok: true, status: 204, porting_order_id: ORDER });
  });
});

describe('without TELNYX_API_KEY', () => {
  it('still lists every tool, and calls explain how to set the key without any HTTP request', async () => {
    const api = await startLoopback((_req, res) => res.writeHead(500).end());
    const mcp = await connect({ baseUrl: api.url, apiKey: undefined });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools).toHaveLength(DEFAULT_TOOLS);
      const result = await mcp.call('order_list', {});
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Set TELNYX_API_KEY in the environment of this MCP server/);
      expect(api.requests).toHaveLength(0);
    } finally {
      await mcp.close();
      await api.close();
    }
  });
});
