import path from 'node:path';
import { parseArgs } from 'node:util';
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
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US')
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
  help: string;
  /** A secret: set but blank is refused rather than read as "not set" (it would silently mean no token). */
  secret?: true;
}

/** The one place option names live: README and --help are checked against it. */
export const OPTIONS: Option[] = [
  { key: 'apiKey', env: 'TELNYX_API_KEY', type: 'string', help: 'Telnyx v2 API key (environment only)' },
  { key: 'baseUrl', env: 'TELNYX_BASE_URL', flag: 'base-url', type: 'string', help: 'API base URL' },
  {
    key: 'timeoutMs',
    env: 'TELNYX_TIMEOUT_MS',
    flag: 'timeout-ms',
    type: 'number',
    help: 'timeout per HTTP attempt',
  },
  {
    key: 'readOnly',
    env: 'TELNYX_PORTING_READ_ONLY',
    flag: 'read-only',
    type: 'boolean',
    help: 'only read tools',
  },
  {
    key: 'toolsets',
    env: 'TELNYX_PORTING_TOOLSETS',
    flag: 'toolsets',
    type: 'list',
    help: 'toolsets: portability,orders,numbers,documents,verification,loa,events,reports',
  },
  {
    key: 'excludeTools',
    env: 'TELNYX_PORTING_EXCLUDE_TOOLS',
    flag: 'exclude-tools',
    type: 'list',
    help: 'tools to leave out',
  },
  {
    key: 'tools',
    env: 'TELNYX_PORTING_TOOLS',
    flag: 'tools',
    type: 'string',
    help: 'full (default) or compact',
  },
  {
    key: 'defaultCountry',
    env: 'TELNYX_DEFAULT_COUNTRY',
    flag: 'default-country',
    type: 'string',
    help: 'country of numbers written without +',
  },
  {
    key: 'sandbox',
    env: 'TELNYX_SANDBOX',
    flag: 'sandbox',
    type: 'boolean',
    help: 'use the embedded sandbox',
  },
  {
    key: 'sandboxSeed',
    env: 'TELNYX_SANDBOX_SEED',
    flag: 'sandbox-seed',
    type: 'number',
    help: 'seed N porting numbers',
  },
  {
    key: 'sandboxSpeed',
    env: 'TELNYX_SANDBOX_SPEED',
    flag: 'sandbox-speed',
    type: 'number',
    help: 'sandbox clock speed: 0 holds it (default with --sandbox), 3600 = 1 s per hour (standalone)',
  },
  {
    key: 'sandboxLatencyMs',
    env: 'TELNYX_SANDBOX_LATENCY_MS',
    flag: 'sandbox-latency-ms',
    type: 'number',
    help: 'added latency',
  },
  {
    key: 'sandbox429Rate',
    env: 'TELNYX_SANDBOX_429_RATE',
    flag: 'sandbox-429-rate',
    type: 'number',
    help: 'share of 429s',
  },
  {
    key: 'sandbox5xxRate',
    env: 'TELNYX_SANDBOX_5XX_RATE',
    flag: 'sandbox-5xx-rate',
    type: 'number',
    help: 'share of 503s',
  },
  {
    key: 'sandboxDropRate',
    env: 'TELNYX_SANDBOX_DROP_RATE',
    flag: 'sandbox-drop-rate',
    type: 'number',
    help: 'share of dropped connections',
  },
  {
    key: 'sandboxRateLimit',
    env: 'TELNYX_SANDBOX_RATE_LIMIT',
    flag: 'sandbox-rate-limit',
    type: 'number',
    help: 'sandbox requests per second before 429s (0: no limit)',
  },
  {
    key: 'transport',
    env: 'MCP_TRANSPORT',
    flag: 'transport',
    type: 'string',
    help: 'stdio (default) or http',
  },
  {
    key: 'host',
    env: 'MCP_HTTP_HOST',
    flag: 'host',
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
    type: 'string',
    help: 'file holding the token',
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
    type: 'list',
    help: 'extra Host values',
  },
  {
    key: 'allowedOrigins',
    env: 'MCP_HTTP_ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    type: 'list',
    help: 'extra Origins',
  },
  {
    key: 'filesDir',
    env: 'TELNYX_PORTING_FILES_DIR',
    flag: 'files-dir',
    type: 'paths',
    help: `folder document_upload may read (repeatable; env: ${path.delimiter}-separated)`,
  },
  {
    key: 'outputDir',
    env: 'TELNYX_PORTING_OUTPUT_DIR',
    flag: 'output-dir',
    type: 'string',
    help: 'folder for results files of spreadsheet jobs (must exist and be writable)',
  },
  {
    key: 'jobConcurrency',
    env: 'TELNYX_PORTING_JOB_CONCURRENCY',
    flag: 'job-concurrency',
    type: 'number',
    help: 'API requests a spreadsheet job keeps in flight (default 4)',
  },
  {
    key: 'jobTimeMs',
    env: 'TELNYX_PORTING_JOB_TIME_MS',
    flag: 'job-time-ms',
    type: 'number',
    help: 'time one call of a spreadsheet job works before answering "continue" (default 40000)',
  },
  {
    key: 'port',
    env: 'MCP_HTTP_PORT',
    flag: 'port',
    type: 'number',
    help: 'port of the HTTP server or standalone sandbox',
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

/** Reads argv (flags win) and the environment into a validated Config; errors name the flag or variable. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): { command: Command; config: Config } {
  const flags = Object.fromEntries(
    OPTIONS.filter((o) => o.flag).map(
      (o) =>
        [
          o.flag,
          {
            type: o.type === 'boolean' ? 'boolean' : 'string',
            ...(o.type === 'paths' ? { multiple: true } : {}),
          },
        ] as const,
    ),
  );
  const {
    values,
    positionals: all,
    tokens,
  } = parseArgs({
    args: argv,
    options: { ...flags, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  // Arguments after `--` are more upload folders: an MCP Bundle expands a `multiple` directory field
  // into separate arguments, and passes an unset one as its placeholder.
  const end = tokens.find((t) => t.kind === 'option-terminator')?.index ?? Number.POSITIVE_INFINITY;
  const trailing = tokens.flatMap((t) => (t.kind === 'positional' && t.index > end ? [t.value] : []));
  const positionals = all.slice(0, all.length - trailing.length);
  const dirArgs = trailing.filter((d) => d.trim() && !/^\$\{user_config\./.test(d));
  if (dirArgs.length) {
    const flagged = (values as Record<string, unknown>)['files-dir'];
    (values as Record<string, unknown>)['files-dir'] = [
      ...(Array.isArray(flagged) ? flagged : []),
      ...dirArgs,
    ];
  }
  if (positionals.length > 1 || (positionals[0] && positionals[0] !== 'sandbox')) {
    throw new Error(`Unknown command: ${positionals.join(' ')}`);
  }
  const given = values as Record<string, string | boolean | undefined>;
  // --help and --version answer whatever the environment holds.
  if (given.help || given.version) {
    return { command: given.help ? 'help' : 'version', config: ConfigSchema.parse({}) };
  }
  const input: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  const refused: string[] = [];
  for (const option of OPTIONS) {
    const flagged = option.flag
      ? (values as Record<string, string | boolean | string[] | undefined>)[option.flag]
      : undefined;
    if (option.type === 'paths') {
      const list = Array.isArray(flagged) ? flagged : env[option.env]?.split(path.delimiter);
      const dirs = (list ?? []).map((d) => d.trim()).filter((d) => d && !/^\$\{user_config\./.test(d));
      if (dirs.length) {
        source[option.key] = Array.isArray(flagged) ? `--${option.flag}` : option.env;
        input[option.key] = dirs;
      }
      continue;
    }
    const fromFlag = Array.isArray(flagged) ? undefined : flagged;
    const where = fromFlag !== undefined ? `--${option.flag}` : option.env;
    const raw = fromFlag ?? env[option.env]?.trim();
    if (option.secret && raw === '') {
      refused.push(`${where}: is set but blank; give a value of 16+ characters or unset it`);
      continue;
    }
    // A bundle host may pass an unset optional user_config through as its literal placeholder.
    if (raw === undefined || raw === '' || /^\$\{user_config\.[^}]*\}$/.test(String(raw))) continue;
    source[option.key] = where;
    if (option.type === 'boolean') {
      const value = raw === true ? true : parseBoolean(String(raw));
      if (value === undefined) refused.push(`${where}: must be one of ${BOOLEAN_WORDS} (any case)`);
      else input[option.key] = value;
      continue;
    }
    input[option.key] =
      option.type === 'number'
        ? Number(raw)
        : option.type === 'list'
          ? String(raw)
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : raw;
  }
  if (refused.length) throw new Error(`Invalid configuration: ${refused.join('; ')}`);
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    // Name where the value came from; never echo the value (it could be the key).
    const problems = parsed.error.issues.map(
      (i) => `${source[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const unknownTools = parsed.data.excludeTools.filter(
    (name) => !byName.has(name) && !workflowByName.has(name),
  );
  if (unknownTools.length) {
    throw new Error(
      `Invalid configuration: ${source.excludeTools}: no tool named ${unknownTools.join(', ')} (tool names are listed in README, Tools)`,
    );
  }
  return { command: positionals[0] === 'sandbox' ? 'sandbox' : 'serve', config: parsed.data };
}

/** The environment alone (the server's options when started without flags). */
export const configFromEnv = (env: NodeJS.ProcessEnv): Config => loadConfig([], env).config;
