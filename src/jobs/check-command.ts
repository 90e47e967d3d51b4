import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { byName } from '../catalog/index.js';
import { type Config, loadConfig } from '../config.js';
import type { SandboxOptions } from '../sandbox/server.js';
import { createClient } from '../server.js';
import { Budget } from '../telnyx/budget.js';
import { TelnyxError } from '../telnyx/errors.js';
import { type CheckOutcome, checkFile } from './check-file.js';
import { ResultsStore } from './results-store.js';
import { apiLabel, type JobContext, JobError } from './workflow.js';

const USAGE = `Usage: telnyx-porting-mcp check FILE.csv [--country US] [--column NAME|N] [--country-column NAME|N]
                          [--sandbox] [--output-dir DIR] [other server options]
Checks every number of FILE.csv and writes FILE.results.csv next to it (or into --output-dir).
Exit status: 0 all rows checked, 1 stopped (run the same command again to continue), 2 bad input.`;

const OWN = { '--country': 'country', '--column': 'column', '--country-column': 'country_column' } as const;

/** Splits this command's own flags (and the file) from the server options that follow the usual rules. */
export function splitArgs(argv: readonly string[]): {
  file?: string;
  own: Partial<Record<(typeof OWN)[keyof typeof OWN], string>>;
  rest: string[];
  problems: string[];
} {
  const own: Partial<Record<(typeof OWN)[keyof typeof OWN], string>> = {};
  const rest: string[] = [];
  const problems: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string?]) : [arg];
    const key = OWN[flag as keyof typeof OWN];
    if (key) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') problems.push(`${flag} needs a value`);
      else own[key] = value;
    } else if (!arg.startsWith('-') && file === undefined) file = arg;
    else rest.push(arg);
  }
  return { file, own, rest, problems };
}

/**
 * `telnyx-porting-mcp check FILE.csv`: the engine of portability_check_file from a terminal, without an
 * MCP client and without a time budget (it runs to the end; Ctrl-C stops it, and the same command
 * continues). The results CSV goes next to the file unless --output-dir says otherwise.
 */
export async function runCheckCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  sandboxOptions: (config: Config) => SandboxOptions,
): Promise<number> {
  const fail = (message: string, code = 2) => {
    process.stderr.write(`${message}\n`);
    return code;
  };
  const { file, own, rest, problems } = splitArgs(argv);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (problems.length) return fail(`${problems.join('; ')}\n${USAGE}`);
  if (!file) return fail(`check needs the CSV file to check.\n${USAGE}`);
  const country = own.country?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
    return fail(`--country: must be an ISO 3166-1 alpha-2 code like US`);
  }
  let config: Config;
  try {
    config = loadConfig(rest, env).config;
  } catch (error) {
    return fail((error as Error).message);
  }
  // The file as it really is (a symlink resolved): its folder is the one allowed, and its results go beside it.
  let real: string;
  try {
    real = await realpath(path.resolve(file));
  } catch {
    return fail(`${file} does not exist.`);
  }
  const folder = path.dirname(real);

  let sandbox: Awaited<ReturnType<typeof import('../sandbox/server.js').startSandbox>> | undefined;
  let serverConfig = config;
  if (config.sandbox) {
    const { startSandbox } = await import('../sandbox/server.js');
    sandbox = await startSandbox(sandboxOptions(config));
    serverConfig = { ...config, baseUrl: sandbox.url, apiKey: 'KEY_sandbox' };
  } else if (!config.apiKey) {
    return fail(
      'TELNYX_API_KEY is not set: set it in the environment, or add --sandbox to try with simulated data.',
    );
  }
  const client = createClient(serverConfig);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const bar = process.stderr.isTTY ? await progressBar() : undefined;
  const budget = new Budget(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const ctx: JobContext = {
    request: (tool, input, signal) => {
      const endpoint = byName.get(tool);
      if (!endpoint) throw new JobError(`unknown operation ${tool}`);
      return client.request(endpoint, input, { signal: signal ?? controller.signal, budget });
    },
    exposes: () => false,
    signal: controller.signal,
    progress: async (done, total) => bar?.update(done, total),
    now: () => sandbox?.clock.now() ?? Date.now(),
    timeLeft: () => Number.POSITIVE_INFINITY,
    sleep: (ms) => sleep(ms, undefined, { signal: controller.signal }),
    settings: {
      defaultCountry: config.defaultCountry,
      filesDirs: [folder],
      outputDir: config.outputDir ?? folder,
      concurrency: config.jobConcurrency,
      timeMs: config.jobTimeMs,
      api: apiLabel(serverConfig.baseUrl, config.sandbox),
    },
    results: new ResultsStore(),
    ask: async () => ({ ok: false, text: 'not asked in the terminal' }),
    budget,
  };
  try {
    const outcome = await checkFile(
      { path: real, column: own.column, country_column: own.country_column, country },
      ctx,
    );
    bar?.stop();
    process.stdout.write(humanSummary(outcome));
    return outcome.status === 'done' ? 0 : 1;
  } catch (error) {
    bar?.stop();
    if (error instanceof JobError) return fail(error.message);
    if (error instanceof TelnyxError) return fail(`The API refused: ${error.message}`, 1);
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    await client.close();
    await sandbox?.close();
  }
}

