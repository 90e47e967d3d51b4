import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { byName, catalog } from './catalog/index.js';
import { type Config, type ConfigInput, ConfigSchema } from './config.js';
import { CursorCodec } from './mcp/cursor.js';
import { registerResources } from './mcp/resources.js';
import { registerTools } from './mcp/tools.js';
import { createRedactor } from './redact.js';
import { TelnyxClient } from './telnyx/client.js';
import { SERVER_NAME, SERVER_VERSION } from './version.js';

export const INSTRUCTIONS = `Telnyx number porting-in: move phone numbers from another carrier to Telnyx.
Flow: portability_check -> order_create (may split into several draft orders) -> order_requirements_list and order_update (end user, documents, FOC date) until requirements_met -> order_confirm submits to the losing carrier.
Lifecycle: draft -> in-process -> submitted -> foc-date-confirmed -> ported. exception = the losing carrier rejected the data: read the order's status details and comments, fix with order_update. cancel-pending -> cancelled is final.
Diagnose an order with order_get, order_comment_list, event_list (filter.porting_order_id) and order_foc_windows_list.
Lists: pass a result's next_cursor back as cursor for more (it keeps the filters); or page_number/page_size (max 250). order_list returns summaries unless fields asks for more; big pages come trimmed with a cursor to the rest.
Tools marked destructive (confirm, cancel, delete, activate, sending codes) act on real port requests: get the user's explicit go-ahead first.`;

export const SANDBOX_NOTE =
  'SANDBOX MODE: this server talks to a simulated Telnyx on this machine. Orders, numbers and events are made up; nothing is ported. Number outcomes follow the last digit (README, Sandbox).';

export interface ServerDeps {
  client?: TelnyxClient;
}

/** Builds the whole MCP server from a config; no process globals, so tests build it in-process. */
export function createServer(configInput: ConfigInput | Config, deps: ServerDeps = {}): McpServer {
  const config = ConfigSchema.parse(configInput);
  const client =
    deps.client ??
    new TelnyxClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      userAgent: `${SERVER_NAME}/${SERVER_VERSION} (node ${process.versions.node})`,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      retryBaseMs: config.retryBaseMs,
      maxRetryAfterMs: config.maxRetryAfterMs,
    });
  // In sandbox mode the model is told first, so simulated orders are never taken for real ones.
  const instructions = config.sandbox ? `${SANDBOX_NOTE}\n${INSTRUCTIONS}` : INSTRUCTIONS;
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions });
  const redactor = createRedactor([config.apiKey]);
  const codec = new CursorCodec();
  registerTools(server.server, catalog, client, redactor, codec);
  registerResources(server.server, byName, client, codec, redactor);
  const close = server.close.bind(server);
  server.close = async () => {
    await close();
    if (!deps.client) await client.close();
  };
  return server;
}
