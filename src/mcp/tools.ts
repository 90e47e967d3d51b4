import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type ServerNotification,
  type ServerRequest,
  type Tool,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Endpoint } from '../catalog/endpoint.js';
import { byName, catalog } from '../catalog/index.js';
import type { LocalFile } from '../files/allowed.js';
import type { ResultsStore } from '../jobs/results-store.js';
import { JobError, type JobSettings, MAX_JOB_ANSWER, type Workflow } from '../jobs/workflow.js';
import type { Redactor } from '../redact.js';
import { Budget } from '../telnyx/budget.js';
import type { ApiResponse, TelnyxClient } from '../telnyx/client.js';
import { TelnyxError } from '../telnyx/errors.js';
import { fitResult } from './answer-size.js';
import { askUser, confirm } from './confirm.js';
import type { CursorCodec } from './cursor.js';
import { gate } from './gates.js';
import { boundProblems } from './input-bounds.js';
import { describeIssues } from './input-errors.js';
import { inputJsonSchema } from './json-schema.js';
import { OUTBOUND_TOOLS, outboundSummary } from './outbound.js';
import { resumeFrom } from './pages.js';
import { normalizePhones, phonePaths, type Rewrite, withNumberTypes } from './phones.js';
import { errorResult, successResult, textError } from './results.js';
import { unknownKeys } from './unknown-keys.js';
import { prepareUpload } from './upload.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * MCP hints from the entry's effect, saying only what differs from the spec's defaults (tokens on
 * every turn): openWorldHint defaults to true, destructiveHint to true for a tool that is not
 * read-only, idempotentHint to false. So a destructive tool needs no hint at all.
 */
/** What tools/list shows of a tool, whether it is one operation or a workflow over many. */
export type ToolSpec = Pick<Endpoint, 'name' | 'title' | 'description' | 'effect' | 'idempotent' | 'input'>;

export function annotationsFor(endpoint: Pick<ToolSpec, 'effect' | 'idempotent'>): ToolAnnotations {
  if (endpoint.effect === 'read') return { readOnlyHint: true };
  return {
    // Said even where it is MCP's default: reviewers and clients look for it on destructive tools.
    destructiveHint: endpoint.effect === 'destructive',
    ...(endpoint.idempotent ? { idempotentHint: true } : {}),
  };
}

/** The hints a client applies, defaults included (what annotationsFor means). */
export function effectiveHints(a: ToolAnnotations = {}) {
  const readOnly = a.readOnlyHint ?? false;
  return {
    readOnly,
    destructive: !readOnly && (a.destructiveHint ?? true),
    idempotent: a.idempotentHint ?? false,
    openWorld: a.openWorldHint ?? true,
  };
}

/** Destructive and outbound-data tools take `confirm` (used when the client cannot ask the user itself). */
export function toolInput(endpoint: ToolSpec): z.ZodObject {
  return endpoint.effect === 'destructive' || OUTBOUND_TOOLS.has(endpoint.name)
    ? endpoint.input.extend({ confirm: z.boolean().optional() })
    : endpoint.input;
}

/**
 * Definitions depend only on the entry and on which tools are served beside it (short forms refer to
 * them): built once per process and profile (HTTP builds a server per request).
 */
const definitions = new WeakMap<ToolSpec, Map<string, Tool>>();

/** `served`: the tool names served with it (short forms that refer to one of them are used); default all. */
export function toolDefinition(endpoint: ToolSpec, served?: ReadonlySet<string>): Tool {
  const key = served ? [...served].sort().join(',') : '*';
  let byProfile = definitions.get(endpoint);
  if (!byProfile) {
    byProfile = new Map();
    definitions.set(endpoint, byProfile);
  }
  const known = byProfile.get(key);
  if (known) return known;
  const definition: Tool = {
    name: endpoint.name,
    title: endpoint.title,
    description: endpoint.description,
    inputSchema: withoutPathFormats(
      inputJsonSchema(toolInput(endpoint), served ?? ALL_TOOLS),
      'path' in endpoint ? String(endpoint.path) : '',
    ) as Tool['inputSchema'],
    annotations: annotationsFor(endpoint),
  };
  byProfile.set(key, definition);
  return definition;
}

const ALL_TOOLS: ReadonlySet<string> = new Set(catalog.map((e) => e.name));

