/** How often the call's clock is looked at: tests drive that clock, so no single timer can be set for it. */
const LOOK_MS = 100;

export interface Deadline {
  /** Aborted once the call's time is past, or when the caller aborts: every request of the job carries it. */
  signal: AbortSignal;
  /** Whether it was the time (not the caller) that ended it. */
  readonly passed: boolean;
  dispose(): void;
}

/**
 * Ends a job's requests when its call's time is past (timeLeft() below 0; at exactly 0 nothing new
 * starts, but what is in flight may finish), so no request, wait or resend outlives the budget.
 * An endless budget (the `check` command) sets no timer.
 */
export function watchDeadline(timeLeft: () => number, outer: AbortSignal): Deadline {
  const controller = new AbortController();
  let passed = false;
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => controller.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  if (outer.aborted) controller.abort();
  const look = () => {
    const left = timeLeft();
    if (left < 0) {
      passed = true;
      controller.abort();
      return;
    }
    if (!Number.isFinite(left)) return;
    timer = setTimeout(look, Math.max(1, Math.min(left, LOOK_MS)));
    timer.unref();
  };
  look();
  return {
    signal: controller.signal,
    get passed() {
      return passed;
    },
    dispose() {
      clearTimeout(timer);
      outer.removeEventListener('abort', onAbort);
    },
  };
}
