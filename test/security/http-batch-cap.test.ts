import { spawn } from 'node:child_process';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startLoopback } from '../support/loopback.js';
import { CLI } from '../support/stdio.js';

/** One POST to /mcp; resolves with the raw answer. */
function post(url: string, body: unknown, token: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-06-18',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the HTTP transport caps the API requests of one HTTP request', () => {
  it('a batch of 20 large portability checks makes at most 100 API requests, and says why the rest failed', async () => {
    const api = await startLoopback((req, res) => {
      const numbers = (JSON.parse(req.body ?? '{}') as { phone_numbers?: string[] }).phone_numbers ?? [];
      const data = numbers.map((phone_number) => ({ phone_number, portable: true, fast_portable: false }));
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
    const token = 'tok_batch_0123456789abcdef';
    const child = spawn(process.execPath, [CLI, '--transport', 'http', '--port', '0'], {
      env: {
        PATH: process.env.PATH,
        TELNYX_API_KEY: 'KEY_batch_test',
        TELNYX_BASE_URL: api.url,
        MCP_HTTP_TOKEN: token,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          const found = /serving MCP at (http:\/\/\S+\/mcp)/.exec(stderr);
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', () => reject(new Error(`server exited: ${stderr}`)));
      });
      // 1,000 numbers per call (the per-call maximum) go out as 10 API requests of 100 each.
      const numbers = Array.from({ length: 1000 }, (_, i) => `+1303555${String(i).padStart(4, '0')}`);
      // Stateless: no initialize needed; every message of the batch is served by one server instance.
      const batch = Array.from({ length: 20 }, (_, i) => ({
        jsonrpc: '2.0',
        id: i + 1,
        method: 'tools/call',
        params: { name: 'portability_check', arguments: { phone_numbers: numbers } },
      }));
      const answer = await post(url, batch, token);
      expect(answer.status).toBe(200);
      expect(api.requests.length).toBeGreaterThan(0);
      expect(api.requests.length).toBeLessThanOrEqual(100);
      // Calls past the cap come back as tool results saying so, not as a crash or a silent success.
      expect(answer.text).toMatch(/isError/);
    } finally {
      child.kill('SIGTERM');
      await api.close();
    }
  });
});
