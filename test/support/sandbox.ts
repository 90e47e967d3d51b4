import { type Exchange, type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.js';
import { connect } from './mcp.js';
import { validateResponse } from './openapi.js';

/**
 * A sandbox whose every answer is checked against the spec, and the real MCP server connected to it
 * through the SDK Client. 2xx bodies must match the operation's schema; errors must use Telnyx's envelope.
 */
export async function sandboxSession(
  options: SandboxOptions = {},
  config: Record<string, unknown> = {},
  clientOptions: Parameters<typeof connect>[1] = {},
) {
  const problems: string[] = [];
  const exchanges: Exchange[] = [];
  const sandbox: Sandbox = await startSandbox({
    speed: 0, // held: a test moves time with sandbox.clock.skip, never by waiting
    ...options,
    onExchange: (e) => {
      exchanges.push(e);
      problems.push(...checkExchange(e).map((p) => `${e.method} ${e.url} -> ${e.status}: ${p}`));
    },
  });
  // The server reads the time from the sandbox's clock, as it does under --sandbox.
  const mcp = await connect(
    { baseUrl: sandbox.url, ...config },
    { ...clientOptions, deps: { now: () => sandbox.clock.now(), ...clientOptions.deps } },
  );
  return {
    sandbox,
    mcp,
    problems,
    exchanges,
    close: async () => {
      await mcp.close();
      await sandbox.close();
    },
  };
}

export function checkExchange(e: Exchange): string[] {
  if (e.status >= 400) {
    try {
      const body = JSON.parse(String(e.body)) as { errors?: Array<Record<string, unknown>> };
      const ok = body.errors?.length && body.errors.every((i) => i.code && i.title && i.detail && i.meta);
      return ok ? [] : ['error body is not the Telnyx envelope'];
    } catch {
      return ['error body is not JSON'];
    }
  }
  if (!e.operationId) return ['answered without an operation'];
  const body =
    e.body === undefined ? undefined : e.contentType?.includes('json') ? JSON.parse(String(e.body)) : e.body;
  return validateResponse(e.operationId, e.status, e.contentType, body);
}
