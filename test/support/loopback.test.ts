import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { json, type Loopback, startLoopback, telnyxError } from './loopback.js';
import { validateRequest } from './openapi.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startLoopback', () => {
  it('records requests (without /v2) before the handler answers', async () => {
    server = await startLoopback((req, res) => {
      expect(server?.requests.at(-1)).toBe(req);
      json(res, 201, { data: [] }, { 'x-ratelimit-remaining': '9' });
    });
    const res = await fetch(`${server.url}/porting_orders?page[size]=5`, {
      method: 'POST',
      headers: { accept: 'application/json', authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ phone_numbers: ['+13035550000'] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(await res.json()).toEqual({ data: [] });

    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/porting_orders?page[size]=5' });
    expect(validateRequest(req ?? { method: '', url: '', headers: {} }).errors).toEqual([
      'query page: not a declared parameter of CreatePortingOrder',
    ]);
  });

  it('writes the Telnyx error envelope and records empty bodies as undefined', async () => {
    server = await startLoopback((_req, res) =>
      telnyxError(res, 422, [
        { code: '10015', title: 'Bad Request', detail: 'nope', pointer: '/phone_numbers' },
      ]),
    );
    const res = await fetch(`${server.url}/porting_orders`);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      errors: [
        {
          code: '10015',
          title: 'Bad Request',
          detail: 'nope',
          source: { pointer: '/phone_numbers' },
          meta: { url: 'https://developers.telnyx.com/docs/overview/errors/10015' },
        },
      ],
    });
    expect(server.requests[0]?.body).toBeUndefined();
  });

  it('closes promptly with an idle keep-alive connection and a stalled request open', async () => {
    server = await startLoopback((req, res) => {
      if (req.url !== '/stall') json(res, 200, {});
    });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) =>
      http.get(`${server?.url}/fast`, { agent }, (r) => r.resume().on('end', resolve)),
    );
    const stalled = fetch(`${server.url}/stall`).catch((err: unknown) => err);
    await expect.poll(() => server?.requests.length).toBe(2);
    await server.close();
    expect(await stalled).toBeInstanceOf(Error);
    agent.destroy();
  });
});