/**
 * Path ids (porting_order_id, id, ...) are shown without their `format`: the model passes ids that
 * results gave it, their names say what they are, and the format is still checked in code (about
 * 300 tokens over the catalog on every turn).
 */
function withoutPathFormats(schema: Record<string, unknown>, path: string): Record<string, unknown> {
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties) return schema;
  for (const segment of path.split('/')) {
    if (!segment.startsWith('{') || !segment.endsWith('}')) continue;
    const property = properties[segment.slice(1, -1)];
    if (property?.format === 'uuid') delete property.format;
  }
  return schema;
}

export interface RunnerDeps {
  server: Server;
  client: TelnyxClient;
  redactor: Redactor;
  codec: CursorCodec;
  defaultCountry?: string;
  /** False where the client's answer could not reach this server (stateless HTTP: it arrives as a new request). */
  elicitation?: boolean;
  /** Charged by every call of this server (the HTTP transport's per-request limit); each call also has its own. */
  budget?: Budget;
  /** The current time (the sandbox's clock in sandbox mode): lapsed dates, `now` in results. */
  now?: () => number;
  /** Directories document_upload may read local files from (none: path uploads are off). */
  filesDirs?: readonly string[];
  /** How workflows (work over many rows or orders) run: settings, results kept in memory, exposed operations. */
  jobs?: JobDeps;
  /** How the server was installed (Config.install): set-up hints name the right place. */
  install?: string;
}

