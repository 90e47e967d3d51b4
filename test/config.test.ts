import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, loadConfig, OPTIONS } from '../src/config.js';
import { nodeVersionProblem } from '../src/node-version.js';

describe('configuration from the environment', () => {
  it('has production defaults', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({ baseUrl: 'https://api.telnyx.com/v2', timeoutMs: 30_000, maxRetries: 2 });
    expect(config.apiKey).toBeUndefined();
  });
  it('reads the three variables', () => {
    const config = configFromEnv({
      TELNYX_API_KEY: ' KEY1 ',
      TELNYX_BASE_URL: 'http://127.0.0.1:9/v2',
      TELNYX_TIMEOUT_MS: '5000',
    });
    expect(config).toMatchObject({ apiKey: 'KEY1', baseUrl: 'http://127.0.0.1:9/v2', timeoutMs: 5000 });
  });
  it('names the bad variable, and never echoes the key', () => {
    expect(() => configFromEnv({ TELNYX_TIMEOUT_MS: 'soon' })).toThrow(/TELNYX_TIMEOUT_MS/);
    expect(() => configFromEnv({ TELNYX_BASE_URL: 'ftp://x', TELNYX_API_KEY: 'SECRET1' })).toThrow(
      /TELNYX_BASE_URL/,
    );
    expect(() => configFromEnv({ TELNYX_BASE_URL: 'ftp://x', TELNYX_API_KEY: 'SECRET1' })).not.toThrow(
      /SECRET1/,
    );
  });
  it('reads the MCP Bundle settings, and treats unfilled placeholders as unset', () => {
    const config = configFromEnv({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder a bundle host may pass
      TELNYX_API_KEY: '${user_config.telnyx_api_key}',
      TELNYX_PORTING_READ_ONLY: 'true',
      TELNYX_PORTING_TOOLSETS: 'orders, loa',
      TELNYX_SANDBOX: 'false',
    });
    expect(config.apiKey).toBeUndefined();
    expect(config).toMatchObject({ readOnly: true, toolsets: ['orders', 'loa'], sandbox: false });
  });

  it('reads booleans as 1/0, true/false, yes/no in any case, and refuses any other word', () => {
    for (const [word, value] of [
      ['1', true],
      ['YES', true],
      ['True', true],
      ['0', false],
      ['no', false],
      ['FALSE', false],
    ] as const) {
      expect(configFromEnv({ TELNYX_PORTING_READ_ONLY: word }).readOnly, word).toBe(value);
    }
    for (const word of ['maybe', 'on', 'y', '2', 'truee']) {
      expect(() => configFromEnv({ TELNYX_SANDBOX: word }), word).toThrow(
        /TELNYX_SANDBOX: must be one of 1, 0, true, false, yes, no/,
      );
    }
  });
  it('refuses a secret that is set but blank instead of reading it as "no token"', () => {
    expect(() => configFromEnv({ MCP_HTTP_TOKEN: '   ' })).toThrow(/MCP_HTTP_TOKEN: is set but blank/);
    expect(() => configFromEnv({ MCP_CURSOR_SECRET: '' })).toThrow(/MCP_CURSOR_SECRET: is set but blank/);
    expect(configFromEnv({ MCP_HTTP_TOKEN: ' 0123456789abcdef ' }).httpToken).toBe('0123456789abcdef');
  });
  it('answers --help and --version whatever the environment holds', () => {
    expect(loadConfig(['--help'], { TELNYX_SANDBOX: 'maybe' }).command).toBe('help');
    expect(loadConfig(['--version'], { MCP_HTTP_TOKEN: ' ' }).command).toBe('version');
  });
  it('names the setting that holds an unknown toolset or tool, and the bad name', () => {
    expect(() => configFromEnv({ TELNYX_PORTING_TOOLSETS: 'orders,billing' })).toThrow(
      /TELNYX_PORTING_TOOLSETS: no toolset named billing; the toolsets are portability, orders, numbers, documents, verification, loa, events, reports/,
    );
    expect(() => loadConfig(['--exclude-tools', 'order_get,order_explode'], {})).toThrow(
      /--exclude-tools: no tool named order_explode/,
    );
  });
});

