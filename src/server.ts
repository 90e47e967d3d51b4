import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { catalog } from './catalog/index.js';
import { type Config, type ConfigInput, ConfigSchema } from './config.js';
import { ResultsStore } from './jobs/results-store.js';
import { apiLabel } from './jobs/workflow.js';
import { registerCompactTools } from './mcp/compact.js';
import { registerCompletion } from './mcp/completion.js';
import { CursorCodec } from './mcp/cursor.js';
import { selectEndpoints, selectWorkflows } from './mcp/profiles.js';
import { registerPrompts } from './mcp/prompts.js';
import { registerResources } from './mcp/resources.js';
import { createRunner, type LocalTool, registerTools, servedOrder } from './mcp/tools.js';
import { createRedactor } from './redact.js';
import { Budget, BYTES_PER_CALL } from './telnyx/budget.js';
import { TelnyxClient } from './telnyx/client.js';
import { SERVER_NAME, SERVER_VERSION } from './version.js';

export const INSTRUCTIONS = `Telnyx number porting-in: move phone numbers from another carrier to Telnyx.
When: "can these numbers port?" -> portability_check. "Port them" -> order_create, then order_requirements_list and order_update until requirements_met, then order_confirm. "Why is order X stuck?" -> order_get, order_comment_list, event_list (filter.porting_order_id). "Status of my ports" -> order_list. Many numbers or a spreadsheet -> portability_check_file (a CSV path; it writes a results file and answers with a summary), order_create_from_file with a customer_group_reference, then order_group_update, order_group_confirm and order_group_status act on every order of that group in one call. Prompts check_portability, port_numbers, port_from_spreadsheet, diagnose_order and status_report walk these flows.
Lifecycle: draft -> in-process -> submitted -> foc-date-confirmed -> ported; order_create may split numbers into several orders, each submitted on its own.
exception = the losing carrier rejected the data: read status.details and comments, fix with order_update, confirm again.
cancel -> cancel-pending -> cancelled (final); only drafts can be deleted.
Time: results about orders and events carry now (the server's time, UTC); FOC dates are UTC. Convert the user's local times ("next Wednesday afternoon") to UTC with the user's time zone, asking for it if unknown.
Phone numbers may be written as people write them; numbers without a country code need country.
Lists: pass next_cursor back as cursor (it keeps the filters), or page_number/page_size (default 20, max 250). order_list returns summaries unless fields asks for more; big pages come trimmed with a cursor to the rest.
Confirmation: destructive tools (submit, cancel, delete, activate, sending codes) ask the user through the client; if the client cannot, they refuse until called again with confirm: true, which you send only after the user said yes.`;

export const SANDBOX_NOTE =
  'SANDBOX MODE: this server talks to a simulated Telnyx on this machine. Orders, numbers and events are made up; nothing is ported. Number outcomes follow the last digit (README, Sandbox).';

/** How sandbox time moves, for the model: held unless a speed was set. */
export function sandboxClockNote(speed = 0): string {
  return speed > 0
    ? `Sandbox time runs ${speed} times faster than real time; sandbox_clock_advance moves it further.`
    : 'Sandbox time stands still until you call sandbox_clock_advance (to_next_change: true jumps to the next status change).';
}