export interface JobDeps {
  settings: JobSettings;
  results: ResultsStore;
  /** The catalog operations this server exposes: a workflow calls only these. */
  exposed: ReadonlySet<string>;
  /** Monotonic milliseconds for a call's time budget (tests drive it). */
  elapsed?: () => number;
  /** How a job waits (a Retry-After); default real time. Tests move their clocks instead. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Prepared {
  endpoint: ToolSpec;
  schema: z.ZodObject;
  jsonSchema: Tool['inputSchema'];
  phones: string[];
}

/**
 * The one generic path every tool call takes, whatever the mode: unknown keys, phone numbers
 * normalised, zod validation, cursor resumed, confirmation of destructive steps, the request (in
 * chunks with progress where the entry says so), the shaped result, redaction.
 */
export function createRunner(deps: RunnerDeps) {
  const prepared = new Map<ToolSpec, Prepared>();
  const prepare = (endpoint: ToolSpec): Prepared => {
    let p = prepared.get(endpoint);
    if (!p) {
      const schema = toolInput(endpoint);
      // Unknown names are found against the whole schema, also where tools/list shows a short form.
      const jsonSchema = inputJsonSchema(schema) as Tool['inputSchema'];
      p = { endpoint, schema, jsonSchema, phones: phonePaths(schema) };
      prepared.set(endpoint, p);
    }
    return p;
  };

  async function send(
    endpoint: Endpoint,
    input: Record<string, unknown>,
    extra: Extra,
    budget: Budget,
    local?: LocalFile,
  ): Promise<ApiResponse> {
    const chunk = endpoint.chunk;
    const values = chunk ? input[chunk.field] : undefined;
    if (!chunk || !Array.isArray(values) || values.length <= chunk.size) {
      return deps.client.request(endpoint, input, { signal: extra.signal, budget, local });
    }
    // Long lists go in API-sized chunks, with progress when the client asked for it.
    const total = values.length;
    const token = extra._meta?.progressToken;
    const data: unknown[] = [];
    let status = 200;
    let date: number | undefined;
    for (let done = 0; done < total; done += chunk.size) {
      if (extra.signal.aborted) throw new TelnyxError('cancelled', 'The check was cancelled between chunks');
      const part = values.slice(done, done + chunk.size);
      const response = await deps.client.request(
        endpoint,
        { ...input, [chunk.field]: part },
        { signal: extra.signal, budget },
      );
      if (response.type !== 'json') return response;
      status = response.status;
      date = response.date ?? date;
      data.push(...((response.data as { data?: unknown[] }).data ?? []));
      if (token !== undefined) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: {
            progressToken: token,
            progress: done + part.length,
            total,
            message: `${done + part.length} of ${total}`,
          },
        });
      }
    }
    return { status, type: 'json', data: { data }, ...(date === undefined ? {} : { date }) };
  }

  async function runEndpoint(
    endpoint: Endpoint,
    args: Record<string, unknown>,
    extra: Extra,
  ): Promise<CallToolResult> {
    const { schema, jsonSchema, phones } = prepare(endpoint);
    const now = deps.now ?? Date.now;
    // Redacted too: a model could pass the key as a value, and the message quotes bad values.
    const invalid = (problems: string[]) =>
      deps.redactor.deep(
        textError(
          [`Invalid arguments for ${endpoint.name}; nothing was sent to Telnyx:`, ...problems].join('\n'),
        ),
      );

    // Bounds first: nothing below (patterns, phone parsing, zod) ever sees an unbounded value.
    const bounds = boundProblems(args, endpoint.longStrings);
    if (bounds.length) return invalid(bounds);
    // The key is never sent anywhere as a value, nor quoted back in a question to the user.
    if (deps.redactor.has(JSON.stringify(args))) {
      return invalid(['- an argument contains the Telnyx API key; it is never passed on']);
    }
    // A cursor stands for the arguments of the first call: resumed first, then checked like them.
    const resumed = resumeFrom(deps.codec, endpoint, args);
    if ('error' in resumed) return invalid([`- ${resumed.error}`]);
    const { input: given, skip } = resumed;
    if (given !== args) {
      const resumedBounds = boundProblems(given, endpoint.longStrings);
      if (resumedBounds.length) return invalid(resumedBounds);
    }
    const known = Object.keys(schema.shape);
    const unknown = unknownKeys(jsonSchema, given).map(
      (key) =>
        `- ${key}: unknown property${key.includes('.') ? '' : `; this tool takes: ${known.join(', ') || 'no arguments'}`}`,
    );
    const country = typeof given.country === 'string' ? given.country : deps.defaultCountry;
    const normalized = phones.length
      ? await normalizePhones(given, phones, country, 'country' in schema.shape)
      : { input: given, rewritten: [], problems: [] };
    const parsed = schema.safeParse(normalized.input);
    if (!parsed.success || unknown.length || normalized.problems.length) {
      const issues = parsed.success ? [] : describeIssues(parsed.error.issues, normalized.input);
      // A phone problem already explains its field; skip zod's line about the same value.
      const phoneFields = new Set(normalized.problems.map((p) => p.slice(2, p.indexOf(':'))));
      return invalid([
        ...normalized.problems,
        ...issues.filter((i) => !phoneFields.has(i.slice(2, i.indexOf(':')))),
        ...unknown,
      ]);
    }
    let input = parsed.data as Record<string, unknown>;
    const chunk = endpoint.chunk;
    const many = chunk && (input[chunk.field] as unknown[] | undefined)?.length;
    if (chunk && many && many > chunk.max) {
      return invalid([
        `- ${chunk.field}: ${many} items; at most ${chunk.max} per call: split them into ${Math.ceil(many / chunk.max)} calls of up to ${chunk.max}`,
      ]);
    }
    const budget = deps.budget ? deps.budget.child() : new Budget();
    let local: LocalFile | undefined;
    if (endpoint.upload) {
      const upload = await prepareUpload(input, deps.filesDirs ?? [], {
        budget,
        signal: extra.signal,
        needles: deps.redactor.needles,
      });
      if ('problems' in upload) return invalid(upload.problems);
      if ('refusal' in upload) return deps.redactor.deep(textError(upload.refusal));
      ({ input, local } = upload);
    }

    try {
      // The reads of the gate and the question count against this call's budget like its own requests.
      const reads = { signal: extra.signal, budget };
      let order: Record<string, unknown> | undefined;
      if (endpoint.effect === 'destructive') {
        // Checked before asking: the user is never asked to approve a step that must fail.
        const checked = await gate(deps.client, endpoint, input, now(), reads);
        if (checked.refusal) return deps.redactor.deep(textError(checked.refusal));
        order = checked.order;
      }
      if (endpoint.effect === 'destructive' || outboundSummary(endpoint, input)) {
        const answer = await confirm(
          deps.server,
          deps.client,
          endpoint,
          input,
          reads,
          deps.elicitation ?? true,
          order,
        );
        if (!answer.ok) {
          return deps.redactor.deep(
            answer.ask ? confirmationRequest(endpoint, answer.text) : textError(answer.text),
          );
        }
      }
      const response = await send(endpoint, input, extra, budget, local);
      // `now` is the API's own time (its Date header) where it sent one: next to a sandbox whose clock
      // runs fast, or a machine whose clock is off, the local time would disagree with the records.
      let result = successResult(endpoint, response, input, {
        codec: deps.codec,
        skip,
        now: response.date ?? now(),
      });
      if (endpoint.deriveNumberType && result.structuredContent) {
        const structured = await withNumberTypes(result.structuredContent);
        result = {
          ...result,
          structuredContent: structured,
          content: [{ type: 'text', text: JSON.stringify(structured) }, ...result.content.slice(1)],
        };
      }
      // Redacted before it is cut, so a cut never leaves part of the key.
      // A file too big to attach is still reachable: by a temporary link the user can open.
      const link = deps.jobs?.exposed.has('document_download_link') ?? true;
      const rest =
        endpoint.kind === 'file' && link
          ? `Get a temporary link to it with document_download_link instead.`
          : '';
      return fitResult(deps.redactor.deep(withRewrites(result, normalized.rewritten)), undefined, rest);
    } catch (error) {
      return fitResult(deps.redactor.deep(errorResult(error, endpoint, deps.install)));
    } finally {
      await local?.close();
    }
  }

  /**
   * A workflow takes the same checks as an operation (bounds, the key, unknown names, phone numbers,
   * zod), then does its work through the exposed operations with a budget of its own, and answers
   * with its summary.
   */
  async function runWorkflow(
    workflow: Workflow,
    args: Record<string, unknown>,
    extra: Extra,
  ): Promise<CallToolResult> {
    const { schema, jsonSchema, phones } = prepare(workflow);
    const invalid = (problems: string[]) =>
      deps.redactor.deep(
        textError(
          [`Invalid arguments for ${workflow.name}; nothing was sent to Telnyx:`, ...problems].join('\n'),
        ),
      );
    const bounds = boundProblems(args);
    if (bounds.length) return invalid(bounds);
    if (deps.redactor.has(JSON.stringify(args))) {
      return invalid(['- an argument contains the Telnyx API key; it is never passed on']);
    }
    const known = Object.keys(schema.shape);
    const unknown = unknownKeys(jsonSchema, args).map(
      (key) =>
        `- ${key}: unknown property${key.includes('.') ? '' : `; this tool takes: ${known.join(', ')}`}`,
    );
    const country = typeof args.country === 'string' ? args.country : deps.defaultCountry;
    const normalized = phones.length
      ? await normalizePhones(args, phones, country, 'country' in schema.shape)
      : { input: args, rewritten: [], problems: [] };
    const parsed = schema.safeParse(normalized.input);
    if (!parsed.success || unknown.length || normalized.problems.length) {
      const issues = parsed.success ? [] : describeIssues(parsed.error.issues, normalized.input);
      return invalid([...normalized.problems, ...issues, ...unknown]);
    }
    const jobs = deps.jobs;
    if (!jobs) return textError(`${workflow.name} is not available on this server.`);
    const input = parsed.data as Record<string, unknown>;
    const budget = deps.budget ? deps.budget.child(JOB_CALLS, JOB_BYTES) : new Budget(JOB_CALLS, JOB_BYTES);
    const elapsed = jobs.elapsed ?? (() => performance.now());
    const started = elapsed();
    const token = extra._meta?.progressToken;
    const now = deps.now ?? Date.now;
    try {
      const summary = await workflow.run(input, {
        request: (tool, toolInput, signal) => {
          const endpoint = byName.get(tool);
          if (!endpoint || !jobs.exposed.has(tool)) {
            throw new JobError(`${workflow.name} needs ${tool}, which this server does not expose.`);
          }
          return deps.client.request(endpoint, toolInput, { signal: signal ?? extra.signal, budget });
        },
        exposes: (tool) => jobs.exposed.has(tool),
        signal: extra.signal,
        progress: async (progress, total, message) => {
          if (token === undefined) return;
          await extra
            .sendNotification({
              method: 'notifications/progress',
              params: { progressToken: token, progress, total, message },
            })
            .catch(() => {});
        },
        now,
        timeLeft: () => jobs.settings.timeMs - (elapsed() - started),
        sleep: (ms) =>
          jobs.sleep ? jobs.sleep(ms, extra.signal) : sleep(ms, undefined, { signal: extra.signal }),
        settings: jobs.settings,
        results: jobs.results,
        ask: (summary, confirmed) =>
          askUser(deps.server, summary, workflow.name, confirmed, extra.signal, deps.elicitation ?? true),
        budget,
      });
      const result: CallToolResult = {
        content: [{ type: 'text', text: JSON.stringify(summary) }],
        structuredContent: summary,
      };
      return fitResult(deps.redactor.deep(result), MAX_JOB_ANSWER * 4);
    } catch (error) {
      if (error instanceof JobError) return deps.redactor.deep(textError(error.message));
      return fitResult(deps.redactor.deep(errorResult(error)));
    }
  }

  const run = (tool: Endpoint | Workflow, args: Record<string, unknown>, extra: Extra) =>
    isWorkflow(tool) ? runWorkflow(tool, args, extra) : runEndpoint(tool, args, extra);

  return {
    run,
    definition: (tool: ToolSpec) => toolDefinition(tool, deps.jobs?.exposed),
    redact: deps.redactor.deep,
  };
}

