import type { ServerResponse } from 'node:http';
import { item } from './errors.js';
import { seededRandom } from './random.js';

/** Off by default; each share is a probability from 0 to 1, drawn per request from a seeded generator. */
export interface FaultOptions {
  latencyMs?: number;
  rate429?: number;
  retryAfterSeconds?: number;
  rate5xx?: number;
  rateDrop?: number;
  seed?: number;
}

export interface FaultCounts {
  /** Injected 429s (FaultOptions.rate429). */
  rate_limited: number;
  server_error: number;
  dropped: number;
  /** 429s of the rate limit (SandboxOptions.rateLimit). */
  over_rate_limit: number;
  /** 429s for an upload beyond the ones the sandbox reads at once. */
  uploads_refused: number;
  /** Answers held back by the added latency (FaultOptions.latencyMs). */
  delayed: number;
}

/**
 * Applies the configured faults to one request. Returns true when it answered (or dropped) the
 * request itself, in which case the API never sees it: a faulted POST has created nothing.
 */
export function createFaults(options: FaultOptions = {}) {
  const next = seededRandom(options.seed ?? 1);
  const active = !!(options.latencyMs || options.rate429 || options.rate5xx || options.rateDrop);
  /** How many of each fault were injected (tests check what the client saw against it). */
  const counts: FaultCounts = {
    rate_limited: 0,
    server_error: 0,
    dropped: 0,
    over_rate_limit: 0,
    uploads_refused: 0,
    delayed: 0,
  };
  async function apply(res: ServerResponse): Promise<boolean> {
    if (!active) return false;
    if (options.latencyMs) {
      counts.delayed++;
      await new Promise((r) => setTimeout(r, options.latencyMs));
    }
    const roll = next();
    let edge = options.rateDrop ?? 0;
    if (roll < edge) {
      counts.dropped++;
      res.socket?.destroy();
      return true;
    }
    edge += options.rate429 ?? 0;
    if (roll < edge) {
      counts.rate_limited++;
      const body = {
        errors: [
          item('10011', 'Too many requests', 'You have exceeded the maximum number of allowed requests.'),
        ],
      };
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(options.retryAfterSeconds ?? 1),
        })
        .end(JSON.stringify(body));
      return true;
    }
    edge += options.rate5xx ?? 0;
    if (roll < edge) {
      counts.server_error++;
      const body = { errors: [item('10007', 'Unexpected error', 'The sandbox injected a server error.')] };
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    }
    return false;
  }
  return { apply, counts };
}
