import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHandle, startHttpServer, tokenMatches } from '../../src/http/server.js';
import { CursorCodec } from '../../src/mcp/cursor.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { createClient, createServer } from '../../src/server.js';
import { DEFAULT_TOOLS } from '../support/served.js';

const TOKEN = 'tok_0123456789abcdef0123';

/** A raw request, to set headers a client library would not let us get wrong. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('Streamable HTTP transport', () => {
  let sandbox: Sandbox;
  let server: HttpHandle;
  let port: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const config = { baseUrl: sandbox.url, apiKey: 'KEY_sandbox', sandbox: true };
    const client = createClient(config);
    const codec = new CursorCodec();
    server = await startHttpServer(() => createServer(config, { client, codec, elicitation: false }), {
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      allowedOrigins: ['https://inspector.example'],
    });
    port = new URL(server.url).port;
  });
  afterAll(async () => {
    await server.close();
    await sandbox.close();
  });

  const connect = async (token = TOKEN) => {
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  };

  it('serves tools, resources and calls with the token', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(DEFAULT_TOOLS);
    expect(client.getInstructions()).toMatch(/^SANDBOX MODE/);
    const result = await client.callTool({
      name: 'portability_check',
      arguments: { phone_numbers: ['+13035550007'] },
    });
    expect(result.structuredContent).toMatchObject({
      data: [{ portable: false, not_portable_reason: 'No coverage' }],
    });
    await client.close();
  });

  it('cursors work across requests (each request is a fresh stateless server)', async () => {
    const client = await connect();
    await client.callTool({
      name: 'order_create',
      arguments: { phone_numbers: ['+13035550100', '+13035550103', '+442079460104'] },
    });
    const first = (await client.callTool({ name: 'order_list', arguments: { page_size: 1 } }))
      .structuredContent as {
      next_cursor: string;
    };
    const next = await client.callTool({ name: 'order_list', arguments: { cursor: first.next_cursor } });
    expect(next.isError).toBeFalsy();
    await client.close();
  });

  it('a cursor from this server works on another replica with the same settings (no shared secret)', async () => {
    const config = { baseUrl: sandbox.url, apiKey: 'KEY_sandbox', sandbox: true };
    const replica = await startHttpServer(
      () => createServer(config, { client: createClient(config), codec: CursorCodec.fromSecret(undefined) }),
      { host: '127.0.0.1', port: 0, token: TOKEN },
    );
    try {
      const client = await connect();
      await client.callTool({
        name: 'order_create',
        arguments: { phone_numbers: ['+13035550201', '+13035550212'] },
      });
      const first = (await client.callTool({ name: 'order_list', arguments: { page_size: 1 } }))
        .structuredContent as {
        next_cursor: string;
      };
      await client.close();
      const other = new Client({ name: 'http-test', version: '1.0.0' });
      await other.connect(
        new StreamableHTTPClientTransport(new URL(replica.url), {
          requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
        }),
      );
      const next = await other.callTool({ name: 'order_list', arguments: { cursor: first.next_cursor } });
      expect(next.isError).toBeFalsy();
      expect((next.structuredContent as { meta: { page_number: number } }).meta.page_number).toBe(2);
      await other.close();
    } finally {
      await replica.close();
    }
  });

  it('401 without a token, with a wrong, empty, non-bearer or very long one', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong',
      'Bearer ',
      `Basic ${TOKEN}`,
      TOKEN,
      `Bearer ${TOKEN}x`,
      `Bearer ${'a'.repeat(10_000)}`,
    ]) {
      const res = await raw(server.url, {
        headers: { ...mcpHeaders, ...(authorization === undefined ? {} : { authorization }) },
        body: INIT,
      });
      expect(res.status, String(authorization).slice(0, 20)).toBe(401);
    }
    await expect(connect('nope-nope-nope-nope')).rejects.toThrow();
  });

  it('the scheme is case-insensitive; the token is not', async () => {
    expect(
      (await raw(server.url, { headers: { ...mcpHeaders, authorization: `bearer ${TOKEN}` }, body: INIT }))
        .status,
    ).toBe(200);
    expect(tokenMatches(`Bearer ${TOKEN.toUpperCase()}`, TOKEN)).toBe(false);
    expect(tokenMatches(`BEARER ${TOKEN}`, TOKEN)).toBe(true);
  });

  it('403 for a foreign Host or Origin (DNS rebinding), before the token is even looked at', async () => {
    const auth = { ...mcpHeaders, authorization: `Bearer ${TOKEN}` };
    expect(
      (await raw(server.url, { headers: { ...auth, host: `evil.example:${port}` }, body: INIT })).status,
    ).toBe(403);
    expect(
      (await raw(server.url, { headers: { ...auth, origin: 'https://evil.example' }, body: INIT })).status,
    ).toBe(403);
    expect(
      (await raw(server.url, { headers: { ...auth, origin: 'https://inspector.example' }, body: INIT }))
        .status,
    ).toBe(200);
    expect(
      (await raw(server.url, { headers: { ...auth, host: `localhost:${port}` }, body: INIT })).status,
    ).toBe(200);
  });

  it('caps bodies, refuses GET streams in stateless mode, and answers /healthz', async () => {
    const auth = { ...mcpHeaders, authorization: `Bearer ${TOKEN}` };
    expect((await raw(server.url, { headers: auth, body: `[${'1,'.repeat(600_000)}1]` })).status).toBe(413);
    expect((await raw(server.url, { method: 'GET', headers: auth })).status).toBe(405);
    expect((await raw(server.url, { headers: auth, body: '{not json' })).status).toBe(400);
    const health = await raw(server.url.replace('/mcp', '/healthz'), { method: 'GET' });
    expect(health).toEqual({ status: 200, body: '{"status":"ok"}' });
  });

  it('20 concurrent clients all succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const client = await connect();
        const result = await client.callTool({
          name: 'portability_check',
          arguments: { phone_numbers: [`+1303555${String(2000 + i)}`] },
        });
        await client.close();
        return result;
      }),
    );
    expect(results.filter((r) => !r.isError)).toHaveLength(20);
  });

  it('asks for confirm: true instead of eliciting (the answer could not come back to this instance)', async () => {
    const client = new Client({ name: 'eliciting', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { confirm: true } }));
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
    const result = await client.callTool({
      name: 'loa_config_delete',
      arguments: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ confirmation_required: true });
    expect(JSON.stringify(result.content)).toMatch(/Confirmation needed/);
    await client.close();
  });

  it('refuses to start on a non-loopback address without a token', async () => {
    await expect(startHttpServer(() => createServer({}), { host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /Refusing to serve HTTP on 0\.0\.0\.0 without a token/,
    );
  });
});
