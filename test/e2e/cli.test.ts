import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/config.js';
import { servedToolNames } from '../../src/server.js';
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
      [{ TELNYX_BASE_URL: '' }, /TELNYX_BASE_URL: is set but blank/],
      [
        { TELNYX_PORTING_FILES_DIR: '/no/such/folder' },
        /TELNYX_PORTING_FILES_DIR: folder \/no\/such\/folder does not exist/,
      ],
      [
        { TELNYX_PORTING_OUTPUT_DIR: '/no/such/out' },
        /TELNYX_PORTING_OUTPUT_DIR: folder \/no\/such\/out does not exist/,
      ],
      [
        { MCP_HTTP_TOKEN_FILE: '/no/such/token' },
        /MCP_HTTP_TOKEN_FILE: cannot read \/no\/such\/token \(does not exist\)/,
      ],
    ] as const) {
      const result = await run([], env);
      expect(result.code, JSON.stringify(env)).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stdout).toBe('');
    }
  });

  it('reports every bad setting at once, flags and variables, one line each', async () => {
    const result = await run(['--read-only=maybe', '--files-dir', '/no/such/folder', '--base-url='], {
      TELNYX_TIMEOUT_MS: 'soon',
      TELNYX_PORTING_TOOLSETS: 'billing',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('[telnyx-porting-mcp] Invalid configuration (see --help):');
    expect(lines.slice(1).map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      '  - --base-url',
      '  - TELNYX_TIMEOUT_MS',
      '  - --read-only',
      '  - TELNYX_PORTING_TOOLSETS',
      '  - --files-dir',
    ]);
  });

  it('exits when stdin closes, in sandbox mode too', async () => {
    for (const args of [[], ['--sandbox']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(0);
    }
  });

  it('reports the tools it actually serves on start-up; boolean flags in every form', async () => {
    const all = servedToolNames({}).length;
    const readOnly = servedToolNames({ readOnly: true }).length;
    const cases: Array<[string[], number]> = [
      [[], all],
      [['--read-only'], readOnly],
      [['--read-only', 'no'], all],
      [['--read-only=false'], all],
      [['--read-only=yes'], readOnly],
      [['--no-read-only'], all],
      [['--tools', 'compact'], 3],
      // Sandbox mode adds its clock tool.
      [['--sandbox'], all + 1],
    ];
    expect(readOnly).toBeLessThan(all);
    for (const [args, expected] of cases) {
      const server = spawnServer({}, args);
      const list = JSON.parse(await server.request('tools/list'));
      await server.stop();
      expect(server.stderr, args.join(' ')).toMatch(new RegExp(`ready on stdio: ${expected} tools`));
      expect(list.result.tools, args.join(' ')).toHaveLength(expected);
    }
  });

  it('says where to set the API key as the install has it: the bundle form or the "env" block', async () => {
    // The environment the MCP Bundle's manifest gives the server, with the form left empty.
    const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));
    const bundleEnv = Object.fromEntries(
      Object.entries(manifest.server.mcp_config.env as Record<string, string>).map(([k, v]) => [
        k,
        v.replace(/\$\{user_config\.\w+\}/g, ''),
      ]),
    );
    for (const [env, says, never] of [
      [bundleEnv, /Settings → Extensions → Telnyx Number Porting → Configure/, /TELNYX_API_KEY|"env"/],
      [{}, /Set TELNYX_API_KEY in the environment .* the "env" block of the server's entry/, /Extensions/],
    ] as const) {
      const server = spawnServer(env);
      await server.initialize();
      const call = JSON.parse(await server.request('tools/call', { name: 'order_list', arguments: {} }));
      await server.stop();
      const hint = (call.result.content[0].text as string).split('\n').find((l) => l.startsWith('Hint:'));
      expect(hint).toMatch(says);
      expect(hint).not.toMatch(never);
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
      // Each flag with what follows it: booleans say they take an optional value.
      if (option.flag) {
        const form = option.type === 'boolean' ? `--${option.flag}[=BOOL]` : `--${option.flag} ${option.arg}`;
        expect(rows.find((r) => r.includes(` ${option.env} `))).toContain(form);
      }
    }
    // Every form a boolean flag takes, as README says.
    expect(stdout).toMatch(
      /--read-only turns it on; --read-only=no, --read-only no and --no-read-only turn\s+it off/,
    );
    expect(stdout).toMatch(/1\/0, true\/false or yes\/no, in any case/);
  });
});
