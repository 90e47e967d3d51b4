import { TelnyxError } from '../telnyx/errors.js';
import type { JobContext } from './workflow.js';

/**
 * How many checks a job keeps in flight. A 429 that outlived the client's own retries halves it; the
 * job then holds new requests for the Retry-After the API asked for when the call has that time (or
 * leaves the wait to the next call); ten answers in a row raise it by one again, up to the configured
 * concurrency.
 */
export class Throttle {
  limit: number;
  /** 429s the job saw (after the client's own retries). */
  rateLimited = 0;
  private streak = 0;
  /** Settles when requests may go out again. */
  private gate: Promise<void> = Promise.resolve();
  private holding = false;

  constructor(
    readonly max: number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.limit = max;
  }

  /** Records a 429; returns the milliseconds the API asked to wait (nothing is held yet: see hold). */
  limited(retryAfterSeconds?: number): number {
    this.rateLimited++;
    this.streak = 0;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    return retryAfterSeconds !== undefined
      ? retryAfterSeconds * 1000
      : Math.min(30_000, 1000 * 2 ** Math.min(this.rateLimited - 1, 5));
  }

  /**
   * Holds new requests for `ms`, once the caller decided the call has that time. One hold at a time:
   * the chunks that met the same limit wait it out together.
   */
  hold(ms: number): void {
    if (this.holding) return;
    this.holding = true;
    this.gate = this.sleep(ms)
      .catch(() => {})
      .finally(() => {
        this.holding = false;
      });
  }

  ok(): void {
    if (++this.streak >= 10 && this.limit < this.max) {
      this.limit++;
      this.streak = 0;
    }
  }

  /** Resolves when requests may go out again. */
  pause(): Promise<void> {
    return this.gate;
  }
}

/**
 * The job's requests, each sent again after a 429 that outlived the client's own retries, waiting the
 * Retry-After the API asked for while the call has time (a 429 means the API did nothing, so even a
 * create may go again). Other failures pass through.
 */
export function patient<T extends Pick<JobContext, 'request' | 'timeLeft' | 'sleep'>>(ctx: T, tries = 5): T {
  return {
    ...ctx,
    request: async (tool, input, signal) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await ctx.request(tool, input, signal);
        } catch (error) {
          if (!(error instanceof TelnyxError) || error.kind !== 'rate_limited' || attempt >= tries)
            throw error;
          const wait = (error.retryAfterSeconds ?? 2 ** attempt) * 1000;
          if (wait > ctx.timeLeft()) throw error;
          await ctx.sleep(wait);
        }
      }
    },
  };
}