async function progressBar() {
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar(
    {
      stream: process.stderr,
      format: 'checking |{bar}| {value}/{total} rows  {eta_formatted} left',
      etaBuffer: 50,
    },
    progress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) bar.start(total, done);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? 0));

/** The answer a model would get, as lines a person reads. */
export function humanSummary(outcome: CheckOutcome): string {
  const a = outcome.answer as Record<string, unknown> & {
    read_as: Record<string, unknown>;
    not_portable_reasons: Record<string, number>;
    by_country: Record<string, unknown>;
    invalid_rows: { count: number; first?: string[] };
    duplicate_rows: { count: number };
    refused_by_api?: { count: number; first?: string[] };
  };
  const read = a.read_as;
  const lines = [
    `${a.file}: ${n(a.rows)} rows (${read.header ? 'with a header' : 'no header'}, ${read.delimiter}-separated; numbers in ${read.number_column}${read.country_column ? `, countries in ${read.country_column}` : ''}${read.default_country ? `, default country ${read.default_country}` : ''})`,
    ...(a.sandbox ? [`  ${a.sandbox}`] : []),
    ...(a.started_over ? [`  started over: ${a.started_over}`] : []),
    `  ${n(a.rows_done)} rows done; ${n(a.numbers_checked)} distinct numbers checked (${n(a.checked_this_call)} by ${n(a.requests_this_call)} request${a.requests_this_call === 1 ? '' : 's'} this run)`,
    `  portable:     ${n(a.portable)} (FastPort ${n(a.fast_portable)})`,
    `  not portable: ${n(a.not_portable)}`,
    ...Object.entries(a.not_portable_reasons).map(
      ([reason, count]) => `    ${n(count).padStart(8)}  ${reason}`,
    ),
    `  invalid rows: ${n(a.invalid_rows.count)}`,
    ...(a.invalid_rows.first ?? []).slice(0, 5).map((line) => `    ${line}`),
    `  duplicate rows: ${n(a.duplicate_rows.count)} (checked once)`,
    ...(a.refused_by_api ? [`  refused by the API: ${n(a.refused_by_api.count)}`] : []),
    `  by country: ${Object.entries(a.by_country)
      .map(([c, v]) =>
        typeof v === 'object' && v
          ? `${c} ${n((v as { portable: number }).portable)} portable / ${n((v as { not_portable: number }).not_portable)} not`
          : `${c} ${v}`,
      )
      .join('; ')}`,
    `Results: ${a.results_file ?? a.results_resource}`,
    ...(a.status === 'done'
      ? []
      : [
          String(a.next).replace(
            /Call portability_check_file again with the same arguments/,
            'Run the same command again',
          ),
        ]),
  ];
  return `${lines.join('\n')}\n`;
}

export { USAGE as CHECK_USAGE };
