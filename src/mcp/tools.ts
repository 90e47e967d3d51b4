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
import type { LocalFile } from '../files/allowed.js';
import type { Redactor } from '../redact.js';
import { Budget } from '../telnyx/budget.js';
import type { ApiResponse, TelnyxClient } from '../telnyx/client.js';
import { TelnyxError } from '../telnyx/errors.js';
import { fitResult } from './answer-size.js';
import { confirm } from './confirm.js';
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
export function annotationsFor(endpoint: Endpoint): ToolAnnotations {
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
export function toolInput(endpoint: Endpoint): z.ZodObject {
  return endpoint.effect === 'destructive' || OUTBOUND_TOOLS.has(endpoint.name)
    ? endpoint.input.extend({ confirm: z.boolean().optional().describe('user agreed') })
    : endpoint.input;
}

/** Definitions depend only on the entry: built once per process (HTTP builds a server per request). */
const definitions = new WeakMap<Endpoint, Tool>();

export function toolDefinition(endpoint: Endpoint): Tool {
  const known = definitions.get(endpoint);
  if (known) return known;
  const definition: Tool = {
    name: endpoint.name,
    title: endpoint.title,
    description: endpoint.description,
    inputSchema: inputJsonSchema(toolInput(endpoint)) as Tool['inputSchema'],
    annotations: annotationsFor(endpoint),
  };
  definitions.set(endpoint, definition);
  return definition;
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
}

interface Prepared {
  endpoint: Endpoint;
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
  const prepared = new Map<Endpoint, Prepared>();
  const prepare = (endpoint: Endpoint): Prepared => {
    let p = prepared.get(endpoint);
    if (!p) {
      const schema = toolInput(endpoint);
      p = { endpoint, schema, jsonSchema: toolDefinition(endpoint).inputSchema, phones: phonePaths(schema) };
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

  async function run(
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
    let local: LocalFile | undefined;
    if (endpoint.upload) {
      const upload = await prepareUpload(input, deps.filesDirs ?? []);
      if ('problems' in upload) return invalid(upload.problems);
      ({ input, local } = upload);
    }

    const budget = deps.budget ? deps.budget.child() : new Budget();
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
      const rest =
        endpoint.kind === 'file' ? `Get a temporary link to it with document_download_link instead.` : '';
      return fitResult(deps.redactor.deep(withRewrites(result, normalized.rewritten)), undefined, rest);
    } catch (error) {
      return fitResult(deps.redactor.deep(errorResult(error, endpoint)));
    } finally {
      await local?.handle.close();
    }
  }

  return { run, definition: (endpoint: Endpoint) => toolDefinition(endpoint), redact: deps.redactor.deep };
}

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
): void {
  const tools = new Map(endpoints.map((e) => [e.name, e]));
  const locals = new Map(local.map((t) => [t.definition.name, t]));
  // Built on the first tools/list rather than at start-up: initialize is answered sooner.
  let list: { tools: Tool[] } | undefined;
  server.registerCapabilities({ tools: {} });
  server.setRequestHandler(ListToolsRequestSchema, () => {
    list ??= { tools: [...endpoints.map(runner.definition), ...local.map((t) => t.definition)] };
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
