/** Uploads that may read local files at once in this process, whatever the transport or client. */
export const MAX_CONCURRENT_UPLOADS = 8;
/** Uploads that may wait for a slot; any more are refused at once. */
export const MAX_WAITING_UPLOADS = 32;
/** How long an upload waits for a slot before it is refused. */
export const UPLOAD_WAIT_MS = 5_000;

export const BUSY = `${MAX_CONCURRENT_UPLOADS} uploads are in progress on this server already; nothing was read or sent. Retry this upload in a few seconds.`;

/**
 * A process-wide cap on uploads of local files: a file is opened only after its upload holds a slot,
 * so open files and streamed bytes stay bounded across every HTTP request and client. An upload over
 * the cap waits briefly in a bounded queue, then is refused with a retry hint (never queued without end).
 */
export class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly max = MAX_CONCURRENT_UPLOADS,
    readonly maxWaiting = MAX_WAITING_UPLOADS,
    readonly waitMs = UPLOAD_WAIT_MS,
  ) {}

  /** Slots in use now. */
  get inUse(): number {
    return this.active;
  }

  /** A release function once a slot is held, or undefined when none came free (or the call was cancelled). */
  async acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return undefined;
    if (this.active < this.max) return this.take();
    if (this.waiting.length >= this.maxWaiting) return undefined;
    return new Promise((resolve) => {
      const grant = () => {
        done();
        resolve(this.take());
      };
      const give = () => {
        done();
        resolve(undefined);
      };
      const timer = setTimeout(give, this.waitMs);
      signal?.addEventListener('abort', give, { once: true });
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', give);
        const at = this.waiting.indexOf(grant);
        if (at !== -1) this.waiting.splice(at, 1);
      };
      this.waiting.push(grant);
    });
  }

  private take(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting[0]?.();
    };
  }
}

/** The one cap of this process. */
export const uploadSlots = new Slots();
