import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { byName } from './catalog/index.js';
import { workflowByName } from './jobs/index.js';
import { TOOLSETS } from './mcp/profiles.js';

const rate = z.number().min(0).max(1);

/** Every option of the server, with its default. Only cli.ts reads argv and the environment to fill it. */
export const ConfigSchema = z.object({
  apiKey: z.string().min(1).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.telnyx.com/v2'),
  timeoutMs: z.int().min(100).max(600_000).default(30_000),
  maxRetries: z.int().min(0).max(2).default(2),
  retryBaseMs: z.int().min(0).max(60_000).default(500),
  maxRetryAfterMs: z.int().min(0).max(600_000).default(20_000),
  /** Register only read tools (not a runtime check: write tools simply do not exist). */
  readOnly: z.boolean().default(false),
  /** Toolsets to expose (empty = all); names in src/mcp/profiles.ts. */
  toolsets: z.array(z.enum(TOOLSETS)).default([]),
  excludeTools: z.array(z.string()).default([]),
  /** full: one tool per operation; compact: find / describe / invoke. */
  tools: z.enum(['full', 'compact']).default('full'),
  /** Country assumed for phone numbers written without a country code (none: such numbers are refused). */
  defaultCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US')
    .toUpperCase()
    .optional(),
  /** Serve against the embedded sandbox instead of api.telnyx.com. */
  sandbox: z.boolean().default(false),
  sandboxSeed: z.int().min(0).max(1_000_000).default(0),
  /** Unset: held (0) with --sandbox, where the driver moves time; 3600 for the standalone sandbox. */
  sandboxSpeed: z.number().min(0).max(10_000_000).optional(),
  sandboxLatencyMs: z.int().min(0).max(120_000).default(0),
  sandbox429Rate: rate.default(0),
  sandbox5xxRate: rate.default(0),
  sandboxDropRate: rate.default(0),
  /** Requests per second the sandbox answers before 429s, as the API's rate limit; 0: no limit. */
  sandboxRateLimit: z.number().min(0).max(1_000_000).default(0),
  /** stdio (default) or Streamable HTTP on /mcp. */
  transport: z.enum(['stdio', 'http']).default('stdio'),
  host: z.string().min(1).default('127.0.0.1'),
  /** Port of the HTTP server, or of the standalone sandbox; 0 picks a free one. */
  port: z.int().min(0).max(65_535).default(0),
  /** Bearer token every HTTP request must carry (environment or a file, never argv). */
  httpToken: z.string().min(16, 'must be at least 16 characters').optional(),
  httpTokenFile: z.string().min(1).optional(),
  allowedHosts: z.array(z.string()).default([]),
  /** Optional key for signing cursors (stdio and HTTP): only servers with the same one accept them. */
  cursorSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  allowedOrigins: z.array(z.string()).default([]),
  /** Directories document_upload may read local files from; none = path uploads off (src/files/). */
  filesDir: z.array(z.string().min(1)).default([]),
  /** Folder results files of spreadsheet jobs are written to; none = they are MCP resources of this process. */
  outputDir: z.string().min(1).optional(),
  /** API requests a spreadsheet job keeps in flight at once. */
  jobConcurrency: z.int().min(1).max(16).default(4),
  /** Time one call of a spreadsheet job works before it answers "continue" (clients give up at about 60 s). */
  jobTimeMs: z.int().min(1_000).max(600_000).default(40_000),
  /** How the server was installed: `mcpb` (set by the MCP Bundle's manifest) makes set-up hints name its settings. */
  install: z.enum(['mcpb']).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

type Key = Exclude<keyof Config, 'maxRetries' | 'retryBaseMs' | 'maxRetryAfterMs'>;
interface Option {
  key: Key;
  env: string;
  /** Command-line flag; the API key has none, so it never shows in a process list. */
  flag?: string;
  /** list: comma-separated; paths: a repeatable flag, or the environment split by path.delimiter. */
  type: 'string' | 'number' | 'boolean' | 'list' | 'paths';
  /** What follows the flag in --help (booleans take none). */
  arg?: string;
  help: string;
  /** A secret: set but blank is refused rather than read as "not set" (it would silently mean no token). */
  secret?: true;
}

/** The one place option names live: README and --help are checked against it. */
export const OPTIONS: Option[] = [
  { key: 'apiKey', env: 'TELNYX_API_KEY', type: 'string', help: 'Telnyx v2 API key (environment only)' },
  {
    key: 'baseUrl',
    env: 'TELNYX_BASE_URL',
    flag: 'base-url',
    arg: 'URL',
    type: 'string',
    help: 'API base URL (default https://api.telnyx.com/v2)',
  },
  {
    key: 'timeoutMs',
    env: 'TELNYX_TIMEOUT_MS',
    flag: 'timeout-ms',
    arg: 'MS',
    type: 'number',
    help: 'timeout of one HTTP attempt in ms (default 30000)',
  },
  {
    key: 'readOnly',
    env: 'TELNYX_PORTING_READ_ONLY',
    flag: 'read-only',
    type: 'boolean',
    help: 'register only read tools (default off)',
  },
  {
    key: 'toolsets',
    env: 'TELNYX_PORTING_TOOLSETS',
    flag: 'toolsets',
    arg: 'A,B',
    type: 'list',
    help: 'toolsets to serve (default all): portability,orders,numbers,documents,verification,loa,events,reports',
  },
  {
    key: 'excludeTools',
    env: 'TELNYX_PORTING_EXCLUDE_TOOLS',
    flag: 'exclude-tools',
    arg: 'A,B',
    type: 'list',
    help: 'tool names to leave out',
  },
  {
    key: 'tools',
    env: 'TELNYX_PORTING_TOOLS',
    flag: 'tools',
    arg: 'full|compact',
    type: 'string',
    help: 'full: one tool per operation (default); compact: find, describe, invoke',
  },
  {
    key: 'defaultCountry',
    env: 'TELNYX_DEFAULT_COUNTRY',
    flag: 'default-country',
    arg: 'CC',
    type: 'string',
    help: 'country (ISO, e.g. US) of numbers written without +',
  },
  {
    key: 'sandbox',
    env: 'TELNYX_SANDBOX',
    flag: 'sandbox',
    type: 'boolean',
    help: 'serve against the embedded sandbox instead of the API (default off)',
  },
  {
    key: 'sandboxSeed',
    env: 'TELNYX_SANDBOX_SEED',
    flag: 'sandbox-seed',
    arg: 'N',
    type: 'number',
    help: 'fill the sandbox with N porting numbers (default 0)',
  },
  {
    key: 'sandboxSpeed',
    env: 'TELNYX_SANDBOX_SPEED',
    flag: 'sandbox-speed',
    arg: 'N',
    type: 'number',
    help: 'sandbox clock speed: 0 holds it (default with --sandbox), 3600 = 1 s per hour (standalone)',
  },
  {
    key: 'sandboxLatencyMs',
    env: 'TELNYX_SANDBOX_LATENCY_MS',
    flag: 'sandbox-latency-ms',
    arg: 'MS',
    type: 'number',
    help: 'sandbox: ms added to every answer (default 0)',
  },
  {
    key: 'sandbox429Rate',
    env: 'TELNYX_SANDBOX_429_RATE',
    flag: 'sandbox-429-rate',
    arg: '0-1',
    type: 'number',
    help: 'sandbox: share of requests answered 429 (default 0)',
  },
  {
    key: 'sandbox5xxRate',
    env: 'TELNYX_SANDBOX_5XX_RATE',
    flag: 'sandbox-5xx-rate',
    arg: '0-1',
    type: 'number',
    help: 'sandbox: share of requests answered 503 (default 0)',
  },
  {
    key: 'sandboxDropRate',
    env: 'TELNYX_SANDBOX_DROP_RATE',
    flag: 'sandbox-drop-rate',
    arg: '0-1',
    type: 'number',
    help: 'sandbox: share of connections dropped (default 0)',
  },
  {
    key: 'sandboxRateLimit',
    env: 'TELNYX_SANDBOX_RATE_LIMIT',
    flag: 'sandbox-rate-limit',
    arg: 'N',
    type: 'number',
    help: 'sandbox requests per second before 429s (0: no limit)',
  },
  {
    key: 'transport',
    env: 'MCP_TRANSPORT',
    flag: 'transport',
    arg: 'stdio|http',
    type: 'string',
    help: 'stdio (default), or http: Streamable HTTP on /mcp',
  },
  {
    key: 'host',
    env: 'MCP_HTTP_HOST',
    flag: 'host',
    arg: 'ADDR',
    type: 'string',
    help: 'HTTP bind address (default 127.0.0.1)',
  },
  {
    key: 'httpToken',
    env: 'MCP_HTTP_TOKEN',
    type: 'string',
    secret: true,
    help: 'bearer token for HTTP (environment only)',
  },
  {
    key: 'httpTokenFile',
    env: 'MCP_HTTP_TOKEN_FILE',
    flag: 'http-token-file',
    arg: 'FILE',
    type: 'string',
    help: 'file holding the bearer token instead',
  },
  {
    key: 'cursorSecret',
    env: 'MCP_CURSOR_SECRET',
    type: 'string',
    secret: true,
    help: 'optional cursor signing key (servers sharing it accept its cursors)',
  },
  {
    key: 'allowedHosts',
    env: 'MCP_HTTP_ALLOWED_HOSTS',
    flag: 'allowed-hosts',
    arg: 'A,B',
    type: 'list',
    help: 'extra Host values the HTTP server accepts',
  },
  {
    key: 'allowedOrigins',
    env: 'MCP_HTTP_ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    arg: 'A,B',
    type: 'list',
    help: 'extra Origin values the HTTP server accepts',
  },
  {
    key: 'filesDir',
    env: 'TELNYX_PORTING_FILES_DIR',
    flag: 'files-dir',
    arg: 'DIR',
    type: 'paths',
    help: 'folder document_upload and the spreadsheet tools may read files from (default none)',
  },
  {
    key: 'outputDir',
    env: 'TELNYX_PORTING_OUTPUT_DIR',
    flag: 'output-dir',
    arg: 'DIR',
    type: 'string',
    help: 'folder for results files of spreadsheet jobs (must exist and be writable)',
  },
  {
    key: 'jobConcurrency',
    env: 'TELNYX_PORTING_JOB_CONCURRENCY',
    flag: 'job-concurrency',
    arg: 'N',
    type: 'number',
    help: 'API requests a spreadsheet job keeps in flight (default 4)',
  },
  {
    key: 'jobTimeMs',
    env: 'TELNYX_PORTING_JOB_TIME_MS',
    flag: 'job-time-ms',
    arg: 'MS',
    type: 'number',
    help: 'time one call of a spreadsheet job works before answering "continue" (default 40000)',
  },
  {
    key: 'port',
    env: 'MCP_HTTP_PORT',
    flag: 'port',
    arg: 'N',
    type: 'number',
    help: 'port of the HTTP server or standalone sandbox (default: a free one)',
  },
  {
    key: 'install',
    env: 'TELNYX_PORTING_INSTALL',
    type: 'string',
    help: 'set by the MCP Bundle (mcpb): set-up hints name its settings; a form field left empty is unset',
  },
];

const BOOLEAN_WORDS = '1, 0, true, false, yes, no';

/** true/false for the words a boolean setting accepts; undefined for anything else. */
export function parseBoolean(value: string): boolean | undefined {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  return undefined;
}

export type Command = 'serve' | 'sandbox' | 'help' | 'version';

/** Every setting that was not understood, all at once: one line each, naming the flag or variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (see --help):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Argv {
  /** By flag name: the last value given (booleans: the word, or 'true'/'false'); paths: every value. */
  values: Map<string, string | string[]>;
  positionals: string[];
  /** After `--`: more upload folders (how an MCP Bundle passes its directory field). */
  trailing: string[];
  help: boolean;
  version: boolean;
  problems: string[];
}

/**
 * Flags in every documented form: `--flag value`, `--flag=value`, and for on/off settings `--flag`
 * (on), `--flag WORD` when the next word is a boolean word, `--flag=WORD` and `--no-flag` (off).
 */
function parseArgv(argv: string[]): Argv {
  const byFlag = new Map(OPTIONS.filter((o) => o.flag).map((o) => [o.flag as string, o]));
  const out: Argv = {
    values: new Map(),
    positionals: [],
    trailing: [],
    help: false,
    version: false,
    problems: [],
  };
  const set = (option: Option, value: string) => {
    const flag = option.flag as string;
    const before = out.values.get(flag);
    out.values.set(flag, option.type === 'paths' ? [...(Array.isArray(before) ? before : []), value] : value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.trailing = argv.slice(i + 1);
      break;
    }
    if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '-v' || arg === '--version') out.version = true;
    else if (!arg.startsWith('-') || arg === '-') out.positionals.push(arg);
    else if (!arg.startsWith('--')) out.problems.push(`${arg}: unknown option`);
    else {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      const option = byFlag.get(name);
      const negated = !option && name.startsWith('no-') ? byFlag.get(name.slice(3)) : undefined;
      if (negated) {
        if (negated.type !== 'boolean')
          out.problems.push(`--${name}: unknown option (only on/off settings take --no-)`);
        else if (inline !== undefined) out.problems.push(`--${name}: takes no value`);
        else set(negated, 'false');
        continue;
      }
      if (!option) {
        out.problems.push(`--${name}: unknown option`);
        continue;
      }
      const next = argv[i + 1];
      if (inline !== undefined) set(option, inline);
      else if (option.type === 'boolean') {
        // `--read-only no`: a following boolean word is the value; any other word is not this flag's.
        if (next !== undefined && parseBoolean(next) !== undefined) {
          set(option, next);
          i++;
        } else set(option, 'true');
      } else if (next !== undefined && !next.startsWith('--')) {
        set(option, next);
        i++;
      } else out.problems.push(`--${name}: needs a value (--${name} ${option.arg ?? 'VALUE'})`);
    }
  }
  return out;
}

