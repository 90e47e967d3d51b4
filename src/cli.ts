#!/usr/bin/env node
// The Node check runs first, before any module that needs a newer Node is loaded: the one static
// import is the check itself; everything else is imported after it (test/e2e/node-version.test.ts).
import { nodeVersionProblem } from './node-version.js';

const tooOld = nodeVersionProblem(
  process.versions.node,
  process.execPath,
  process.env.TELNYX_PORTING_INSTALL?.trim(),
);
if (tooOld) {
  process.stderr.write(`[telnyx-porting-mcp] ${tooOld}\n`);
  process.exit(2);
}

import type { Config } from './config.js';
import type { Sandbox } from './sandbox/server.js';
import type { ServerDeps } from './server.js';

const { readFileSync } = await import('node:fs');
const { default: path } = await import('node:path');
const { LineTransport } = await import('./stdio/transport.js');
const { catalog } = await import('./catalog/index.js');
const { ConfigError, loadConfig, OPTIONS } = await import('./config.js');
const { createLogger } = await import('./log.js');
const { CursorCodec } = await import('./mcp/cursor.js');
const { ResultsStore } = await import('./jobs/results-store.js');
const { createClient, createServer, servedToolNames } = await import('./server.js');
const { SERVER_NAME, SERVER_VERSION } = await import('./version.js');

/** --help: usage, then one line per option with aligned flag and variable columns. */
function help(): string {
  const flagOf = (o: (typeof OPTIONS)[number]) =>
    !o.flag ? '' : o.type === 'boolean' ? `--${o.flag}[=BOOL]` : `--${o.flag} ${o.arg ?? 'VALUE'}`;
  const flagWidth = Math.max(...OPTIONS.map((o) => flagOf(o).length)) + 2;
  const envWidth = Math.max(...OPTIONS.map((o) => o.env.length)) + 2;
  const rows = OPTIONS.map((o) => `  ${flagOf(o).padEnd(flagWidth)}${o.env.padEnd(envWidth)}${o.help}`);
  return `${SERVER_NAME} ${SERVER_VERSION}: the Telnyx number porting-in API as MCP tools (${catalog.length} operations).

Usage:
  ${SERVER_NAME} [options]           MCP server over stdio
  ${SERVER_NAME} --sandbox           the same, against the embedded sandbox (no API key, nothing real)
  ${SERVER_NAME} sandbox [--port N]  only the sandbox: a Telnyx porting look-alike on 127.0.0.1
  ${SERVER_NAME} check FILE.csv      check every number of a CSV, results in FILE.results.csv
                    [--country US] [--column NAME] [--country-column NAME] (check --help)

Options: a flag, or its environment variable (a flag wins). Those without a flag (the API key and
the secrets) are read from the environment only, so they never show in a process list.
  ${'flag'.padEnd(flagWidth)}${'environment variable'.padEnd(envWidth)}meaning
${rows.join('\n')}
  -h, --help       this text
  -v, --version    the version

Values: --flag VALUE or --flag=VALUE. Lists (A,B) are comma-separated; --files-dir repeats, and its
variable is a path list (${path.delimiter}-separated).
On/off settings (BOOL): --read-only turns it on; --read-only=no, --read-only no and --no-read-only turn
it off. Flags and variables take 1/0, true/false or yes/no, in any case.
A setting that is not understood, a blank value, a folder that does not exist or cannot be used, or an
unreadable token file stops start-up with exit code 2 and one line per problem.
`;
}

const SANDBOX_KEY = 'KEY_sandbox';

