import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * Streamable HTTP on /mcp, stateless: every POST gets a fresh server and transport, so any number of
 * replicas can sit behind any load balancer. Every request needs the bearer token (compared in
 * constant time); Host and Origin are checked against allow-lists (DNS rebinding); bodies are capped.
 * The Telnyx key stays in this process: nothing from the MCP client is ever forwarded to Telnyx.
 */
export interface HttpOptions {
  host: string;
  port: number;
  /** Required unless bound to loopback. */
  token?: string;
  /** Extra Host values to accept (host or host:port), e.g. the public name behind a reverse proxy. */
  allowedHosts?: readonly string[];
  /** Extra Origin values to accept, e.g. https://inspector.example. */
  allowedOrigins?: readonly string[];
  maxBodyBytes?: number;
}

export interface HttpHandle {
  url: string;
  close(): Promise<void>;
}

/**
 * Whether a bind address is loopback, decided by parsing it as an IP address: 127.0.0.0/8, ::1 and
 * IPv4-mapped ::ffff:127.x. Names other than `localhost` are not loopback (127.attacker.example is a
 * name anyone can point anywhere).
 */
export function isLoopback(host: string): boolean {
  const address = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (address.toLowerCase() === 'localhost') return true;
  const version = isIP(address);
  if (version === 4) return address.split('.')[0] === '127';
  if (version !== 6) return false;
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isLoopback(lower.slice(7));
  // ::1 in any spelling: every group zero but the last, which is 1.
  const groups = lower.split('::');
  const parts = groups.flatMap((g) => (g ? g.split(':') : []));
  return (
    parts.length >= 1 &&
    parts.slice(0, -1).every((p) => Number.parseInt(p, 16) === 0) &&
    Number.parseInt(parts.at(-1) as string, 16) === 1
  );
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return !!match && timingSafeEqual(digest(match[1] as string), digest(token));
}

function reject(
  res: http.ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

export async function startHttpServer(
  makeServer: () => McpServer,
  options: HttpOptions,
): Promise<HttpHandle> {
  if (!options.token && !isLoopback(options.host)) {
    throw new Error(
      `Refusing to serve HTTP on ${options.host} without a token: set MCP_HTTP_TOKEN (or MCP_HTTP_TOKEN_FILE), or bind to 127.0.0.1.`,
    );
  }
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let port = options.port;
  const hosts = () => {
    const names = ['127.0.0.1', 'localhost', '[::1]', ...(isLoopback(options.host) ? [] : [options.host])];
    return new Set(
      [...names.map((h) => `${h}:${port}`), ...(options.allowedHosts ?? [])].map((h) => h.toLowerCase()),
    );
  };
  const origins = () =>
    new Set(
      [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...(options.allowedOrigins ?? [])].map((o) =>
        o.toLowerCase(),
      ),
    );

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (url.pathname !== '/mcp') return reject(res, 404, 'Not found: the MCP endpoint is /mcp');
    const host = (req.headers.host ?? '').toLowerCase();
    if (!hosts().has(host)) return reject(res, 403, `Host ${host || '(none)'} is not allowed`);
    const origin = req.headers.origin;
    if (origin && !origins().has(origin.toLowerCase()))
      return reject(res, 403, `Origin ${origin} is not allowed`);
    if (options.token && !tokenMatches(req.headers.authorization, options.token)) {
      return reject(res, 401, 'Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>', {
        'www-authenticate': 'Bearer realm="telnyx-porting-mcp"',
      });
    }
    if (req.method !== 'POST') {
      return reject(res, 405, 'This server is stateless: POST JSON-RPC to /mcp', { allow: 'POST' });
    }

    const tooLarge = () => {
      // Answer, then discard the rest of the upload without keeping it, and drop the connection.
      reject(res, 413, `Request body over ${maxBody} bytes`, { connection: 'close' });
      req.resume();
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) return tooLarge();
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
      return;
    }

    const mcp = makeServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    try {
      await mcp.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) reject(res, 500, error instanceof Error ? error.message : 'Internal error');
    }
  });
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  port = (server.address() as AddressInfo).port;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
