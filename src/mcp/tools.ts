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
import type { z } from 'zod';
import type { Endpoint } from '../catalog/endpoint.js';
import type { TelnyxClient } from '../telnyx/client.js';
import { describeIssues } from './input-errors.js';
import { inputJsonSchema } from './json-schema.js';
import { errorResult, successResult, textError } from './results.js';

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
  /** Strict: an unknown argument is an error, never silently dropped. */
  schema: z.ZodObject;
  definition: Tool;
}

export function toolDefinition(endpoint: Endpoint, schema: z.ZodObject = endpoint.input.strict()): Tool {
  return {
    name: endpoint.name,
    title: endpoint.title,
    description: endpoint.description,
    inputSchema: inputJsonSchema(schema) as Tool['inputSchema'],
    annotations: annotationsFor(endpoint),
  };
}

/**
 * One generic path for every catalog entry: tools/list serves the precomputed definitions;
 * tools/call validates, sends through the shared client and shapes the answer or the error.
 * Installed on the low-level server so what clients receive is exactly what we measure.
 */
export function registerTools(server: Server, endpoints: readonly Endpoint[], client: TelnyxClient): void {
  const tools = new Map<string, RegisteredTool>();
  for (const endpoint of endpoints) {
    const schema = endpoint.input.strict();
    tools.set(endpoint.name, { endpoint, schema, definition: toolDefinition(endpoint, schema) });
  }
  const list = { tools: [...tools.values()].map((t) => t.definition) };

  server.registerCapabilities({ tools: {} });
  server.setRequestHandler(ListToolsRequestSchema, () => list);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const args = request.params.arguments ?? {};
    const parsed = tool.schema.safeParse(args);
    if (!parsed.success) {
      return textError(
        [
          `Invalid arguments for ${tool.endpoint.name}; nothing was sent to Telnyx:`,
          ...describeIssues(parsed.error.issues, args),
        ].join('\n'),
      );
    }
    const input = parsed.data as Record<string, unknown>;
    try {
      const response = await client.request(tool.endpoint, input, { signal: extra.signal });
      return successResult(tool.endpoint, response, input);
    } catch (error) {
      return errorResult(error);
    }
  });
}