/** Shared across the per-request servers of the HTTP transport: one HTTP client, one cursor key. */
export interface ServerDeps {
  client?: TelnyxClient;
  codec?: CursorCodec;
  /** Stateless HTTP turns it off: the answer to a question would reach another server instance. */
  elicitation?: boolean;
  /** The current time in ms: the sandbox's clock in sandbox mode, else the real one. */
  now?: () => number;
  /**
   * API requests all calls of this server may make together (the HTTP transport builds one server per
   * request, so a batch of calls cannot fan out); unset = only the per-call limit.
   */
  maxApiCalls?: number;
  /** Tools that send nothing to Telnyx (sandbox mode: sandbox_clock_advance). */
  local?: readonly LocalTool[];
  /** Results of spreadsheet jobs kept in memory (shared by the HTTP transport's per-request servers). */
  results?: ResultsStore;
  /** Monotonic milliseconds for a job call's time budget (default: the real clock; tests drive it). */
  elapsed?: () => number;
  /** How a job call waits out a Retry-After (default: real time; tests move their clocks instead). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The names of the tools a config serves, in tools/list order (the start-up line reports them). */
export function servedToolNames(
  configInput: ConfigInput | Config,
  local: readonly LocalTool[] = [],
): string[] {
  const config = ConfigSchema.parse(configInput);
  const endpoints = selectEndpoints(catalog, config);
  const base =
    config.tools === 'compact'
      ? ['porting_find', 'porting_describe', 'porting_invoke']
      : servedOrder(endpoints, selectWorkflows(endpoints, config)).map((e) => e.name);
  return [...base, ...local.map((t) => t.definition.name)];
}

/** The one Telnyx HTTP client a server (or all the HTTP transport's per-request servers) uses. */
export function createClient(configInput: ConfigInput | Config): TelnyxClient {
  const config = ConfigSchema.parse(configInput);
  return new TelnyxClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    userAgent: `${SERVER_NAME}/${SERVER_VERSION} (node ${process.versions.node})`,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryBaseMs: config.retryBaseMs,
    maxRetryAfterMs: config.maxRetryAfterMs,
  });
}

/** Builds the whole MCP server from a config; no process globals, so tests build it in-process. */
export function createServer(configInput: ConfigInput | Config, deps: ServerDeps = {}): McpServer {
  const config = ConfigSchema.parse(configInput);
  const client = deps.client ?? createClient(config);
  // In sandbox mode the model is told first, so simulated orders are never taken for real ones.
  const instructions = config.sandbox
    ? `${SANDBOX_NOTE} ${sandboxClockNote(config.sandboxSpeed)}\n${INSTRUCTIONS}`
    : INSTRUCTIONS;
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions });
  const redactor = createRedactor([config.apiKey]);
  // Stateless: the same settings decode the same cursors, in this process or the next (stdio and HTTP).
  const codec = deps.codec ?? CursorCodec.fromSecret(config.cursorSecret);
  const endpoints = selectEndpoints(catalog, config);
  const workflows = selectWorkflows(endpoints, config);
  const results = deps.results ?? new ResultsStore();
  const exposed = new Map(endpoints.map((e) => [e.name, e]));
  const budget = deps.maxApiCalls ? Budget.forRequest(deps.maxApiCalls, 4 * BYTES_PER_CALL) : undefined;
  const runner = createRunner({
    server: server.server,
    client,
    redactor,
    codec,
    defaultCountry: config.defaultCountry,
    elicitation: deps.elicitation ?? true,
    budget,
    now: deps.now ?? Date.now,
    filesDirs: config.filesDir,
    jobs: {
      settings: {
        defaultCountry: config.defaultCountry,
        filesDirs: config.filesDir,
        outputDir: config.outputDir,
        concurrency: config.jobConcurrency,
        timeMs: config.jobTimeMs,
        api: apiLabel(config.baseUrl, config.sandbox),
        install: config.install,
      },
      results,
      exposed: new Set(exposed.keys()),
      elapsed: deps.elapsed,
      sleep: deps.sleep,
    },
    install: config.install,
  });
  const local = deps.local ?? [];
  if (config.tools === 'compact') registerCompactTools(server.server, endpoints, runner, local, workflows);
  else registerTools(server.server, endpoints, runner, local, workflows);
  // Resources and completion see only what the profile exposes.
  // Results of spreadsheet jobs kept in memory are resources wherever a job tool is served.
  registerResources(
    server.server,
    exposed,
    client,
    codec,
    redactor,
    budget,
    config.install,
    workflows.length ? results : undefined,
  );
  registerCompletion(server.server, exposed, client, redactor, budget);
  registerPrompts(server.server, [...endpoints, ...workflows], config.tools === 'compact', redactor.text);
  const close = server.close.bind(server);
  server.close = async () => {
    await close();
    if (!deps.client) await client.close();
  };
  return server;
}