/** The problems a start-up would report (loadConfig with the file checks cli.ts asks for). */
function problems(argv: string[], env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfig(argv, env, { checkFiles: true });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('every setting fails clearly', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'config-test-'));
  const file = path.join(work, 'a-file.txt');
  writeFileSync(file, 'not a folder');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses a Node older than 20.19, saying what is needed, what was found and which node to start', () => {
    for (const version of ['18.20.8', '20.18.3', '16.0.0', '20.9.0']) {
      const problem = nodeVersionProblem(version, '/opt/old/bin/node');
      expect(problem, version).toMatch(
        new RegExp(
          `needs Node\\.js 20\\.19 or later; it was started by Node\\.js ${version.replace(/\./g, '\\.')} \\(/opt/old/bin/node\\)`,
        ),
      );
      expect(problem).toMatch(/first `node` on its own PATH.*absolute path of the new node.*"command"/s);
    }
    for (const version of ['20.19.0', '20.20.2', '22.0.0', '24.22.3', '30.1.0']) {
      expect(nodeVersionProblem(version, '/usr/bin/node'), version).toBeUndefined();
    }
    expect(nodeVersionProblem('18.20.8', '/x/node', 'mcpb')).toMatch(/Claude Desktop starts this extension/);
  });

  it('refuses an upload folder that does not exist or is not a folder, named as written', () => {
    expect(problems(['--files-dir', work, '--files-dir', '~/no-such-folder-here'])).toEqual([
      '--files-dir: folder ~/no-such-folder-here does not exist',
    ]);
    expect(problems([], { TELNYX_PORTING_FILES_DIR: [work, file].join(path.delimiter) })).toEqual([
      `TELNYX_PORTING_FILES_DIR: ${file} is not a folder`,
    ]);
    expect(problems(['--', '/no/such/upload/folder'])).toEqual([
      'the folders after -- (the bundle\'s "Folders for uploads"): folder /no/such/upload/folder does not exist',
    ]);
    expect(problems(['--files-dir', work])).toEqual([]);
  });

  it('refuses an output folder that does not exist or is not a folder', () => {
    expect(problems(['--output-dir', path.join(work, 'missing')])).toEqual([
      `--output-dir: folder ${path.join(work, 'missing')} does not exist`,
    ]);
    expect(problems([], { TELNYX_PORTING_OUTPUT_DIR: file })).toEqual([
      `TELNYX_PORTING_OUTPUT_DIR: ${file} is not a folder`,
    ]);
    expect(problems(['--output-dir', work])).toEqual([]);
  });

  // root may write anywhere, so an unwritable folder can only be shown to another user.
  const isRoot = process.getuid?.() === 0;
  if (isRoot) console.info('unwritable output folder check skipped: the tests run as root');
  it.skipIf(isRoot)('refuses an output folder it cannot write to', () => {
    const locked = mkdtempSync(path.join(work, 'locked-'));
    chmodSync(locked, 0o555);
    expect(problems(['--output-dir', locked])).toEqual([`--output-dir: folder ${locked} is not writable`]);
  });

  it('refuses a blank value for every setting, not only secrets, naming it', () => {
    for (const option of OPTIONS) {
      const fromEnv = problems([], { [option.env]: '  ' });
      expect(fromEnv, option.env).toHaveLength(1);
      expect(fromEnv[0]).toMatch(new RegExp(`^${option.env}: is set but blank`));
      if (!option.flag) continue;
      const fromFlag = problems([`--${option.flag}=`]);
      expect(fromFlag, option.flag).toHaveLength(1);
      expect(fromFlag[0]).toMatch(new RegExp(`^--${option.flag}: is blank`));
    }
    expect(problems(['--base-url', ''])).toEqual([
      '--base-url: is blank; give a value or leave the flag out',
    ]);
  });

  it('the MCP Bundle passes empty form fields as blank values: there they are unset', () => {
    const config = configFromEnv({
      TELNYX_PORTING_INSTALL: 'mcpb',
      TELNYX_API_KEY: '',
      TELNYX_PORTING_TOOLSETS: '',
      TELNYX_PORTING_READ_ONLY: 'false',
      TELNYX_SANDBOX: 'true',
    });
    expect(config).toMatchObject({ install: 'mcpb', toolsets: [], readOnly: false, sandbox: true });
    expect(config.apiKey).toBeUndefined();
    // Secrets are not form fields: blank stays refused.
    expect(problems([], { TELNYX_PORTING_INSTALL: 'mcpb', MCP_HTTP_TOKEN: '' })).toEqual([
      'MCP_HTTP_TOKEN: is set but blank; give a value of 16+ characters or unset it',
    ]);
  });

  it('says why a token file cannot be read, without a raw ENOENT', () => {
    const missing = path.join(work, 'no-token');
    expect(problems([], { MCP_HTTP_TOKEN_FILE: missing })).toEqual([
      `MCP_HTTP_TOKEN_FILE: cannot read ${missing} (does not exist)`,
    ]);
    expect(problems(['--http-token-file', work])).toEqual([
      `--http-token-file: cannot read ${work} (is a folder)`,
    ]);
    const short = path.join(work, 'short-token');
    writeFileSync(short, 'abc\n');
    expect(problems(['--http-token-file', short])).toEqual([
      `--http-token-file: the token in ${short} must be at least 16 characters (it has 3)`,
    ]);
  });

  it('takes country codes in any case', () => {
    expect(configFromEnv({ TELNYX_DEFAULT_COUNTRY: 'us' }).defaultCountry).toBe('US');
    expect(loadConfig(['--default-country', 'gB'], {}).config.defaultCountry).toBe('GB');
    expect(problems([], { TELNYX_DEFAULT_COUNTRY: 'usa' })).toEqual([
      'TELNYX_DEFAULT_COUNTRY: must be an ISO 3166-1 alpha-2 code like US',
    ]);
  });

  it('reports every problem at once, one line each', () => {
    const found = problems(['--read-only=maybe', '--bogus', '--files-dir', '/no/such/dir'], {
      TELNYX_BASE_URL: '',
      TELNYX_TIMEOUT_MS: 'soon',
      TELNYX_PORTING_TOOLSETS: 'orders,billing',
      MCP_HTTP_TOKEN_FILE: '/no/such/token',
      TELNYX_DEFAULT_COUNTRY: 'usa',
    });
    expect(found).toHaveLength(8);
    for (const name of [
      '--bogus',
      '--read-only',
      'TELNYX_BASE_URL',
      'TELNYX_TIMEOUT_MS',
      'TELNYX_PORTING_TOOLSETS',
      '--files-dir',
      'MCP_HTTP_TOKEN_FILE',
      'TELNYX_DEFAULT_COUNTRY',
    ]) {
      expect(
        found.filter((p) => p.startsWith(`${name}: `)),
        name,
      ).toHaveLength(1);
    }
    expect(() => loadConfig(['--bogus'], { TELNYX_BASE_URL: '' })).toThrow(
      /^Invalid configuration \(see --help\):\n {2}- --bogus: unknown option\n {2}- TELNYX_BASE_URL: is set but blank/,
    );
  });
});

