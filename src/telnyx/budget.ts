import { TelnyxError } from './errors.js';

/** Work one tool call (or resource read, or HTTP request) may cause: 3 checks of 100 numbers, a confirmation read, retries. */
export const CALLS_PER_CALL = 40;
/** Answer bytes one tool call or resource read may read from the API, all requests together. */
export const BYTES_PER_CALL = 8 * 1024 * 1024;

/**
 * Counts the API requests and answer bytes of one unit of work and refuses to go past its limits, so
 * no tool call, resource read or HTTP request can fan out without end, whatever the upstream answers.
 * A parent (e.g. one HTTP request's whole batch) is charged too.
 */
export class Budget {
  private calls = 0;
  private bytes = 0;

  constructor(
    readonly maxCalls = CALLS_PER_CALL,
    readonly maxBytes = BYTES_PER_CALL,
    private readonly parent?: Budget,
  ) {}

  /** Charges one request; throws before it is sent when the limit is reached. */
  call(): void {
    if (this.calls >= this.maxCalls) {
      throw new TelnyxError(
        'refused',
        `Stopped after ${this.maxCalls} API requests for one call; split the work into smaller calls`,
      );
    }
    this.parent?.call();
    this.calls++;
  }

  /** Requests that may still be sent (a job stops starting new work before it runs out). */
  callsLeft(): number {
    return Math.min(this.maxCalls - this.calls, this.parent?.callsLeft() ?? Number.POSITIVE_INFINITY);
  }

  /** Answer bytes that may still be read. */
  bytesLeft(): number {
    return Math.min(this.maxBytes - this.bytes, this.parent?.bytesLeft() ?? Number.POSITIVE_INFINITY);
  }

  read(n: number): void {
    this.bytes += n;
    this.parent?.read(n);
  }

  /** A child budget charged to this one as well. */
  child(maxCalls = CALLS_PER_CALL, maxBytes = BYTES_PER_CALL): Budget {
    return new Budget(maxCalls, maxBytes, this);
  }
}
