import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Endpoint } from '../catalog/endpoint.js';
import type { Workflow } from '../jobs/workflow.js';
import { boundProblems } from './input-bounds.js';
import { describeIssues } from './input-errors.js';
import { inputJsonSchema } from './json-schema.js';
import { textError } from './results.js';
import { type Extra, type LocalTool, type Runner, servedOrder } from './tools.js';

/**
 * Compact mode (`--tools compact`): three tools reach every exposed operation. find lists them,
 * describe gives one's input schema (the same JSON Schema full mode serves), invoke runs it through
 * the same generic path: validation, phone normalisation, confirmation, read-only selection.
 */
const INPUTS = {
  porting_find: z.object({
    query: z.string().optional().describe('Words to match, e.g. "cancel order"; empty lists all'),
  }),
  porting_describe: z.object({ name: z.string().describe('Operation name from porting_find') }),
  porting_invoke: z.object({
    name: z.string().describe('Operation name'),
    arguments: z.record(z.string(), z.unknown()).optional().describe('As porting_describe shows'),
  }),
};

const ok = (value: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value) }],
  structuredContent: value,
});

export function registerCompactTools(
  server: Server,
  endpoints: readonly Endpoint[],
  runner: Runner,
  local: readonly LocalTool[] = [],
  workflows: readonly Workflow[] = [],
): void {
  const operations = servedOrder(endpoints, workflows);
  const byName = new Map<string, Endpoint | Workflow>(operations.map((e) => [e.name, e]));
  const readOnly = operations.every((e) => e.effect === 'read');
  const tools: Tool[] = [
    {
      name: 'porting_find',
      title: 'Find a porting operation',
      description: `Search the ${operations.length} Telnyx porting-in operations (orders, numbers, documents, LOA, events, reports). Start here.`,
      inputSchema: inputJsonSchema(INPUTS.porting_find) as Tool['inputSchema'],
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'porting_describe',
      title: 'Describe a porting operation',
      description: "Get an operation's input schema and notes before invoking it.",
      inputSchema: inputJsonSchema(INPUTS.porting_describe) as Tool['inputSchema'],
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'porting_invoke',
      title: 'Invoke a porting operation',
      description:
        "Run an operation with its arguments. Destructive ones need the user's go-ahead (confirm: true).",
      inputSchema: inputJsonSchema(INPUTS.porting_invoke) as Tool['inputSchema'],
      annotations: readOnly
        ? { readOnlyHint: true, openWorldHint: true }
        : { destructiveHint: true, openWorldHint: true },
    },
  ];

  const lookup = (name: unknown): Endpoint | Workflow => {
    const endpoint = byName.get(String(name));
    if (!endpoint) {
      throw new Error(
        `No operation named ${JSON.stringify(name)} here; use porting_find to list the available ones.`,
      );
    }
    return endpoint;
  };

  const handlers: Record<
    string,
    (args: Record<string, unknown>, extra: Extra) => Promise<CallToolResult> | CallToolResult
  > = {
    porting_find: ({ query }) => {
      const words = String(query ?? '')
        .toLowerCase()
        .split(/[\s_]+/)
        .filter(Boolean);
      // Every word must match somewhere; hits in the name and title rank first.
      const scored = operations.flatMap((e) => {
        const name = e.name.replace(/_/g, ' ');
        const title = e.title.toLowerCase();
        const rest = `${e.description} ${e.toolset}`.toLowerCase();
        let score = 0;
        for (const w of words) {
          const hit = (name.includes(w) ? 3 : 0) + (title.includes(w) ? 2 : 0) + (rest.includes(w) ? 1 : 0);
          if (!hit) return [];
          score += hit;
        }
        return [{ e, score }];
      });
      const matches = scored.sort((a, b) => b.score - a.score).map((m) => m.e);
      return ok({
        operations: matches.map((e) => ({ name: e.name, title: e.title, effect: e.effect })),
        hint: 'porting_describe gives the input schema; porting_invoke runs it.',
      });
    },
    porting_describe: ({ name }) => {
      const endpoint = lookup(name);
      const definition = runner.definition(endpoint);
      return ok({
        name: endpoint.name,
        description: endpoint.description,
        effect: endpoint.effect,
        annotations: definition.annotations ?? {},
        inputSchema: definition.inputSchema,
      });
    },
    porting_invoke: ({ name, arguments: args }, extra) =>
      runner.run(lookup(name), (args ?? {}) as Record<string, unknown>, extra),
  };

  server.registerCapabilities({ tools: {} });
  const locals = new Map(local.map((t) => [t.definition.name, t]));
  const listed = { tools: [...tools, ...local.map((t) => t.definition)] };
  server.setRequestHandler(ListToolsRequestSchema, () => listed);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const localTool = locals.get(request.params.name);
    if (localTool) return localTool.run(request.params.arguments ?? {}, extra);
    const name = request.params.name as keyof typeof INPUTS;
    // Own properties only: `constructor` or `toString` must not reach Object.prototype.
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    // Bounded before anything reads them (porting_invoke's arguments are bounded again by the runner).
    const args = request.params.arguments ?? {};
    // The invoked operation's own long fields (a file as base64) keep their cap inside `arguments`.
    const found = name === 'porting_invoke' ? byName.get(String(args.name)) : undefined;
    const invoked = found && 'longStrings' in found ? found : undefined;
    const long = Object.fromEntries(
      Object.entries(invoked?.longStrings ?? {}).map(([key, cap]) => [`arguments.${key}`, cap]),
    );
    const bounds = boundProblems(args, long);
    if (bounds.length)
      return runner.redact(textError([`Invalid arguments for ${name}:`, ...bounds].join('\n')));
    const parsed = INPUTS[name].safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      const problems = describeIssues(parsed.error.issues, request.params.arguments);
      return runner.redact(textError([`Invalid arguments for ${name}:`, ...problems].join('\n')));
    }
    try {
      return await handler(parsed.data as Record<string, unknown>, extra);
    } catch (error) {
      return runner.redact(textError(error instanceof Error ? error.message : String(error)));
    }
  });
}
