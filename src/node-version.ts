/**
 * The Node.js check cli.ts runs before it loads anything else. Older Node versions start the server
 * and then fail every call (undici 7 needs 20.18.1), so start-up refuses them instead. No imports and
 * nothing newer than what any Node able to load an ES module (12.17+) parses and runs.
 */

export const MINIMUM_NODE = '20.19';

/** The problem with running on Node `version` (process.versions.node); undefined when it is new enough. */
export function nodeVersionProblem(version: string, execPath: string, install?: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > 20 || (major === 20 && minor >= 19)) return undefined;
  const how =
    install === 'mcpb'
      ? 'Claude Desktop starts this extension with the Node.js it is set to use: update Claude Desktop, or install Node.js 22 or 24 (https://nodejs.org), then restart it.'
      : 'Install Node.js 22 or 24 (https://nodejs.org). An MCP client starts the first `node` on its own PATH, which may not be the one your shell finds: give the absolute path of the new node (`which node` on macOS and Linux, `where node` on Windows) as the "command" of the server entry, then restart the client.';
  return `This server needs Node.js ${MINIMUM_NODE} or later; it was started by Node.js ${version} (${execPath}).\n${how}`;
}
