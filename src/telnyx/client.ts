import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { Endpoint } from '../catalog/endpoint.js';
import { catalog } from '../catalog/index.js';
import { buildRequest, type HttpRequest } from '../catalog/request.js';
import type { LocalFile } from '../files/allowed.js';
import { deeperThan } from '../json-depth.js';
import { createRedactor, type Redactor } from '../redact.js';
import type { Budget } from './budget.js';
import { excerpt, kindForStatus, parseErrorItems, TelnyxError } from './errors.js';
import { matchesOperation, type Operation } from './operations.js';
import { paginate } from './pagination.js';
import { encodeQuery } from './query.js';

export interface ClientOptions {
  baseUrl: string;
  apiKey?: string;
  userAgent: string;
  timeoutMs: number;
  /** Retries after the first attempt (the issue's "at most 2"). */
  maxRetries: number;
  /** First backoff step; doubles per retry, with full jitter. */
  retryBaseMs?: number;
  /** Longest Retry-After we wait for; a longer one is returned to the caller at once. */
  maxRetryAfterMs?: number;
  maxResponseBytes?: number;
  dispatcher?: Dispatcher;
  /** The only requests this client sends (default: every catalog entry). */
  operations?: readonly Operation[];
}

/** `date`: the answer's Date header in ms, when it has a valid one (the API's time, or the sandbox's clock). */
export type ApiResponse = { date?: number } & (
  | { status: number; type: 'json'; data: unknown }
  | { status: number; type: 'empty' }
  | { status: number; type: 'binary'; contentType: string; bytes: Buffer }
  | { status: number; type: 'text'; contentType: string; text: string }
);

export interface CallOptions {
  signal?: AbortSignal;
  /** The checked local file of an upload (src/files/allowed.ts). */
  local?: LocalFile;
  /** Charged one call per HTTP request (retries included) and the answer's bytes. */
  budget?: Budget;
}

const MAX_ANSWER_DEPTH = 64;

