#!/usr/bin/env node
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { catalog } from './catalog/index.js';
import { configFromEnv } from './config.js';
import { createLogger } from './log.js';
import { createServer } from './server.js';
import { SERVER_NAME, SERVER_VERSION } from './version.js';

const HELP = `${SERVER_NAME} ${SERVER_VERSION}: the Telnyx number porting-in API as MCP tools (${catalog.length} tools).

Usage: ${SERVER_NAME} [--help] [--version]

Speaks MCP over stdio. Configure it with environment variables, never arguments:
  TELNYX_API_KEY     Telnyx v2 API key. Without it the server starts and tool calls explain how to set it.
  TELNYX_BASE_URL    API base URL (default https://api.telnyx.com/v2)
  TELNYX_TIMEOUT_MS  Per-request timeout in ms (default 30000)
`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(`Unknown argument: ${argv[0]}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }

  const config = configFromEnv(process.env);
  const log = createLogger([config.apiKey]);
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

  const server = createServer(config);
  await server.connect(new StdioServerTransport());
  log.info(
    `${SERVER_VERSION} ready on stdio: ${catalog.length} tools, API ${config.baseUrl}` +
      (config.apiKey ? '' : ' (TELNYX_API_KEY not set: tool calls will say how to set it)'),
  );

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    process.exit(0);
  };
  process.stdin.on('close', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`[${SERVER_NAME}] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
