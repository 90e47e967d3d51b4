import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx, Reply } from './api/context.js';
import { SandboxClock } from './clock.js';
import { parseRequest } from './contract.js';
import { expireDocuments } from './documents.js';
import { ApiError, type ApiErrorItem, item, unauthorized } from './errors.js';
import { createFaults, type FaultCounts, type FaultOptions } from './faults.js';
import { advance } from './lifecycle.js';
import { foreignRequest, limitError } from './limits.js';
import { createRateLimiter, type Monotonic, tooManyRequests } from './rate-limit.js';
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
  /** Requests per second, answered 429 beyond as the API does (spec/NOTES.md §7); 0 or absent: no limit. */
  rateLimit?: number;
  /** The rate limiter's time source in ms (default: monotonic real time); tests move a fake one. */
  monotonic?: Monotonic;
  /**
   * Real time in ms (default Date.now) for what must not scale with the sandbox clock: an unlinked
   * upload lives 30 real minutes at any speed, so a person or an agent can attach it. Tests move a fake one.
   */
  wallClock?: () => number;
  /** Called after every answer (tests validate them against the spec). */
  onExchange?: (exchange: Exchange) => void;
}

export interface Sandbox {
  /** Base URL, like https://api.telnyx.com/v2: `http://127.0.0.1:PORT/v2`. */
  url: string;
  store: Store;
  clock: SandboxClock;
  /** Faults injected so far, and requests refused by the rate limit and the upload cap. */
  faults: FaultCounts;
  /** Document uploads being read right now (at most MAX_UPLOADS_IN_FLIGHT). */
  uploadsInFlight(): number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
/** Uploads: 20 MB as base64 (4/3) plus the JSON or multipart around it. */
const MAX_UPLOAD_BODY = 28 * 1024 * 1024;
/** Document uploads read at once; each holds up to MAX_UPLOAD_BODY while it is parsed. More get a 429. */
export const MAX_UPLOADS_IN_FLIGHT = 4;
const UPLOAD = /^\/v2\/documents\/?(\?|$)/;

/** RFC 7231 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
export const httpDate = (ms: number) => new Date(ms).toUTCString();

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

/**
 * The request body, or 'too large' past `limit` (a body sent without Content-Length, or longer than it
 * said). With a declared length the bytes go straight into one buffer of that size: no second copy.
 */
function readBody(
  req: http.IncomingMessage,
  limit: number,
  declared?: number,
): Promise<Buffer | undefined | 'too large'> {
  const whole = declared ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit || (whole && size + chunk.length > whole.length)) {
        // Stop reading; the refusal closes the connection.
        req.off('data', onData).off('end', onEnd).pause();
        return resolve('too large');
      }
      if (whole) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => {
      if (size === 0) resolve(undefined);
      else resolve(whole ? whole.subarray(0, size) : Buffer.concat(chunks));
    };
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
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
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit, options.monotonic) : undefined;
  const wallClock = options.wallClock ?? Date.now;
  /** Request-body bytes accepted for writes other than uploads (the sandbox's state grows about as much). */
  let written = 0;
  let uploads = 0;
  let port = 0;

  const server = http.createServer(async (req, res) => {
    let operationId: string | undefined;
    let uploading = false;
    // Every answer is dated by the sandbox clock (set again below, once the request is read).
    res.sendDate = false;
    res.setHeader('date', httpDate(clock.now()));
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
    /** Answers without reading the body, and closes the connection so the body is not read after either. */
    const refuse = (error: ApiError) => {
      res.setHeader('connection', 'close');
      answer(error);
    };
    /**
     * Answers at once and lets the body flow past unread (nothing is kept): a client still sending it
     * reads the answer on a live connection rather than a broken pipe, and may send it again.
     */
    const turnAway = (error: ApiError) => {
      answer(error);
      req.resume();
    };
    try {
      const foreign = foreignRequest(req, options.host ?? '127.0.0.1', port);
      if (foreign) return refuse(foreign);
      if (limiter) {
        const { admitted, headers } = limiter();
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        if (!admitted) {
          faults.counts.over_rate_limit++;
          return turnAway(tooManyRequests(headers));
        }
      }
      const upload = req.method === 'POST' && UPLOAD.test(req.url ?? '');
      const limit = upload ? MAX_UPLOAD_BODY : MAX_BODY;
      const tooLarge = new ApiError(413, [
        item('10015', 'Payload too large', `Bodies are limited to ${limit} bytes.`),
      ]);
      // Refused by its declared length before a byte of it is read.
      const declared = Number(req.headers['content-length'] ?? Number.NaN);
      if (declared > limit) return refuse(tooLarge);
      if (upload) {
        if (uploads >= MAX_UPLOADS_IN_FLIGHT) {
          faults.counts.uploads_refused++;
          return turnAway(
            tooManyRequests(
              { 'retry-after': '1' },
              `At most ${MAX_UPLOADS_IN_FLIGHT} document uploads at once; send this one again in a second.`,
            ),
          );
        }
        uploads++;
        uploading = true;
      }
      const body = await readBody(req, limit, Number.isFinite(declared) ? declared : undefined);
      if (body === 'too large') return refuse(tooLarge);
      if (await faults.apply(res)) return;
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
      const size = body?.length ?? 0;
      // Uploads have their own cap (documents.ts), freed when a document is deleted.
      if (req.method !== 'GET' && req.method !== 'DELETE') {
        const full = limitError(
          store,
          operationId,
          parsed.body as Record<string, unknown>,
          upload ? 0 : written,
          upload ? 0 : size,
        );
        if (full) throw full;
        if (!upload) written += size;
      }
      const now = clock.now();
      const wall = wallClock();
      res.setHeader('date', httpDate(now));
      advance(store, now);
      expireDocuments(store, wall);
      const ctx: Ctx = {
        store,
        clock,
        now,
        wall,
        params: parsed.pathParams,
        query: parsed.query,
        body: parsed.body,
        accept: headers.accept ?? '',
      };
      answer((routes[operationId] as (c: Ctx) => Reply)(ctx));
    } catch (error) {
      if (error instanceof ApiError) return answer(error);
      if (req.destroyed) return; // the client went away mid-request: no one to answer
      process.stderr.write(`[sandbox] ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!res.headersSent)
        answer(new ApiError(500, [item('10007', 'Unexpected error', 'The sandbox failed.')]));
    } finally {
      if (uploading) uploads--;
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
    uploadsInFlight: () => uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
