/** One entry of Telnyx's error envelope `{"errors":[...]}`. */
export interface TelnyxErrorItem {
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: { url?: string; retryable?: boolean };
}

export type ErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'rate_limited'
  | 'server'
  | 'http'
  | 'connection'
  | 'timeout'
  | 'cancelled'
  | 'bad_response'
  | 'no_api_key'
  /** Not sent: the request would leave the catalog's operations or exceed a per-call budget. */
  | 'refused';

/** Every failure of a Telnyx call, typed by kind. `retries` counts the retries already made. */
export class TelnyxError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly errors: TelnyxErrorItem[];
  readonly retries: number;
  /** Seconds the API asked us to wait (429 Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  readonly request?: { method: string; path: string };

  constructor(
    kind: ErrorKind,
    message: string,
    opts: {
      status?: number;
      errors?: TelnyxErrorItem[];
      retries?: number;
      retryAfterSeconds?: number;
      request?: { method: string; path: string };
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'TelnyxError';
    this.kind = kind;
    this.status = opts.status;
    this.errors = opts.errors ?? [];
    this.retries = opts.retries ?? 0;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.request = opts.request;
  }
}

export function kindForStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'http';
}

/** Reads the Telnyx error envelope from a body; anything else yields no items. */
export function parseErrorItems(body: string): TelnyxErrorItem[] {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(parsed?.errors)) return [];
    return parsed.errors.filter((e): e is TelnyxErrorItem => !!e && typeof e === 'object');
  } catch {
    return [];
  }
}

/** How much of an error body the excerpt looks at: enough for any real error page's text. */
const EXCERPT_SCAN = 64 * 1024;

/**
 * A short plain-text excerpt of a non-JSON error body (HTML pages included): tags and the content of
 * script and style elements dropped, whitespace collapsed. One pass over a bounded prefix, so no body
 * can make it slow; redact the body before calling it.
 */
export function excerpt(body: string, max = 200): string {
  const src = body.length > EXCERPT_SCAN ? body.slice(0, EXCERPT_SCAN) : body;
  const lower = src.toLowerCase();
  let out = '';
  let space = false;
  let i = 0;
  // Once no '>' follows, every later '<' is text: never search to the end more than once.
  let closers = true;
  while (i < src.length && out.length <= max) {
    const c = src[i] as string;
    if (c === '<' && closers) {
      const end = src.indexOf('>', i + 1);
      if (end !== -1) {
        i = rawTextEnd(lower, i, end);
        space = out.length > 0;
        continue;
      }
      closers = false;
    }
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f') {
      space = out.length > 0;
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
    i++;
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** After a tag at [start, end]: for <script> and <style>, past their closing tag; else past the tag. */
function rawTextEnd(lower: string, start: number, end: number): number {
  for (const name of ['script', 'style']) {
    if (lower.startsWith(name, start + 1)) {
      const close = lower.indexOf(`</${name}`, end);
      if (close === -1) return lower.length;
      const closeEnd = lower.indexOf('>', close);
      return closeEnd === -1 ? lower.length : closeEnd + 1;
    }
  }
  return end + 1;
}
