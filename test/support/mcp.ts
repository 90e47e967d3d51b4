import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { ConfigInput } from '../../src/config.js';
import { createServer, type ServerDeps } from '../../src/server.js';

export const TEST_KEY = 'KEY_test_0123456789abcdef';

type Elicit = (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;

/**
 * The real server, built in-process, and an SDK Client connected to it. With `elicit`, the client
 * declares elicitation and answers the server's questions with it (as Claude Code or VS Code would).
 */
export async function connect(
  config: ConfigInput,
  options: { elicit?: Elicit; deps?: ServerDeps; now?: () => number } = {},
) {
  const server = createServer(
    { apiKey: TEST_KEY, retryBaseMs: 5, ...config },
    {
      ...(options.now ? { now: options.now } : {}),
      // A job's time budget never runs out on its own in tests (a slow machine must not turn "done" into
      // "continue"); tests of the budget drive it with their own clock.
      elapsed: () => 0,
      ...options.deps,
    },
  );
  const client = new Client(
    { name: 'test', version: '1.0.0' },
    options.elicit ? { capabilities: { elicitation: {} } } : undefined,
  );
  if (options.elicit) client.setRequestHandler(ElicitRequestSchema, options.elicit);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    server,
    call: (name: string, args: Record<string, unknown> = {}, options?: { signal?: AbortSignal }) =>
      client.callTool({ name, arguments: args }, undefined, options) as Promise<CallToolResult>,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content
    .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}
