import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { HOUR, iso } from '../sandbox/clock.js';
import { advance, nextChangeAt } from '../sandbox/lifecycle.js';
import type { Sandbox } from '../sandbox/server.js';
import { describeIssues } from './input-errors.js';
import { inputJsonSchema } from './json-schema.js';
import { textError } from './results.js';
import type { LocalTool } from './tools.js';

/** Orders listed by name in one answer; a seeded sandbox can change many at once. */
const MAX_LISTED = 50;

const input = z
  .strictObject({
    hours: z.number().positive().max(720).optional().describe('Move time forward this many hours'),
    to_next_change: z.boolean().optional().describe('Jump to the next scheduled status change'),
  })
  .refine((a) => (a.hours !== undefined) !== (a.to_next_change === true), {
    message: 'give exactly one of hours or to_next_change: true',
  });

/**
 * Sandbox mode only: the sandbox's clock is moved by whoever drives it, never by waiting. The model
 * (or the demo) advances it to see an order go through its lifecycle; nothing real is touched.
 */
export function sandboxClockTool(sandbox: Pick<Sandbox, 'clock' | 'store'>): LocalTool {
  const { clock, store } = sandbox;
  const definition: Tool = {
    name: 'sandbox_clock_advance',
    title: 'Advance the sandbox clock',
    description:
      'Sandbox only: move simulated time forward to see orders progress (submitted, FOC confirmed, ported). Returns the new time and the orders whose status changed.',
    inputSchema: inputJsonSchema(input) as Tool['inputSchema'],
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  };

  const run = (args: Record<string, unknown>): CallToolResult => {
    const parsed = input.safeParse(args);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error.issues, args);
      return textError(['Invalid arguments for sandbox_clock_advance:', ...problems].join('\n'));
    }
    const from = clock.now();
    advance(store, from);
    const before = new Map([...store.orders.values()].map((o) => [o.id, o.status]));
    const target =
      parsed.data.hours !== undefined ? from + parsed.data.hours * HOUR : nextChangeAt(store, from);
    if (target !== undefined) {
      clock.skip(target - from);
      advance(store, clock.now());
    }
    const changed = [...store.orders.values()]
      .filter((o) => before.get(o.id) !== undefined && before.get(o.id) !== o.status)
      .map((o) => ({ porting_order_id: o.id, status: o.status }));
    const next = nextChangeAt(store, clock.now());
    const result: Record<string, unknown> = {
      now: iso(clock.now()),
      advanced_hours: Math.round(((clock.now() - from) / HOUR) * 1000) / 1000,
      changed: changed.slice(0, MAX_LISTED),
      ...(changed.length > MAX_LISTED ? { changed_total: changed.length } : {}),
      ...(next !== undefined ? { next_change_at: iso(next) } : { note: 'Nothing else is scheduled.' }),
    };
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  };

  return { definition, run };
}

/** What a server in sandbox mode gets from its in-process sandbox: the clock tool and the sandbox's now. */
export function sandboxDeps(sandbox: Pick<Sandbox, 'clock' | 'store'>) {
  return { local: [sandboxClockTool(sandbox)], now: () => sandbox.clock.now() };
}