/** API requests and answer bytes one workflow call may use (a 100,000-row file is 1,000 checks of 100). */
export const JOB_CALLS = 1500;
export const JOB_BYTES = 256 * 1024 * 1024;

export const isWorkflow = (tool: Endpoint | Workflow): tool is Workflow =>
  typeof (tool as Workflow).run === 'function';

export type Runner = ReturnType<typeof createRunner>;

/**
 * A request for the user's confirmation is a normal step, not a failure: not `isError` (clients show
 * those as failed calls, and models tend to retry or give up), but flagged in structuredContent.
 */
function confirmationRequest(endpoint: Endpoint, text: string): CallToolResult {
  return {
    content: [{ type: 'text', text }],
    structuredContent: { confirmation_required: true, done: false, tool: endpoint.name },
  };
}

/** Says which inputs were rewritten to E.164, in the text and the structured result alike. */
function withRewrites(result: CallToolResult, rewritten: Rewrite[]): CallToolResult {
  if (!rewritten.length || result.isError) return result;
  const structured = result.structuredContent
    ? { ...result.structuredContent, normalized: rewritten }
    : undefined;
  const [first, ...rest] = result.content;
  const text =
    first?.type === 'text' && structured
      ? JSON.stringify(structured)
      : `${first?.type === 'text' ? first.text : ''}\nNormalised: ${rewritten.map((r) => `${r.input} -> ${r.e164}`).join('; ')}`;
  return {
    ...result,
    content: [{ type: 'text', text }, ...rest],
    ...(structured ? { structuredContent: structured } : {}),
  };
}

