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
  | 'no_api_key';

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

/** A short plain-text excerpt of a non-JSON error body (HTML pages included). */
export function excerpt(body: string, max = 200): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
