import type { SandboxClock } from './clock.js';
import type { Store } from './store.js';

/** Placeholder until the seeded dataset lands: fills nothing. */
export function seed(_store: Store, _clock: SandboxClock, _count: number): void {}