/** A bundle host may pass an unset optional user_config field through as its literal placeholder. */
const isPlaceholder = (value: string) => /^\$\{user_config\.[^}]*\}$/.test(value);

const expandHome = (p: string) =>
  p === '~' || p.startsWith('~/') || p.startsWith(`~${path.sep}`) ? path.join(os.homedir(), p.slice(1)) : p;

/** Why a folder cannot be used (undefined: it can), for a message that names it as written. */
function folderProblem(dir: string, mode: number): string | undefined {
  const real = path.resolve(expandHome(dir));
  let isDir: boolean;
  try {
    isDir = statSync(real).isDirectory();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `folder ${dir} does not exist`
      : `folder ${dir} cannot be read (${(error as NodeJS.ErrnoException).code})`;
  }
  if (!isDir) return `${dir} is not a folder`;
  try {
    accessSync(real, mode);
  } catch {
    return mode & constants.W_OK ? `folder ${dir} is not writable` : `folder ${dir} cannot be read`;
  }
  return undefined;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
};

/** Folders and the token file, checked where start-up can still refuse them (cli.ts asks for it). */
function fileProblems(input: Record<string, unknown>, source: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const dir of (input.filesDir as string[] | undefined) ?? []) {
    const problem = folderProblem(dir, constants.R_OK | constants.X_OK);
    if (problem) problems.push(`${source.filesDir}: ${problem}`);
  }
  if (typeof input.outputDir === 'string') {
    const problem = folderProblem(input.outputDir, constants.W_OK | constants.X_OK);
    if (problem) problems.push(`${source.outputDir}: ${problem}`);
  }
  if (typeof input.httpTokenFile === 'string') {
    const file = input.httpTokenFile;
    try {
      const length = readFileSync(file, 'utf8').trim().length;
      if (length < 16)
        problems.push(
          `${source.httpTokenFile}: the token in ${file} must be at least 16 characters (it has ${length})`,
        );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      problems.push(`${source.httpTokenFile}: cannot read ${file} (${READ_ERRORS[code] ?? code})`);
    }
  }
  return problems;
}

