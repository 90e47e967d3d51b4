import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { Endpoint } from '../catalog/endpoint.js';
import { createRedactor, type Redactor } from '../redact.js';
import type { TelnyxClient } from '../telnyx/client.js';
import { CursorCodec } from './cursor.js';
import { describeIssues } from './input-errors.js';
import { inputJsonSchema } from './json-schema.js';
import { resumeFrom } from './pages.js';
import { errorResult, successResult, textError } from './results.js';
import { unknownKeys } from './unknown-keys.js';

/** MCP hints from the entry's effect. Only what differs from the spec's defaults is worth saying, plus openWorld. */
export function annotationsFor(endpoint: Endpoint): ToolAnnotations {
  if (endpoint.effect === 'read') return { readOnlyHint: true, openWorldHint: true };
  return {
    destructiveHint: endpoint.effect === 'destructive',
    ...(endpoint.idempotent ? { idempotentHint: true } : {}),
    openWorldHint: true,
  };
}

interface RegisteredTool {
  endpoint: Endpoint;
  definition: Tool;
}

export function toolDefinition(endpoint: Endpoint): Tool {
  return {
    name: endpoint.name,
    title: endpoint.title,
    description: endpoint.description,
    inputSchema: inputJsonSchema(endpoint.input) as Tool['inputSchema'],
    annotations: annotationsFor(endpoint),
  };
}

/** Validates arguments: unknown keys first (zod would drop them), then the entry's zod schema. */
function validate(tool: RegisteredTool, args: Record<string, unknown>) {
  const known = Object.keys(tool.endpoint.input.shape);
  const unknown = unknownKeys(tool.definition.inputSchema, args).map(
    (key) =>
      `- ${key}: unknown property${key.includes('.') ? '' : `; this tool takes: ${known.join(', ') || 'no arguments'}`}`,
  );
  const parsed = tool.endpoint.input.safeParse(args);
  if (parsed.success && unknown.length === 0) return { input: parsed.data as Record<string, unknown> };
  const problems = parsed.success ? [] : describeIssues(parsed.error.issues, args);
  return { problems: [...problems, ...unknown] };
}

/**
 * One generic path for every catalog entry: tools/list serves the precomputed definitions;
 * tools/call validates, sends through the shared client and shapes the answer or the error.
 * Installed on the low-level server so what clients receive is exactly what we measure.
 */
export function registerTools(
  server: Server,
  endpoints: readonly Endpoint[],
  client: TelnyxClient,
  redactor: Redactor = createRedactor([]),
  codec: CursorCodec = new CursorCodec(),
): void {
  const tools = new Map<string, RegisteredTool>();
  for (const endpoint of endpoints)
    tools.set(endpoint.name, { endpoint, definition: toolDefinition(endpoint) });
  const list = { tools: [...tools.values()].map((t) => t.definition) };

  server.registerCapabilities({ tools: {} });
  server.setRequestHandler(ListToolsRequestSchema, () => list);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const invalid = (problems: string[]) =>
      textError(
        [`Invalid arguments for ${tool.endpoint.name}; nothing was sent to Telnyx:`, ...problems].join('\n'),
      );
    const { input: given, problems } = validate(tool, request.params.arguments ?? {});
    if (!given) return invalid(problems);
    const resumed = resumeFrom(codec, tool.endpoint, given);
    if ('error' in resumed) return invalid([`- ${resumed.error}`]);
    const { input, skip } = resumed;
    try {
      const response = await client.request(tool.endpoint, input, { signal: extra.signal });
      return redactor.deep(successResult(tool.endpoint, response, input, { codec, skip }));
    } catch (error) {
      return redactor.deep(errorResult(error));
    }
  });
}
