import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { json, startLoopback, telnyxError } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';
import { spawnServer } from '../support/stdio.js';

const CANARY = 'KEYcanary_7f3a9b1c5d2e4f60';

/**
 * A hostile upstream that echoes the Authorization header back in every way it can: error details,
 * HTML pages, success payloads. The key must still never reach a tool result, stdout or stderr.
 */
function echoingApi() {
  let n = 0;
  return startLoopback((req, res) => {
    const auth = String(req.headers.authorization);
    switch (n++ % 5) {
      case 0:
        return telnyxError(res, 401, [
          { code: '10009', title: 'Authentication failed', detail: `Bad: ${auth}` },
        ]);
      case 1:
        return telnyxError(res, 422, [{ code: '10015', title: auth, detail: 'x', pointer: `/${auth}` }]);
      case 2:
        return res.writeHead(502, { 'content-type': 'text/html' }).end(`<h1>${auth}</h1>`);
      case 3:
        return json(res, 200, { data: { id: auth, note: [auth] }, meta: { echo: auth } });
      default:
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(auth);
    }
  });
}

describe('the API key never leaves the server', () => {
  it('in-process: no tool result contains the key, across every tool and error class', async () => {
    const api = await echoingApi();
    const mcp = await connect({ baseUrl: api.url, apiKey: CANARY, maxRetries: 0 });
    try {
      for (const endpoint of catalog) {
        for (let i = 0; i < 2; i++) {
          const result = await mcp.call(endpoint.name, toolArgs[endpoint.name]);
          expect(JSON.stringify(result)).not.toContain(CANARY);
        }
        const invalid = await mcp.call(endpoint.name, { bogus: CANARY });
        expect(JSON.stringify(invalid)).not.toContain('KEYcanary_7f3a9b1c5d2e4f60');
        // a value that is quoted back in the error message
        const quoted = await mcp.call(endpoint.name, {
          ...toolArgs[endpoint.name],
          porting_order_id: CANARY,
          id: CANARY,
        });
        expect(textOf(quoted)).not.toContain(CANARY);
      }
      // resources too: reads and lists, whatever the upstream answers
      for (const uri of [
        'telnyx-porting://porting-orders/3fa85f64-5717-4562-b3fc-2c963f66afa6',
        'telnyx-porting://porting-orders/3fa85f64-5717-4562-b3fc-2c963f66afa6/comments',
        'telnyx-porting://loa-configurations/3fa85f64-5717-4562-b3fc-2c963f66afa6/preview.pdf',
        'telnyx-porting://porting-events/3fa85f64-5717-4562-b3fc-2c963f66afa6',
      ]) {
        for (let i = 0; i < 3; i++) {
          const outcome = await mcp.client.readResource({ uri }).then(
            (r) => JSON.stringify(r),
            (e: Error) => e.message,
          );
          expect(outcome).not.toContain(CANARY);
        }
      }
      for (let i = 0; i < 5; i++) {
        const listed = await mcp.client.listResources().then(
          (r) => JSON.stringify(r),
          (e: Error) => e.message,
        );
        expect(listed).not.toContain(CANARY);
      }
      // the upstream really did receive (and echo) the key
      expect(api.requests.every((r) => r.headers.authorization === `Bearer ${CANARY}`)).toBe(true);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('stdio: neither stdout nor stderr ever carries the key', async () => {
    const api = await echoingApi();
    const server = spawnServer({ TELNYX_API_KEY: CANARY, TELNYX_BASE_URL: api.url });
    try {
      await server.initialize();
      await server.request('tools/list');
      for (const endpoint of catalog.slice(0, 20)) {
        await server.request('tools/call', { name: endpoint.name, arguments: toolArgs[endpoint.name] });
      }
      await server.stop();
      expect(api.requests.length).toBeGreaterThan(20);
      expect(server.stdout).not.toContain(CANARY);
      expect(server.stderr).not.toContain(CANARY);
      expect(server.stdout).toContain('[redacted]');
    } finally {
      await api.close();
    }
  });
});