/** A tool that is not a Telnyx operation and sends nothing to the API (the sandbox's clock). */
export interface LocalTool {
  definition: Tool;
  run(args: Record<string, unknown>, extra: Extra): CallToolResult | Promise<CallToolResult>;
}

/** Full mode: one MCP tool per catalog entry, then the local tools. */
export function registerTools(
  server: Server,
  endpoints: readonly Endpoint[],
  runner: Runner,
  local: readonly LocalTool[] = [],
  workflows: readonly Workflow[] = [],
): void {
  const ordered = servedOrder(endpoints, workflows);
  const tools = new Map<string, Endpoint | Workflow>(ordered.map((e) => [e.name, e]));
  const locals = new Map(local.map((t) => [t.definition.name, t]));
  // Built on the first tools/list rather than at start-up: initialize is answered sooner.
  let list: { tools: Tool[] } | undefined;
  server.registerCapabilities({ tools: {} });
  server.setRequestHandler(ListToolsRequestSchema, () => {
    list ??= { tools: [...ordered.map(runner.definition), ...local.map((t) => t.definition)] };
    return list;
  });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const args = request.params.arguments ?? {};
    const endpoint = tools.get(request.params.name);
    if (endpoint) return runner.run(endpoint, args, extra);
    const tool = locals.get(request.params.name);
    if (tool) return tool.run(args, extra);
    throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
  });
}

/** Operations in catalog order, each workflow right after the tool it names (or last when that is not served). */
export function servedOrder(
  endpoints: readonly Endpoint[],
  workflows: readonly Workflow[],
): Array<Endpoint | Workflow> {
  const names = new Set(endpoints.map((e) => e.name));
  return [
    ...endpoints.flatMap((e) => [e, ...workflows.filter((w) => w.after === e.name)]),
    ...workflows.filter((w) => !names.has(w.after)),
  ];
}
