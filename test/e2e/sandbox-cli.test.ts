import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, spawnServer } from '../support/stdio.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON read from the wire
type Json = any;

describe('sandbox from the command line', () => {
  it('--sandbox: no key needed, says SANDBOX on stderr and in the instructions, and tools work', async () => {
    const server = spawnServer({ TELNYX_API_KEY: 'KEY_real_never_sent' }, ['--sandbox']);
    const init = JSON.parse(await server.initialize());
    expect(init.result.instructions).toMatch(/^SANDBOX MODE/);
    const call = JSON.parse(
      await server.request('tools/call', {
        name: 'portability_check',
        arguments: { phone_numbers: ['+13035550007'] },
      }),
    );
    expect(call.result.isError).toBeFalsy();
    expect(call.result.structuredContent.data[0]).toMatchObject({
      portable: false,
      not_portable_reason: 'No coverage',
    });
    expect(await server.stop()).toBe(0);
    expect(server.stderr).toMatch(/SANDBOX at http:\/\/127\.0\.0\.1:\d+\/v2/);
  });

  it('TELNYX_SANDBOX=1 works the same', async () => {
    const server = spawnServer({ TELNYX_SANDBOX: '1' });
    const init = JSON.parse(await server.initialize());
    expect(init.result.instructions).toMatch(/^SANDBOX MODE/);
    await server.stop();
  });

  it('`sandbox` runs it alone and prints its base URL; plain HTTP clients can use it', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox', '--sandbox-seed', '50'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once('exit', () => reject(new Error('sandbox exited')));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
      const res = await fetch(`${url}/porting_phone_numbers?page[size]=1`, {
        headers: { authorization: 'Bearer any', accept: 'application/json' },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Json).meta.total_results).toBe(50);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
