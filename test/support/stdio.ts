import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

/**
 * The built server as a child process, spoken to with raw JSON-RPC lines, so tests see exactly the
 * bytes a client receives on stdout (and everything logged on stderr).
 */
export function spawnServer(env: Record<string, string | undefined>, args: string[] = [], entry = CLI) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [entry, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Map<number, (line: string) => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const line of stdout.split('\n').slice(0, -1)) {
      try {
        const id = (JSON.parse(line) as { id?: number }).id;
        if (id !== undefined) waiters.get(id)?.(line);
      } catch {
        // not JSON: left in `stdout` for the test to see
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let nextId = 1;
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  /** Sends a request and resolves with the raw response line. */
  const request = (method: string, params?: object) => {
    const id = nextId++;
    const line = new Promise<string>((resolve) => waiters.set(id, resolve));
    send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    return line;
  };
  const initialize = async () => {
    const line = await request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'stdio-test', version: '1.0.0' },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return line;
  };
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.stdin.end();
    });
  return {
    child,
    send,
    request,
    initialize,
    stop,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
