import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { startLoopback } from '../support/loopback.js';
import { DEFAULT_TOOLS } from '../support/served.js';
import { spawnServer } from '../support/stdio.js';

const CANARY = 'KEYcanary_fault_5a7c9e1b3d';

/** Ways an upstream can misbehave; each call meets the next one. */
const BEHAVIOURS: Array<(res: ServerResponse, auth: string) => void> = [
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":[{"id":"');
    setTimeout(() => res.socket?.destroy(), 5); // reset mid-body
  },
  (res, auth) =>
    res
      .writeHead(502, { 'content-type': 'text/html' })
      .end(`<html><body><h1>Bad gateway</h1>${auth}</body></html>`),
  (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [1, 2,'),
  (res) => res.writeHead(200, { 'content-type': 'application/xml' }).end('<data/>'),
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 32);
    for (let i = 0; i < 22; i++) res.write(chunk); // over the 20 MB cap
    res.end('{}');
  },
  () => {}, // never answers: the timeout ends it
  (res, auth) =>
    res
      .writeHead(429, { 'content-type': 'application/json', 'retry-after': '600' })
      .end(
        JSON.stringify({ errors: [{ code: '10011', title: 'Too many requests', detail: `key ${auth}` }] }),
      ),
  (res) =>
    res
      .writeHead(503, { 'content-type': 'application/json' })
      .end('{"errors":[{"code":"10007","title":"Unavailable"}]}'),
];

describe('a misbehaving API, every tool, the real process', () => {
  it('every call ends in a clear result; stdout is only JSON-RPC; the key never leaks; the server keeps serving', async () => {
    let n = 0;
    const api = await startLoopback((req, res) => {
      const behaviour = BEHAVIOURS[n++ % BEHAVIOURS.length] as (typeof BEHAVIOURS)[number];
      behaviour(res, String(req.headers.authorization));
    });
    const server = spawnServer({
      TELNYX_API_KEY: CANARY,
      TELNYX_BASE_URL: api.url,
      TELNYX_TIMEOUT_MS: '300',
    });
    try {
      await server.initialize();
      for (const endpoint of catalog) {
        const line = await server.request('tools/call', {
          name: endpoint.name,
          arguments: toolArgs[endpoint.name],
        });
        const response = JSON.parse(line);
        expect(response.error, endpoint.name).toBeUndefined(); // API trouble is a tool result, never a protocol error
        expect(response.result.content[0].text.length, endpoint.name).toBeGreaterThan(10);
        if (response.result.isError)
          expect(response.result.content[0].text).toMatch(/^Telnyx API call failed|^Confirmation needed/);
      }
      const list = JSON.parse(await server.request('tools/list'));
      expect(list.result.tools).toHaveLength(DEFAULT_TOOLS);
      expect(await server.stop()).toBe(0);
      for (const line of server.stdout.trim().split('\n')) expect(JSON.parse(line).jsonrpc).toBe('2.0');
      expect(server.stdout).not.toContain(CANARY);
      expect(server.stderr).not.toContain(CANARY);
      expect(api.requests.length).toBeGreaterThanOrEqual(catalog.length);
    } finally {
      await api.close();
    }
  }, 60_000);
});
