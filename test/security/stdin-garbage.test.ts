import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOOLS } from '../support/served.js';
import { spawnServer } from '../support/stdio.js';

describe('stdin garbage', () => {
  it('stdout carries only JSON-RPC and the server keeps serving', async () => {
    const server = spawnServer({ TELNYX_API_KEY: 'KEY_garbage_0123456789' });
    try {
      const garbage = [
        randomBytes(4096).toString('latin1').replace(/\n/g, ' '),
        'x'.repeat(5 * 1024 * 1024),
        '{"not":"json-rpc"}',
        '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":"oops"}',
        '{"jsonrpc":"2.0","id":8,"method":"no/such/method"}',
        '[1,2,3]',
        '{"jsonrpc":"2.0","id":',
        'null',
      ];
      for (const line of garbage) server.child.stdin.write(`${line}\n`);
      const init = JSON.parse(await server.initialize());
      expect(init.result.serverInfo.name).toBe('telnyx-porting-mcp');
      const list = JSON.parse(await server.request('tools/list'));
      expect(list.result.tools).toHaveLength(DEFAULT_TOOLS);
      expect(await server.stop()).toBe(0);
      const lines = server.stdout.trim().split('\n');
      for (const line of lines) expect(JSON.parse(line).jsonrpc).toBe('2.0');
      // an unknown method gets a JSON-RPC error; malformed messages are dropped, never echoed
      const errors = lines.map((l) => JSON.parse(l)).filter((m) => m.error);
      expect(errors.map((m) => m.id)).toContain(8);
    } finally {
      server.child.kill();
    }
  }, 30_000);

  it('a message over the 10 MB stdio limit is reported on stderr, not met with silence', async () => {
    const server = spawnServer({ TELNYX_API_KEY: 'KEY_garbage_0123456789' });
    try {
      await server.initialize();
      server.child.stdin.on('error', () => {}); // the server may stop reading mid-message
      server.child.stdin.write(
        `{"jsonrpc":"2.0","id":9,"method":"ping","params":{"x":"${'a'.repeat(11 * 1024 * 1024)}"}}\n`,
      );
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (server.stderr.includes('exceeded') || server.child.exitCode !== null) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
      expect(server.stderr).toMatch(/error: stdio transport: .*exceeded maximum size/);
    } finally {
      server.child.kill();
    }
  }, 30_000);
});