/** Failures where no byte of the request reached the API, so even a POST may be sent again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
/** Failures after which an idempotent request is worth another try. */
const TRANSIENT = new Set([...NOT_SENT, 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);
const RETRY_STATUS = new Set([502, 503, 504]);

/** The one HTTP client every tool shares: auth, encoding, timeout, retries, abort, typed errors. */
export class TelnyxClient {
  private dispatcher?: Dispatcher;
  private readonly base: URL;
  /** Scrubs the key from every answer as it arrives, before anything (confirmation, completion) reads it. */
  private readonly redactor: Redactor;

  constructor(private readonly opts: ClientOptions) {
    this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
    this.dispatcher = opts.dispatcher;
    this.redactor = createRedactor([opts.apiKey]);
  }

  /** Calls one catalog operation with already-validated input. */
  async request(
    endpoint: Endpoint,
    input: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<ApiResponse> {
    return this.send(buildRequest(endpoint, input, options.local), options);
  }

  /** Every item of a paginated list operation, fetched page by page as the caller consumes them. */
  paginate(
    endpoint: Endpoint,
    input: Record<string, unknown>,
    options: CallOptions & { pageSize?: number } = {},
  ) {
    return paginate(this, endpoint, input, options);
  }

  async send(req: HttpRequest, { signal, budget }: CallOptions = {}): Promise<ApiResponse> {
    const where = { method: req.method, path: req.path };
    // Defence in depth: whatever built the request, nothing outside the porting API goes out with the key.
    if (!matchesOperation(req.method, req.path, this.opts.operations ?? catalog)) {
      throw new TelnyxError('refused', 'Refused: the request matches no operation of the porting API', {
        request: where,
      });
    }
    if (!this.opts.apiKey) {
      throw new TelnyxError('no_api_key', 'TELNYX_API_KEY is not set', { request: where });
    }
    const maxRetries = Math.max(0, this.opts.maxRetries);
    for (let attempt = 0; ; attempt++) {
      let failure: TelnyxError;
      try {
        budget?.call();
        return await this.attempt(req, attempt, signal, budget);
      } catch (error) {
        if (!(error instanceof TelnyxError)) throw error;
        failure = error;
      }
      const delay = attempt < maxRetries ? this.retryDelay(req, failure, attempt) : undefined;
      if (delay === undefined) throw failure;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        throw new TelnyxError('cancelled', 'The request was cancelled', { request: where, retries: attempt });
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  /**
   * undici is loaded on the first request, not at start-up (about 55 ms): a client that only lists
   * tools never pays for it. One keep-alive Agent then serves every call.
   */
  private async undici(): Promise<{ request: typeof import('undici').request; dispatcher: Dispatcher }> {
    const undici = await import('undici');
    this.dispatcher ??= new undici.Agent({ keepAliveTimeout: 10_000, connections: 32 });
    return { request: undici.request, dispatcher: this.dispatcher };
  }

  /** Milliseconds to wait before retrying, or undefined when this failure must not be retried. */
  private retryDelay(req: HttpRequest, error: TelnyxError, attempt: number): number | undefined {
    const base = this.opts.retryBaseMs ?? 500;
    const backoff = () => {
      const step = base * 2 ** attempt;
      return step / 2 + Math.random() * (step / 2);
    };
    if (error.kind === 'rate_limited') {
      if (error.retryAfterSeconds === undefined) return backoff();
      const wait = error.retryAfterSeconds * 1000;
      return wait <= (this.opts.maxRetryAfterMs ?? 20_000) ? wait : undefined;
    }
    const code = errorCode(error.cause);
    // A POST that may have reached the API is never sent twice: it could create a second order.
    if (req.method === 'POST') return code && NOT_SENT.has(code) ? backoff() : undefined;
    if (error.kind === 'server' && error.status && RETRY_STATUS.has(error.status)) return backoff();
    if (error.kind === 'connection' && code && TRANSIENT.has(code)) return backoff();
    return undefined;
  }

  private async attempt(
    req: HttpRequest,
    retries: number,
    signal?: AbortSignal,
    budget?: Budget,
  ): Promise<ApiResponse> {
    const where = { method: req.method, path: req.path };
    const url = new URL(req.path.replace(/^\//, ''), this.base);
    const qs = encodeQuery(req.query);
    if (qs) url.search = qs;

    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.apiKey}`,
      accept: req.accept,
      'user-agent': this.opts.userAgent,
    };
    if (req.body) headers['content-type'] = 'application/json';
    let body: string | Readable | undefined = req.body ? JSON.stringify(req.body) : undefined;
    if (req.multipart) {
      const form = multipartBody(req.multipart.file, req.multipart.fields);
      headers['content-type'] = `multipart/form-data; boundary=${form.boundary}`;
      headers['content-length'] = String(form.length);
      body = Readable.from(form.stream());
    }

    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const aborted = (cause: unknown) =>
      signal?.aborted
        ? new TelnyxError('cancelled', 'The request was cancelled', { request: where, retries, cause })
        : new TelnyxError('timeout', `No complete answer within ${this.opts.timeoutMs} ms`, {
            request: where,
            retries,
            cause,
          });

    let res: Dispatcher.ResponseData;
    try {
      const { request, dispatcher } = await this.undici();
      res = await request(url, {
        method: req.method,
        headers,
        body,
        signal: combined,
        dispatcher,
      });
    } catch (error) {
      if (combined.aborted) throw aborted(error);
      throw new TelnyxError(
        'connection',
        `Could not reach the Telnyx API (${errorCode(error) ?? 'network error'})`,
        {
          request: where,
          retries,
          cause: error,
        },
      );
    }

    let bytes: Buffer;
    try {
      const max = this.opts.maxResponseBytes ?? 20 * 1024 * 1024;
      bytes = await readCapped(res.body, Math.max(0, Math.min(max, budget?.bytesLeft() ?? max)));
      budget?.read(bytes.length);
    } catch (error) {
      if (combined.aborted) throw aborted(error);
      if (error instanceof TelnyxError)
        throw new TelnyxError(error.kind, error.message, { request: where, retries });
      throw new TelnyxError(
        'connection',
        `The connection broke while reading the answer (${errorCode(error) ?? 'reset'})`,
        {
          request: where,
          retries,
          cause: error,
        },
      );
    }

    const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
    const status = res.statusCode;
    const scrub = this.redactor;
    if (status >= 300) {
      // Redacted before parsing and cutting, so no excerpt can show a piece of the key.
      const text = scrub.text(bytes.toString('utf8'));
      const errors = scrub.deep(parseErrorItems(text));
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      const message = errors.length ? `HTTP ${status}` : `HTTP ${status}${text ? `: ${excerpt(text)}` : ''}`;
      throw new TelnyxError(kindForStatus(status), message, {
        status,
        errors,
        retries,
        retryAfterSeconds: retryAfter,
        request: where,
      });
    }

    const date = Date.parse(String(res.headers.date ?? ''));
    const dated = Number.isNaN(date) ? {} : { date };
    if (status === 204 || bytes.length === 0) return { status, type: 'empty', ...dated };
    const bad = (what: string) =>
      new TelnyxError('bad_response', `Unexpected answer from the API: ${what}`, {
        status,
        request: where,
        retries,
      });
    if (req.accept === 'application/pdf') {
      if (!contentType.includes('pdf') && !contentType.includes('octet-stream')) {
        throw bad(`expected a PDF, got ${contentType || 'no content type'}`);
      }
      // A PDF cannot be scrubbed without breaking it: one that carries the key is not passed on.
      if (this.opts.apiKey && bytes.includes(this.opts.apiKey)) {
        throw bad('the PDF contains the API key, so it is not passed on');
      }
      return { status, type: 'binary', contentType: 'application/pdf', bytes, ...dated };
    }
    if (req.accept === '*/*') {
      // A document is passed on as it is, so one that carries the key is not passed on at all.
      if (this.opts.apiKey && bytes.includes(this.opts.apiKey)) {
        throw bad('the document contains the API key, so it is not passed on');
      }
      return {
        status,
        type: 'binary',
        contentType: contentType || 'application/octet-stream',
        bytes,
        ...dated,
      };
    }
    if (req.accept === 'text/csv' && !contentType.includes('json')) {
      return {
        status,
        type: 'text',
        contentType: contentType || 'text/csv',
        text: scrub.text(bytes.toString('utf8')),
        ...dated,
      };
    }
    if (!contentType.includes('json')) {
      throw bad(
        `expected JSON, got ${contentType || 'no content type'}: ${excerpt(scrub.text(bytes.toString('utf8')), 120)}`,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(scrub.text(bytes.toString('utf8')));
    } catch {
      throw bad(`invalid JSON: ${excerpt(scrub.text(bytes.toString('utf8')), 120)}`);
    }
    // No Telnyx answer nests this deep; a deeper one would only strain everything that walks it.
    if (deeperThan(data, MAX_ANSWER_DEPTH)) throw bad(`JSON nested deeper than ${MAX_ANSWER_DEPTH} levels`);
    // Scrubbed as text above, and again as parsed JSON (the key written with \u escapes).
    return { status, type: 'json', data: scrub.deep(data), ...dated };
  }
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new TelnyxError('bad_response', `Unexpected answer from the API: larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const UPLOAD_CHUNK = 64 * 1024;

/**
 * A multipart/form-data body that streams the file from its open handle (never the whole file in
 * memory); its length is known up front. `stream()` starts from the first byte each time, so a retry
 * resends the same bytes.
 */
function multipartBody(file: LocalFile, fields: Record<string, string>) {
  const boundary = `----telnyx-porting-mcp-${randomUUID()}`;
  const quote = (v: string) => v.replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    [
      ...Object.entries(fields).map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      ),
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    ].join(''),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    boundary,
    length: head.length + file.size + tail.length,
    // Read with positioned reads, not a ReadStream: destroying one (undici does when the API answers,
    // e.g. 429, before the body is sent) closes the handle, and the retry would find it closed.
    async *stream(): AsyncIterable<Buffer> {
      yield head;
      for (let at = 0; at < file.size; ) {
        const want = Math.min(UPLOAD_CHUNK, file.size - at);
        const { bytesRead, buffer } = await file.handle.read(Buffer.allocUnsafe(want), 0, want, at);
        if (bytesRead === 0) break;
        yield buffer.subarray(0, bytesRead);
        at += bytesRead;
      }
      yield tail;
    },
  };
}