function sandboxOptions(config: Config, standalone: boolean) {
  return {
    port: standalone ? config.port : 0,
    // Held under --sandbox (the model or demo moves time with sandbox_clock_advance); running when standalone.
    speed: config.sandboxSpeed ?? (standalone ? 3600 : 0),
    seed: config.sandboxSeed,
    rateLimit: config.sandboxRateLimit,
    faults: {
      latencyMs: config.sandboxLatencyMs,
      rate429: config.sandbox429Rate,
      rate5xx: config.sandbox5xxRate,
      rateDrop: config.sandboxDropRate,
    },
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'check') {
    // A spreadsheet checked from the terminal: the job engine without an MCP client (src/jobs/check-command.ts).
    const { runCheckCommand } = await import('./jobs/check-command.js');
    process.exitCode = await runCheckCommand(argv.slice(1), process.env, (c) => sandboxOptions(c, false));
    return;
  }
  const { command, config } = loadConfig(argv, process.env, { checkFiles: true });
  if (command === 'help') return void process.stdout.write(help());
  if (command === 'version') return void process.stdout.write(`${SERVER_VERSION}\n`);
  const log = createLogger([config.apiKey]);
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

  if (command === 'sandbox') {
    const { startSandbox } = await import('./sandbox/server.js');
    const sandbox = await startSandbox(sandboxOptions(config, true));
    process.stdout.write(`${sandbox.url}\n`);
    log.info(`sandbox serving the porting API at ${sandbox.url} (any Bearer token works; Ctrl-C stops it)`);
    const stop = () => sandbox.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }

  // Registered first: a client that closes stdin while the sandbox is still starting must end us too.
  let stdinClosed = false;
  let onStdinClosed = () => {
    stdinClosed = true;
  };
  process.stdin.once('end', () => onStdinClosed());
  process.stdin.once('close', () => onStdinClosed());

  let sandbox: Sandbox | undefined;
  let serverConfig = config;
  let deps: ServerDeps = {};
  if (config.sandbox) {
    // Same client, same HTTP path: only the base URL differs. The real key (if any) is never sent to it.
    // Loaded only when used, like the HTTP transport: a plain stdio start stays lean.
    const { startSandbox } = await import('./sandbox/server.js');
    const { sandboxDeps } = await import('./mcp/sandbox-clock.js');
    sandbox = await startSandbox(sandboxOptions(config, false));
    serverConfig = { ...config, baseUrl: sandbox.url, apiKey: SANDBOX_KEY };
    deps = sandboxDeps(sandbox);
  }
  const served = servedToolNames(serverConfig, deps.local);
  const target = sandbox
    ? `SANDBOX at ${sandbox.url} (simulated data, nothing is ported)`
    : `API ${config.baseUrl}${config.apiKey ? '' : ' (TELNYX_API_KEY not set: tool calls will say how to set it)'}`;

  let stopServing: () => Promise<void>;
  if (config.transport === 'http') {
    // loadConfig checked that the file holds a token of 16+ characters.
    const token =
      config.httpToken ??
      (config.httpTokenFile ? readFileSync(config.httpTokenFile, 'utf8').trim() : undefined);
    const log2 = createLogger([config.apiKey, token, config.cursorSecret]);
    // One HTTP client and one cursor key for all the per-request servers.
    const client = createClient(serverConfig);
    const codec = CursorCodec.fromSecret(config.cursorSecret);
    // Results of spreadsheet jobs outlive the request that made them: one store for the process.
    const results = new ResultsStore();
    const { startHttpServer } = await import('./http/server.js');
    const http = await startHttpServer(
      () =>
        createServer(serverConfig, {
          ...deps,
          client,
          codec,
          results,
          elicitation: false,
          maxApiCalls: 100,
        }),
      {
        host: config.host,
        port: config.port,
        token,
        allowedHosts: config.allowedHosts,
        allowedOrigins: config.allowedOrigins,
      },
    );
    log2.info(
      `${SERVER_VERSION} serving MCP at ${http.url} (stateless${token ? ', bearer token required' : ', no token: loopback only'}): ${served.length} tools, ${target}`,
    );
    stopServing = async () => {
      await http.close();
      await client.close();
    };
  } else {
    const server = createServer(serverConfig, deps);
    // Transport faults (e.g. a message over the 10 MB limit, refused and answered) are said on stderr.
    server.server.onerror = (error) => log.error('stdio transport', error);
    await server.connect(new LineTransport());
    log.info(`${SERVER_VERSION} ready on stdio: ${served.length} tools, ${target}`);
    stopServing = () => server.close();
    onStdinClosed = () => void shutdown();
    if (stdinClosed) onStdinClosed();
  }

  let closing = false;
  async function shutdown() {
    if (closing) return;
    closing = true;
    await stopServing().catch(() => {});
    await sandbox?.close().catch(() => {});
    process.exit(0);
  }
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `[${SERVER_NAME}] ${error instanceof ConfigError ? message : `${message} (see --help)`}\n`,
  );
  process.exit(2);
});
