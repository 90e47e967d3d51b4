import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/sandbox/limits.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';

let sandbox: Sandbox;
let port: number;

/** A raw request, so Host and Origin can be set as a browser under DNS rebinding would send them. */
function send(
  method: string,
  path: string,
  { host, origin, body }: { host?: string; origin?: string; body?: unknown } = {},
): Promise<{
  status: number;
  json: { errors?: Array<{ title: string; detail: string; source?: unknown }> };
}> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: `/v2${path}`,
        headers: {
          host: host ?? `127.0.0.1:${port}`,
          authorization: 'Bearer KEY_sandbox',
          accept: 'application/json',
          ...(origin ? { origin } : {}),
          ...(text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: raw ? JSON.parse(raw) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 0 });
  port = Number(new URL(sandbox.url).port);
});
afterAll(() => sandbox.close());

describe('sandbox: Host and Origin are checked like the HTTP transport', () => {
  it('serves its own names and refuses foreign ones with a Telnyx-style 403', async () => {
    expect((await send('GET', '/porting_orders')).status).toBe(200);
    expect((await send('GET', '/porting_orders', { host: `localhost:${port}` })).status).toBe(200);
    expect((await send('GET', '/porting_orders', { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    const rebound = await send('GET', '/porting_orders', { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.json.errors?.[0]?.detail).toMatch(/Host attacker.example:\d+ is not allowed/);
    const page = await send('POST', '/porting_orders', {
      origin: 'http://attacker.example',
      body: { phone_numbers: ['+13035550100'] },
    });
    expect(page.status).toBe(403);
    expect(page.json.errors?.[0]?.detail).toMatch(/Origin http:\/\/attacker.example is not allowed/);
    expect(sandbox.store.orders.size).toBe(0);
  });
});

describe('sandbox: state is capped with clear errors', () => {
  it('refuses a comment over the size limit, naming the field', async () => {
    const created = await send('POST', '/porting_orders', { body: { phone_numbers: ['+13035550100'] } });
    expect(created.status).toBe(201);
    const id = (created.json as unknown as { data: Array<{ id: string }> }).data[0]?.id;
    const ok = await send('POST', `/porting_orders/${id}/comments`, { body: { body: 'hello' } });
    expect(ok.status).toBe(201);
    const big = await send('POST', `/porting_orders/${id}/comments`, {
      body: { body: 'x'.repeat(LIMITS.commentChars + 1) },
    });
    expect(big.status).toBe(422);
    expect(big.json.errors?.[0]).toMatchObject({ source: { pointer: '/body' } });
  });

  it('refuses new orders once the order limit is reached, and all writes past the byte limit', async () => {
    const saved = { ...LIMITS };
    try {
      LIMITS.orders = sandbox.store.orders.size;
      const refused = await send('POST', '/porting_orders', { body: { phone_numbers: ['+13035550101'] } });
      expect(refused.status).toBe(422);
      expect(refused.json.errors?.[0]?.detail).toMatch(/at most \d+ porting orders\. Delete some/);
      Object.assign(LIMITS, saved);
      LIMITS.writtenBytes = 0;
      const full = await send('POST', '/porting_orders', { body: { phone_numbers: ['+13035550102'] } });
      expect(full.status).toBe(422);
      expect(full.json.errors?.[0]?.title).toBe('Sandbox limit reached');
    } finally {
      Object.assign(LIMITS, saved);
    }
  });
});
