import { ApiError, item } from './errors.js';

/** Milliseconds from a clock that never jumps (tests pass a fake one and move it; nobody waits). */
export type Monotonic = () => number;
export const monotonic: Monotonic = () => performance.now();

/** What one request learns from the limiter: admitted or not, and the headers every answer carries. */
export interface Admission {
  admitted: boolean;
  headers: Record<string, string>;
}

/**
 * Telnyx's rate limit as its docs describe it (spec/NOTES.md §7): a number of requests per window,
 * `x-ratelimit-limit` / `-remaining` / `-reset` (seconds until the window resets) on every answer,
 * and 429 code 10011 once the window's requests are used up. Fixed windows: one second holding
 * `perSecond` requests, or for a rate below one per second, one request per 1/rate seconds.
 */
export function createRateLimiter(perSecond: number, now: Monotonic = monotonic) {
  const windowMs = perSecond >= 1 ? 1000 : 1000 / perSecond;
  const limit = perSecond >= 1 ? Math.floor(perSecond) : 1;
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  return function admit(): Admission {
    const t = now();
    if (t >= windowStart + windowMs) {
      windowStart = t - ((t - (Number.isFinite(windowStart) ? windowStart : t)) % windowMs);
      used = 0;
    }
    const admitted = used < limit;
    if (admitted) used++;
    // Whole seconds, at least 1: when the window resets a request is admitted again.
    const reset = Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000));
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(limit - used),
      'x-ratelimit-reset': String(reset),
    };
    if (!admitted) headers['retry-after'] = String(reset);
    return { admitted, headers };
  };
}

/** The API's answer to one request too many (NOTES.md §7). */
export const tooManyRequests = (headers: Record<string, string>, detail?: string) =>
  new ApiError(
    429,
    [
      item(
        '10011',
        'Too many requests',
        detail ?? 'You have exceeded the maximum number of allowed requests.',
      ),
    ],
    headers,
  );
