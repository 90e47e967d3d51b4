import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx, Reply } from './api/context.js';
import { SandboxClock } from './clock.js';
import { parseRequest } from './contract.js';
import { ApiError, type ApiErrorItem, item, unauthorized } from './errors.js';
import { createFaults, type FaultOptions } from './faults.js';
import { advance } from './lifecycle.js';
import { foreignRequest, limitError } from './limits.js';
import { routes } from './routes.js';
import { seed } from './seed.js';
import { Store } from './store.js';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Sandbox clock speed: 3600 (default) makes one real second one sandbox hour. */
  speed?: number;
  /** Fill the sandbox with this many porting phone numbers, spread over orders in every status. */
  seed?: number;
  faults?: FaultOptions;
  /** Called after every answer (tests validate them against the spec). */
  onExchange?: (exchange: Exchange) => void;
}

export interface Sandbox {
  /** Base URL, like https://api.telnyx.com/v2: `http://127.0.0.1:PORT/v2`. */
  url: string;
  store: Store;
  clock: SandboxClock;
  /** Faults injected so far. */
  faults: { rate_limited: number; server_error: number; dropped: number };
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
/** Uploads: 20 MB as base64 (4/3) plus the JSON or multipart around it. */
const MAX_UPLOAD_BODY = 28 * 1024 * 1024;

/** Turns the contract's "where: message" lines into Telnyx error items with a pointer or parameter. */
function validationItems(errors: string[]): ApiErrorItem[] {
  return errors.map((line) => {
    const m = /^(body|query|path) ([^:]*): (.*)$/.exec(line);
    if (!m) return item('10015', 'Bad Request', line);
    const [, where, field = '', message = ''] = m;
    const pointer = where === 'body' ? (field === '/' ? '/' : field) : field;
    return item('10015', 'Invalid parameter', `${field === '/' ? 'body' : field} ${message}`, pointer);
  });
}

interface Rendered {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

function render(reply: Reply | ApiError): Rendered {
  if (reply instanceof ApiError) {
    const headers = { 'content-type': 'application/json', ...reply.headers };
    return { status: reply.status, headers, body: JSON.stringify({ errors: reply.errors }) };
  }
  if ('pdf' in reply)
    return { status: reply.status, headers: { 'content-type': 'application/pdf' }, body: reply.pdf };
  if ('file' in reply)
    return { status: reply.status, headers: { 'content-type': reply.contentType }, body: reply.file };
  if ('csv' in reply)
    return { status: reply.status, headers: { 'content-type': 'text/csv; charset=utf-8' }, body: reply.csv };
  if ('json' in reply) {
    return {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reply.json),
    };
  }
  return { status: 204, headers: {} };
}

/** What tests see of each exchange, to validate every sandbox answer against the spec. */
export interface Exchange {
  operationId?: string;
  method: string;
  url: string;
  status: number;
  contentType?: string;
  body?: Buffer | string;
}

/** The Telnyx porting-in API on loopback, with in-memory state. The MCP server talks to it over real HTTP. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new Store();
  const clock = new SandboxClock(options.speed ?? 3600);
  if (options.seed) seed(store, clock, options.seed);
  const faults = createFaults(options.faults);
  /** Request-body bytes accepted for writes (the sandbox's state grows about as much). */
  let written = 0;
  let port = 0;

  const server = http.createServer(async (req, res) => {
    let operationId: string | undefined;
    const answer = (reply: Reply | ApiError) => {
      const out = render(reply);
      res.writeHead(out.status, out.headers).end(out.body);
      const contentType = out.headers['content-type'];
      options.onExchange?.({
        operationId,
        method: req.method ?? '',
        url: req.url ?? '',
        status: out.status,
        contentType,
        body: out.body,
      });
    };
    try {
      const foreign = foreignRequest(req, options.host ?? '127.0.0.1', port);
      if (foreign) {
        req.resume();
        return answer(foreign);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const limit =
        req.method === 'POST' && /^\/v2\/documents\/?(\?|$)/.test(req.url ?? '') ? MAX_UPLOAD_BODY : MAX_BODY;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit) {
          answer(
            new ApiError(413, [item('10015', 'Payload too large', `Bodies are limited to ${limit} bytes.`)]),
          );
          return;
        }
        chunks.push(chunk as Buffer);
      }
      if (await faults.apply(res)) return;
      // Kept as bytes: multipart uploads carry binary files.
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = req.headers as Record<string, string | undefined>;
      if (!/^Bearer \S/.test(headers.authorization ?? '')) throw unauthorized();

      const parsed = parseRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body });
      operationId = parsed.operationId;
      if (!operationId)
        throw new ApiError(404, [item('10005', 'Resource not found', parsed.errors.join('; '))]);
      if (parsed.errors.length) throw new ApiError(422, validationItems(parsed.errors));
      if (parsed.headerErrors.length) {
        throw new ApiError(406, [item('10015', 'Not acceptable', parsed.headerErrors.join('; '))]);
      }
      if (req.method !== 'GET' && req.method !== 'DELETE') {
        const full = limitError(store, operationId, parsed.body as Record<string, unknown>, written, size);
        if (full) throw full;
        written += size;
      }
      const now = clock.now();
      advance(store, now);
      const ctx: Ctx = {
        store,
        clock,
        now,
        params: parsed.pathParams,
        query: parsed.query,
        body: parsed.body,
        accept: headers.accept ?? '',
      };
      answer((routes[operationId] as (c: Ctx) => Reply)(ctx));
    } catch (error) {
      if (error instanceof ApiError) return answer(error);
      process.stderr.write(`[sandbox] ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!res.headersSent)
        answer(new ApiError(500, [item('10007', 'Unexpected error', 'The sandbox failed.')]));
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v2`,
    store,
    clock,
    faults: faults.counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
