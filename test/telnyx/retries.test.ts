import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ORDER, toolArgs } from '../fixtures/tool-args.js';
import { json, type Loopback, startLoopback, telnyxError } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';
import { sampleResponse } from '../support/openapi.js';

const ok = (operationId: string) => sampleResponse(operationId).body;

/** Answers the scripted statuses in turn, then the last one for ever. */
function scripted(steps: Array<(res: import('node:http').ServerResponse) => void>) {
  let i = 0;
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    const step = steps[Math.min(i, steps.length - 1)];
    i++;
    step?.(res);
  };
}
const fail =
  (status: number, headers: Record<string, string> = {}) =>
  (res: import('node:http').ServerResponse) =>
    telnyxError(
      res,
      status,
      [{ code: String(status === 429 ? 10011 : 10007), title: `Status ${status}` }],
      headers,
    );
const okList = (res: import('node:http').ServerResponse) => json(res, 200, ok('ListPortingOrders'));
const okCreated = (res: import('node:http').ServerResponse) => json(res, 201, ok('CreatePortingOrder'));

describe('retries, timeouts and cancellation (through the MCP client)', () => {
  let api: Loopback | undefined;
  let mcp: Awaited<ReturnType<typeof connect>> | undefined;
  afterEach(async () => {
    await mcp?.close();
    await api?.close();
    mcp = undefined;
    api = undefined;
  });

  async function setup(handler: Parameters<typeof startLoopback>[0], config: Record<string, unknown> = {}) {
    api = await startLoopback(handler);
    mcp = await connect({ baseUrl: api.url, ...config });
    return { api, mcp };
  }

  it('retries a GET after 502/503 and succeeds on the third attempt', async () => {
    const { api, mcp } = await setup(scripted([fail(502), fail(503), okList]));
    const result = await mcp.call('order_list', {});
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(api.requests).toHaveLength(3);
  });

  it('gives up after 2 retries and says so', async () => {
    const { api, mcp } = await setup(scripted([fail(503)]));
    const result = await mcp.call('order_list', {});
    expect(result.isError).toBe(true);
    expect(api.requests).toHaveLength(3);
    expect(textOf(result)).toMatch(/HTTP 503/);
    expect(textOf(result)).toMatch(/Retried 2 times/);
  });

  it('retries PATCH and DELETE on 504', async () => {
    const { api, mcp } = await setup(
      scripted([
        fail(504),
        (res) => json(res, 200, ok('UpdatePortingOrder')),
        // the gate reads the order first: a draft, which may be deleted
        (res) => json(res, 200, { data: { id: ORDER, status: { value: 'draft', details: [] } } }),
        fail(504),
        (res) => res.writeHead(204).end(),
      ]),
    );
    expect(
      (await mcp.call('order_update', { porting_order_id: ORDER, customer_reference: 'x' })).isError,
    ).toBeFalsy();
    expect((await mcp.call('order_delete', { porting_order_id: ORDER, confirm: true })).isError).toBeFalsy();
    expect(api.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH', 'GET', 'DELETE', 'DELETE']);
  });

  it('never retries a POST after a 5xx: the order may have been created', async () => {
    const { api, mcp } = await setup(scripted([fail(503), okCreated]));
    const result = await mcp.call('order_create', toolArgs.order_create);
    expect(result.isError).toBe(true);
    expect(api.requests).toHaveLength(1);
    expect(textOf(result)).toMatch(/not retried: check whether it took effect/);
  });

  it('retries a POST after 429 and honours Retry-After in seconds', async () => {
    const { api, mcp } = await setup(scripted([fail(429, { 'retry-after': '1' }), okCreated]));
    const started = Date.now();
    const result = await mcp.call('order_create', toolArgs.order_create);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(api.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const when = new Date(Date.now() + 2000).toUTCString();
    const { api, mcp } = await setup(scripted([fail(429, { 'retry-after': when }), okList]));
    const started = Date.now();
    const result = await mcp.call('order_list', {});
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(api.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('does not wait out a Retry-After beyond the cap; tells the model how long to wait', async () => {
    const { api, mcp } = await setup(scripted([fail(429, { 'retry-after': '3600' })]));
    const result = await mcp.call('order_list', {});
    expect(api.requests).toHaveLength(1);
    expect(textOf(result)).toMatch(/HTTP 429/);
    expect(textOf(result)).toMatch(/Wait 3600 seconds/);
  });

  it('retries 429 without Retry-After with backoff, at most twice', async () => {
    const { api, mcp } = await setup(scripted([fail(429)]));
    const result = await mcp.call('portability_check', toolArgs.portability_check);
    expect(result.isError).toBe(true);
    expect(api.requests).toHaveLength(3);
    expect(textOf(result)).toMatch(/Rate limited\. Retried 2 times/);
  });

  it('times out a request that gets no answer and does not resend a POST', async () => {
    const { api, mcp } = await setup(() => {}, { timeoutMs: 300 });
    const result = await mcp.call('order_create', toolArgs.order_create);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/\(timeout\) No complete answer within 300 ms/);
    expect(api.requests).toHaveLength(1);
  });

  it('times out a response whose body stalls', async () => {
    const { mcp } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":[');
      },
      { timeoutMs: 300 },
    );
    const result = await mcp.call('order_list', {});
    expect(textOf(result)).toMatch(/timeout/);
  });

  it('does not resend a POST whose connection was reset after it was sent', async () => {
    const { api, mcp } = await setup((_req, res) => res.socket?.destroy());
    const result = await mcp.call('order_create', toolArgs.order_create);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/\(connection\)/);
    expect(api.requests).toHaveLength(1);
  });

  it('retries a GET whose connection was reset', async () => {
    const { api, mcp } = await setup(scripted([(res) => res.socket?.destroy(), okList]));
    const result = await mcp.call('order_list', {});
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(api.requests).toHaveLength(2);
  });

  it('retries a POST when the connection was refused (nothing was sent)', async () => {
    const port = await freePort();
    mcp = await connect({ baseUrl: `http://127.0.0.1:${port}/v2` });
    const result = await mcp.call('order_create', toolArgs.order_create);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/ECONNREFUSED/);
    expect(textOf(result)).toMatch(/Retried 2 times/);
  });

  it('cancellation from the MCP client aborts the HTTP request', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const { mcp } = await setup((_req, res) => {
      res.on('close', () => closed());
    });
    const controller = new AbortController();
    const call = mcp.call('order_list', {}, { signal: controller.signal });
    await waitFor(() => (api?.requests.length ?? 0) === 1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await socketClosed; // the server saw the request go away: the HTTP call was aborted
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
