import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/http/server.js';
import { ResultsStore } from '../../src/jobs/results-store.js';
import { CursorCodec } from '../../src/mcp/cursor.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { createClient, createServer } from '../../src/server.js';
import { textOf } from '../support/mcp.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

/**
 * Over the HTTP transport every HTTP request may make at most 100 API requests (as src/cli.ts serves
 * it), whatever a job tool's own limit (1,500): a file check there checks 100 chunks of 100 numbers,
 * 10,000 numbers, and answers "continue"; the next HTTP request goes on from there.
 */
describe('a file check over the HTTP transport', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-http-budget-'));
    mkdirSync(path.join(root, 'in'));
    const numbers = Array.from(
      { length: 12_000 },
      (_, i) => `+1${i < 6000 ? '720' : '303'}555${String(i % 6000).padStart(4, '0')}`,
    );
    writeFileSync(path.join(root, 'in', 'numbers.csv'), `Phone\n${numbers.join('\n')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('checks 10,000 numbers per call (100 requests of 100) and continues in the next', async () => {
    let checks = 0;
    const sandbox = await startSandbox({
      speed: 0,
      onExchange: (e) => {
        if (e.operationId === 'PostPortabilityCheck') checks++;
      },
    });
    const config = { baseUrl: sandbox.url, apiKey: 'KEY_sandbox', filesDir: [path.join(root, 'in')] };
    const client = createClient(config);
    const codec = new CursorCodec();
    const results = new ResultsStore();
    const http = await startHttpServer(
      () =>
        createServer(config, {
          client,
          codec,
          results,
          elicitation: false,
          maxApiCalls: 100,
          // The call's time never runs out here: only the request limit ends it.
          elapsed: () => 0,
        }),
      { host: '127.0.0.1', port: 0 },
    );
    const mcp = new Client({ name: 'http-budget', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    const call = async () => {
      const result = (await mcp.callTool({
        name: 'portability_check_file',
        arguments: { path: 'numbers.csv' },
      })) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
      return result.structuredContent as Json;
    };

    const first = await call();
    expect(first.status).toBe('continue');
    expect(checks).toBe(100);
    expect(first.requests_this_call).toBe(100);
    expect(first.checked_this_call).toBe(10_000);
    expect(first.rows_done).toBe(10_000);
    expect(first.next).toMatch(/continue after row 10001/);
    const second = await call();
    expect(second.status).toBe('done');
    expect(second.checked_this_call).toBe(2000);
    expect(second.rows_done).toBe(12_000);
    expect(checks).toBe(120);

    await mcp.close();
    await http.close();
    await client.close();
    await sandbox.close();
  }, 60_000);
});
