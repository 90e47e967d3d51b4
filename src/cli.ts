#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { catalog } from './catalog/index.js';
import { type Config, loadConfig, OPTIONS } from './config.js';
import { createLogger } from './log.js';
import { CursorCodec } from './mcp/cursor.js';
import type { Sandbox } from './sandbox/server.js';
import { createClient, createServer } from './server.js';
import { SERVER_NAME, SERVER_VERSION } from './version.js';

const HELP = `${SERVER_NAME} ${SERVER_VERSION}: the Telnyx number porting-in API as MCP tools (${catalog.length} tools).

Usage:
  ${SERVER_NAME} [options]           MCP server over stdio
  ${SERVER_NAME} --sandbox           the same, against the embedded sandbox (no API key, nothing real)
  ${SERVER_NAME} sandbox [--port N]  only the sandbox: a Telnyx porting look-alike on 127.0.0.1

Options (flag / environment variable):
${OPTIONS.map((o) => `  ${(o.flag ? `--${o.flag}` : '').padEnd(22)}${o.env.padEnd(28)}${o.help}`).join('\n')}
  --help, --version
`;

const SANDBOX_KEY = 'KEY_sandbox';

function sandboxOptions(config: Config) {
  return {
    port: config.port,
    speed: config.sandboxSpeed,
    seed: config.sandboxSeed,
    faults: {
      latencyMs: config.sandboxLatencyMs,
      rate429: config.sandbox429Rate,
      rate5xx: config.sandbox5xxRate,
      rateDrop: config.sandboxDropRate,
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const { command, config } = loadConfig(argv, process.env);
  if (command === 'help') return void process.stdout.write(HELP);
  if (command === 'version') return void process.stdout.write(`${SERVER_VERSION}\n`);
  const log = createLogger([config.apiKey]);
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

  if (command === 'sandbox') {
    const { startSandbox } = await import('./sandbox/server.js');
    const sandbox = await startSandbox(sandboxOptions(config));
    process.stdout.write(`${sandbox.url}\n`);
    log.info(`sandbox serving the porting API at ${sandbox.url} (any Bearer token works; Ctrl-C stops it)`);
    const stop = () => sandbox.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }

  let sandbox: Sandbox | undefined;
  let serverConfig = config;
  if (config.sandbox) {
    // Same client, same HTTP path: only the base URL differs. The real key (if any) is never sent to it.
    // Loaded only when used, like the HTTP transport: a plain stdio start stays lean.
    const { startSandbox } = await import('./sandbox/server.js');
    sandbox = await startSandbox({ ...sandboxOptions(config), port: 0 });
    serverConfig = { ...config, baseUrl: sandbox.url, apiKey: SANDBOX_KEY };
  }
  // In --sandbox mode "now" is the sandbox's (possibly fast) clock: FOC dates and lapses agree with it.
  const clock = sandbox?.clock;
  const now = clock ? () => clock.now() : undefined;
  const target = sandbox
    ? `SANDBOX at ${sandbox.url} (simulated data, nothing is ported)`
    : `API ${config.baseUrl}${config.apiKey ? '' : ' (TELNYX_API_KEY not set: tool calls will say how to set it)'}`;

  let stopServing: () => Promise<void>;
  if (config.transport === 'http') {
    const token =
      config.httpToken ??
      (config.httpTokenFile ? readFileSync(config.httpTokenFile, 'utf8').trim() : undefined);
    if (token !== undefined && token.length < 16)
      throw new Error('The HTTP token must be at least 16 characters');
    const log2 = createLogger([config.apiKey, token, config.cursorSecret]);
    // One HTTP client and one cursor key for all the per-request servers.
    const client = createClient(serverConfig);
    const codec = CursorCodec.fromSecret(config.cursorSecret);
    const { startHttpServer } = await import('./http/server.js');
    const http = await startHttpServer(
      () => createServer(serverConfig, { client, codec, elicitation: false, now }),
      {
        host: config.host,
        port: config.port,
        token,
        allowedHosts: config.allowedHosts,
        allowedOrigins: config.allowedOrigins,
      },
    );
    log2.info(
      `${SERVER_VERSION} serving MCP at ${http.url} (stateless${token ? ', bearer token required' : ', no token: loopback only'}): ${target}`,
    );
    stopServing = async () => {
      await http.close();
      await client.close();
    };
  } else {
    const server = createServer(serverConfig, { now });
    await server.connect(new StdioServerTransport());
    log.info(`${SERVER_VERSION} ready on stdio: ${catalog.length} tools, ${target}`);
    stopServing = () => server.close();
    process.stdin.on('close', () => void shutdown());
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
  process.stderr.write(
    `[${SERVER_NAME}] ${error instanceof Error ? error.message : String(error)} (see --help)\n`,
  );
  process.exit(2);
});