/**
 * Reads argv (flags win) and the environment into a validated Config. Every setting that is not
 * understood is reported at once, naming its flag or variable and never echoing a secret; with
 * `checkFiles`, the folders and the token file must also be usable.
 */
export function loadConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  { checkFiles = false }: { checkFiles?: boolean } = {},
): { command: Command; config: Config } {
  const args = parseArgv(argv);
  // --help and --version answer whatever the environment holds.
  if (args.help || args.version) {
    return { command: args.help ? 'help' : 'version', config: ConfigSchema.parse({}) };
  }
  const problems = [...args.problems];
  const unknownCommands = args.positionals.filter((p, i) => p !== 'sandbox' || i > 0);
  if (unknownCommands.length) {
    problems.push(
      `${unknownCommands.join(' ')}: unknown command (the one command is "sandbox"; options start with --)`,
    );
  }
  // The MCP Bundle passes every form field, an empty one as a blank value: there blank means unset.
  const bundle = env.TELNYX_PORTING_INSTALL?.trim() === 'mcpb';
  const input: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const option of OPTIONS) {
    const flagged = option.flag ? args.values.get(option.flag) : undefined;
    const fromEnv = env[option.env];
    if (option.type === 'paths') {
      const bundleDirs = args.trailing.map((d) => d.trim()).filter((d) => d && !isPlaceholder(d));
      let dirs: string[] = [];
      if (Array.isArray(flagged)) {
        source[option.key] = `--${option.flag}`;
        if (flagged.some((d) => !d.trim())) problems.push(`--${option.flag}: is blank; give a folder`);
        dirs = flagged.map((d) => d.trim()).filter(Boolean);
      } else if (fromEnv !== undefined && !isPlaceholder(fromEnv.trim())) {
        source[option.key] = option.env;
        // A path list may end with its delimiter; only a list with no folder at all is blank.
        dirs = fromEnv
          .split(path.delimiter)
          .map((d) => d.trim())
          .filter(Boolean);
        if (!dirs.length && !bundle)
          problems.push(`${option.env}: is set but blank; give a folder or unset it`);
      }
      if (bundleDirs.length) {
        source[option.key] = dirs.length
          ? `${source[option.key]} / the folders after --`
          : 'the folders after -- (the bundle\'s "Folders for uploads")';
        dirs = [...dirs, ...bundleDirs];
      }
      if (dirs.length) input[option.key] = dirs;
      continue;
    }
    const fromFlag = typeof flagged === 'string' ? flagged.trim() : undefined;
    const where = fromFlag !== undefined ? `--${option.flag}` : option.env;
    const raw = fromFlag ?? fromEnv?.trim();
    if (raw === undefined || isPlaceholder(raw)) continue;
    if (raw === '') {
      // Blank never silently means "the default" (a blank base URL would mean production).
      if (option.secret)
        problems.push(`${where}: is set but blank; give a value of 16+ characters or unset it`);
      else if (fromFlag !== undefined)
        problems.push(`${where}: is blank; give a value or leave the flag out`);
      else if (!bundle) problems.push(`${where}: is set but blank; give a value or unset it`);
      continue;
    }
    source[option.key] = where;
    if (option.type === 'boolean') {
      const value = parseBoolean(raw);
      if (value === undefined) problems.push(`${where}: must be one of ${BOOLEAN_WORDS} (any case)`);
      else input[option.key] = value;
    } else if (option.type === 'number') {
      const value = Number(raw);
      if (Number.isNaN(value)) problems.push(`${where}: must be a number`);
      else input[option.key] = value;
    } else if (option.type === 'list') {
      input[option.key] = raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    } else input[option.key] = raw;
  }
  const toolsets = (input.toolsets as string[] | undefined) ?? [];
  const unknownSets = toolsets.filter((t) => !(TOOLSETS as readonly string[]).includes(t));
  if (unknownSets.length) {
    problems.push(
      `${source.toolsets}: no toolset named ${unknownSets.join(', ')}; the toolsets are ${TOOLSETS.join(', ')}`,
    );
    delete input.toolsets;
  }
  const unknownTools = ((input.excludeTools as string[] | undefined) ?? []).filter(
    (n) => !byName.has(n) && !workflowByName.has(n),
  );
  if (unknownTools.length) {
    problems.push(
      `${source.excludeTools}: no tool named ${unknownTools.join(', ')} (tool names are listed in README, Tools)`,
    );
  }
  if (checkFiles) problems.push(...fileProblems(input, source));
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    // Name where the value came from; never echo the value (it could be the key).
    for (const issue of parsed.error.issues) {
      const where = source[String(issue.path[0])] ?? issue.path.join('.');
      const message =
        issue.code === 'invalid_value'
          ? `must be one of ${issue.values.map(String).join(', ')}`
          : issue.message;
      problems.push(`${where}: ${message}`);
    }
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return { command: args.positionals[0] === 'sandbox' ? 'sandbox' : 'serve', config: parsed.data };
}

/** The environment alone (the server's options when started without flags). */
export const configFromEnv = (env: NodeJS.ProcessEnv): Config => loadConfig([], env).config;
