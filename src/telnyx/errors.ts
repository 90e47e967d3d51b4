import { deeperThan, textDeeperThan } from '../json-depth.js';
import { lower as lowerKeepingPlaces, type Redactor } from '../redact.js';

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

/** No Telnyx error envelope nests deeper; a deeper body is shown as a cut excerpt, never walked. */
const MAX_ERROR_DEPTH = 8;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Reads the Telnyx error envelope from a body; anything else yields no items. Only the envelope's own
 * fields are kept, as strings (and `retryable` as a boolean), so whatever else a body holds, however
 * deep, is never walked again.
 */
export function parseErrorItems(body: string): TelnyxErrorItem[] {
  if (textDeeperThan(body, MAX_ERROR_DEPTH)) return [];
  let parsed: { errors?: unknown };
  try {
    parsed = JSON.parse(body) as { errors?: unknown };
  } catch {
    return [];
  }
  if (!Array.isArray(parsed?.errors) || deeperThan(parsed, MAX_ERROR_DEPTH)) return [];
  const items: TelnyxErrorItem[] = [];
  for (const e of parsed.errors) {
    if (!e || typeof e !== 'object' || Array.isArray(e)) continue;
    const raw = e as Record<string, unknown>;
    const source = (raw.source ?? {}) as Record<string, unknown>;
    const meta = (raw.meta ?? {}) as Record<string, unknown>;
    const item: TelnyxErrorItem = { code: str(raw.code), title: str(raw.title), detail: str(raw.detail) };
    if (str(source.pointer) || str(source.parameter))
      item.source = { pointer: str(source.pointer), parameter: str(source.parameter) };
    if (str(meta.url) || typeof meta.retryable === 'boolean')
      item.meta = {
        url: str(meta.url),
        retryable: typeof meta.retryable === 'boolean' ? meta.retryable : undefined,
      };
    items.push(JSON.parse(JSON.stringify(item)) as TelnyxErrorItem);
  }
  return items;
}

/**
 * A short plain-text excerpt of a non-JSON error body (HTML pages included): tags and the content of
 * script and style elements dropped, whitespace collapsed; one linear pass that stops once enough text
 * is out. Redact the raw body before calling it, and pass the redactor too: dropping markup can put the
 * pieces of a key split by tags next to each other ("KEY_ab<b></b>cd" -> "KEY_ab cd"), so the text is
 * redacted again, ignoring whitespace, before it is cut (a cut never leaves a piece of the key).
 */
export function excerpt(body: string, max = 200, redactor?: Pick<Redactor, 'loose' | 'longest'>): string {
  // Enough text past the cut for any key the cut could go through, spaces put into it included.
  const want = max + 2 * (redactor?.longest ?? 0);
  const lower = lowerKeepingPlaces(body);
  let out = '';
  let space = false;
  let i = 0;
  // Once no '>' follows, every later '<' is text: never search to the end more than once.
  let closers = true;
  while (i < body.length && out.length <= want) {
    const c = body[i] as string;
    if (c === '<' && closers) {
      const end = body.indexOf('>', i + 1);
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
  const text = redactor ? redactor.loose(out) : out;
  return text.length > max ? `${text.slice(0, max)}…` : text;
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
