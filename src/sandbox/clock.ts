/**
 * The sandbox's notion of now. Speed 0 holds it: time moves only when the driver (a test, the demo, the
 * model through sandbox_clock_advance) skips it forward, so nothing depends on how long a step takes.
 * A positive speed runs it that many times faster than real time, for people watching a port progress
 * (3600: one real second is one sandbox hour).
 */
export class SandboxClock {
  private readonly startedReal = Date.now();
  private offset = 0;

  constructor(
    readonly speed = 3600,
    // On a whole second: a held clock then reads exactly what its Date headers say (they carry seconds).
    private readonly startedSandbox = Math.floor(Date.now() / 1000) * 1000,
  ) {}

  now(): number {
    return this.startedSandbox + (Date.now() - this.startedReal) * this.speed + this.offset;
  }

  /** Jumps forward (tests and seeding); time never runs backwards. */
  skip(ms: number): void {
    this.offset += Math.max(0, ms);
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
