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

  it('a message over the 10 MB stdio limit is refused with a JSON-RPC error, and the server keeps serving', async () => {
    const server = spawnServer({ TELNYX_API_KEY: 'KEY_garbage_0123456789' });
    try {
      await server.initialize();
      server.child.stdin.on('error', () => {});
      const big = 'a'.repeat(11 * 1024 * 1024);
      // Its id can be read from its first bytes: the error carries it.
      server.child.stdin.write(`{"jsonrpc":"2.0","id":9,"method":"ping","params":{"x":"${big}"}}\n`);
      // Its id cannot: the error says null.
      server.child.stdin.write(`{"params":{"x":"${big}"},"jsonrpc":"2.0","id":10,"method":"ping"}\n`);
      const list = JSON.parse(await server.request('tools/list'));
      expect(list.result.tools).toHaveLength(DEFAULT_TOOLS);
      const lines = server.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const refusals = lines.filter((m) => m.error?.code === -32600);
      expect(refusals.map((m) => m.id)).toEqual([9, null]);
      expect(refusals[0].error.message).toMatch(/over 10485760 bytes \(the stdio limit\): refused/);
      expect(server.stderr).toMatch(/error: stdio transport: .*over 10485760 bytes was refused/);
      expect(server.child.exitCode).toBeNull();
      expect(await server.stop()).toBe(0);
    } finally {
      server.child.kill();
    }
  }, 30_000);
});