describe('flags take every documented form', () => {
  const readOnly = (argv: string[], env: NodeJS.ProcessEnv = {}) => loadConfig(argv, env).config.readOnly;

  it('booleans: --flag, --flag=WORD, --flag WORD and --no-flag', () => {
    expect(readOnly(['--read-only'])).toBe(true);
    expect(readOnly(['--read-only=false'])).toBe(false);
    expect(readOnly(['--read-only=YES'])).toBe(true);
    expect(readOnly(['--read-only', 'no'])).toBe(false);
    expect(readOnly(['--read-only', '1'])).toBe(true);
    expect(readOnly(['--no-read-only'])).toBe(false);
    // A flag wins over its variable, in either direction.
    expect(readOnly(['--no-read-only'], { TELNYX_PORTING_READ_ONLY: 'yes' })).toBe(false);
    expect(readOnly(['--read-only'], { TELNYX_PORTING_READ_ONLY: '0' })).toBe(true);
    // The word after a boolean flag is its value only if it is a boolean word.
    const sandbox = loadConfig(['--read-only', 'sandbox'], {});
    expect(sandbox).toMatchObject({ command: 'sandbox', config: { readOnly: true } });
  });

  it('values: --flag VALUE and --flag=VALUE', () => {
    for (const argv of [['--base-url', 'http://127.0.0.1:9/v2'], ['--base-url=http://127.0.0.1:9/v2']]) {
      expect(loadConfig(argv, {}).config.baseUrl, argv.join(' ')).toBe('http://127.0.0.1:9/v2');
    }
    expect(loadConfig(['--toolsets=orders,loa', '--timeout-ms', '500'], {}).config).toMatchObject({
      toolsets: ['orders', 'loa'],
      timeoutMs: 500,
    });
  });

  it('refuses what has no meaning, naming the flag', () => {
    expect(problems(['--read-only', 'maybe'])).toEqual([
      'maybe: unknown command (the one command is "sandbox"; options start with --)',
    ]);
    expect(problems(['--read-only=maybe'])).toEqual([
      '--read-only: must be one of 1, 0, true, false, yes, no (any case)',
    ]);
    expect(problems(['--no-read-only=yes'])).toEqual(['--no-read-only: takes no value']);
    expect(problems(['--no-base-url'])).toEqual([
      '--no-base-url: unknown option (only on/off settings take --no-)',
    ]);
    expect(problems(['--base-url'])).toEqual(['--base-url: needs a value (--base-url URL)']);
    expect(problems(['--base-url', '--read-only'])).toEqual(['--base-url: needs a value (--base-url URL)']);
    expect(problems(['--tool', 'compact'])).toEqual([
      '--tool: unknown option',
      'compact: unknown command (the one command is "sandbox"; options start with --)',
    ]);
  });
});
