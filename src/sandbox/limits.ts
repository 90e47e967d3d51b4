import type http from 'node:http';
import { ApiError, item } from './errors.js';
import type { Store } from './store.js';

/**
 * The sandbox is a local toy, not a store: its state is capped so no client (or a page it was tricked
 * into loading) can fill the machine's memory. Each limit answers with a Telnyx-style error that says
 * what to do.
 */
export const LIMITS = {
  /**
   * A port of 100,000 numbers created in API-sized chunks of 100 splits each chunk by carrier, number
   * type and FastPort eligibility: 6 orders per chunk for US local numbers alone (3 carriers x FastPort
   * or not), 6,000 for the port. 20,000 leaves room for mixed lists (about 20 MB of records).
   */
  orders: 20_000,
  numbers: 100_000,
  /** Characters of one comment body. */
  commentChars: 10_000,
  /** Bytes of request bodies the sandbox has accepted for writes, in total. */
  writtenBytes: 64 * 1024 * 1024,
};

/** Why a write would exceed a limit, as the error to answer with, or undefined. */
export function limitError(
  store: Store,
  operationId: string,
  body: Record<string, unknown> | undefined,
  written: number,
  size: number,
): ApiError | undefined {
  const full = (what: string) =>
    new ApiError(422, [
      item('10015', 'Sandbox limit reached', `${what}. Delete some, or restart the sandbox to start afresh.`),
    ]);
  if (written + size > LIMITS.writtenBytes)
    return full(`The sandbox accepts at most ${LIMITS.writtenBytes} bytes of writes`);
  if (operationId === 'CreatePortingOrder') {
    if (store.orders.size >= LIMITS.orders)
      return full(`The sandbox holds at most ${LIMITS.orders} porting orders`);
    const adding = new Set(body?.phone_numbers as string[] | undefined).size;
    if (store.numbers.size + adding > LIMITS.numbers)
      return full(
        `The sandbox holds at most ${LIMITS.numbers} porting phone numbers; it holds ${store.numbers.size} and this order adds ${adding}`,
      );
  }
  const comment = body?.body;
  if (
    operationId === 'CreatePortingOrderComment' &&
    typeof comment === 'string' &&
    comment.length > LIMITS.commentChars
  ) {
    return new ApiError(422, [
      item('10015', 'Invalid parameter', `body is longer than ${LIMITS.commentChars} characters`, '/body'),
    ]);
  }
  return undefined;
}

/**
 * DNS rebinding: a web page could make the browser send requests to this loopback port under its own
 * name. Only the names of this server (and no foreign Origin) are served, as by the HTTP transport.
 */
export function foreignRequest(req: http.IncomingMessage, host: string, port: number): ApiError | undefined {
  const names = new Set(
    ['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host].map((h) => `${h}:${port}`),
  );
  const requestHost = (req.headers.host ?? '').toLowerCase();
  if (!names.has(requestHost))
    return new ApiError(403, [item('10010', 'Forbidden', `Host ${requestHost || '(none)'} is not allowed`)]);
  const origin = req.headers.origin?.toLowerCase();
  if (origin && !new Set([...names].map((n) => `http://${n}`)).has(origin))
    return new ApiError(403, [item('10010', 'Forbidden', `Origin ${origin} is not allowed`)]);
  return undefined;
}
