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
import type { ApiResponse, TelnyxClient } from '../telnyx/client.js';
import { TelnyxError } from '../telnyx/errors.js';
import { confirm } from './confirm.js';
import type { CursorCodec } from './cursor.js';
import { describeIssues } from './input-errors.js';
import { inputJsonSchema } from './json-schema.js';
import { resumeFrom } from './pages.js';
import { normalizePhones, phonePaths, type Rewrite } from './phones.js';
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
    ...(endpoint.effect === 'destructive' ? {} : { destructiveHint: false }),
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

/** Destructive tools take `confirm` (used when the client cannot ask the user itself). */
export function toolInput(endpoint: Endpoint): z.ZodObject {
  return endpoint.effect === 'destructive'
    ? endpoint.input.extend({ confirm: z.boolean().optional().describe('The user agreed') })
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
    local?: LocalFile,
  ): Promise<ApiResponse> {
    const chunk = endpoint.chunk;
    const values = chunk ? input[chunk.field] : undefined;
    if (!chunk || !Array.isArray(values) || values.length <= chunk.size) {
      return deps.client.request(endpoint, input, { signal: extra.signal, local });
    }
    // Long lists go in API-sized chunks, with progress when the client asked for it.
    const total = values.length;
    const token = extra._meta?.progressToken;
    const data: unknown[] = [];
    let status = 200;
    for (let done = 0; done < total; done += chunk.size) {
      if (extra.signal.aborted) throw new TelnyxError('cancelled', 'The check was cancelled between chunks');
      const part = values.slice(done, done + chunk.size);
      const response = await deps.client.request(
        endpoint,
        { ...input, [chunk.field]: part },
        { signal: extra.signal },
      );
      if (response.type !== 'json') return response;
      status = response.status;
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
    return { status, type: 'json', data: { data } };
  }

  async function run(
    endpoint: Endpoint,
    args: Record<string, unknown>,
    extra: Extra,
  ): Promise<CallToolResult> {
    const { schema, jsonSchema, phones } = prepare(endpoint);
    // Redacted too: a model could pass the key as a value, and the message quotes bad values.
    const invalid = (problems: string[]) =>
      deps.redactor.deep(
        textError(
          [`Invalid arguments for ${endpoint.name}; nothing was sent to Telnyx:`, ...problems].join('\n'),
        ),
      );

    const known = Object.keys(schema.shape);
    const unknown = unknownKeys(jsonSchema, args).map(
      (key) =>
        `- ${key}: unknown property${key.includes('.') ? '' : `; this tool takes: ${known.join(', ') || 'no arguments'}`}`,
    );
    const country = typeof args.country === 'string' ? args.country : deps.defaultCountry;
    const normalized = phones.length
      ? await normalizePhones(args, phones, country)
      : { input: args, rewritten: [], problems: [] };
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
    const resumed = resumeFrom(deps.codec, endpoint, parsed.data as Record<string, unknown>);
    if ('error' in resumed) return invalid([`- ${resumed.error}`]);
    const { skip } = resumed;
    let { input } = resumed;
    let local: LocalFile | undefined;
    if (endpoint.upload) {
      const upload = await prepareUpload(input, deps.filesDirs ?? []);
      if ('problems' in upload) return invalid(upload.problems);
      ({ input, local } = upload);
    }

    try {
      if (endpoint.effect === 'destructive') {
        const answer = await confirm(
          deps.server,
          deps.client,
          endpoint,
          input,
          extra.signal,
          deps.elicitation ?? true,
        );
        if (!answer.ok) return textError(answer.text);
      }
      const response = await send(endpoint, input, extra, local);
      return deps.redactor.deep(
        withRewrites(
          successResult(endpoint, response, input, { codec: deps.codec, skip }),
          normalized.rewritten,
        ),
      );
    } catch (error) {
      return deps.redactor.deep(errorResult(error));
    } finally {
      await local?.handle.close();
    }
  }

  return { run, definition: (endpoint: Endpoint) => toolDefinition(endpoint), redact: deps.redactor.deep };
}

export type Runner = ReturnType<typeof createRunner>;

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
