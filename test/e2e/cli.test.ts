import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/config.js';
import { CLI, spawnServer } from '../support/stdio.js';

/** Runs the built CLI to its end with stdin closed at once, as `cmd </dev/null` would. */
function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('the command line', () => {
  it('stops with exit 2 and names the setting when a value is not understood', async () => {
    for (const [env, pattern] of [
      [
        { TELNYX_PORTING_READ_ONLY: 'maybe' },
        /TELNYX_PORTING_READ_ONLY: must be one of 1, 0, true, false, yes, no/,
      ],
      [{ MCP_HTTP_TOKEN: '   ' }, /MCP_HTTP_TOKEN: is set but blank/],
      [{ TELNYX_SANDBOX_SPEED: 'fast' }, /TELNYX_SANDBOX_SPEED/],
    ] as const) {
      const result = await run([], env);
      expect(result.code, JSON.stringify(env)).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stdout).toBe('');
    }
  });

  it('exits when stdin closes, in sandbox mode too', async () => {
    for (const args of [[], ['--sandbox']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(0);
    }
  });

  it('reports the tools it actually serves on start-up', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /ready on stdio: 64 tools/],
      [['--read-only'], /ready on stdio: 34 tools/],
      [['--tools', 'compact'], /ready on stdio: 3 tools/],
      [['--sandbox'], /ready on stdio: 65 tools, SANDBOX/],
    ];
    for (const [args, pattern] of cases) {
      const server = spawnServer({}, args);
      const list = JSON.parse(await server.request('tools/list'));
      await server.stop();
      expect(server.stderr, args.join(' ')).toMatch(pattern);
      const count = Number(/(\d+) tools/.exec(server.stderr)?.[1]);
      expect(list.result.tools).toHaveLength(count);
    }
  });

  it('--help lists every option in aligned columns', async () => {
    const { code, stdout } = await run(['--help'], { TELNYX_SANDBOX: 'maybe' });
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((line) => OPTIONS.some((o) => line.includes(` ${o.env} `)));
    expect(rows).toHaveLength(OPTIONS.length);
    const envColumn = new Set(rows.map((line) => line.search(/[A-Z]{3,}_/)));
    expect(envColumn.size).toBe(1);
    for (const option of OPTIONS) {
      expect(stdout).toMatch(new RegExp(`${option.env} +\\S`));
    }
  });
});
