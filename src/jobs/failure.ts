import { argumentPath } from '../mcp/results.js';
import { TelnyxError } from '../telnyx/errors.js';
import type { JobContext } from './workflow.js';

/** The most characters of one failure's text in an answer (ten of them fit easily). */
const MAX_ERROR = 300;

export interface FailureFacts {
  /** The API's error items ("code title: detail (field x)"), or what went wrong on the way. */
  error: string;
  /** Argument paths the API named (`end_user.admin.account_number`). */
  fields: string[];
  kind: string;
}

/** What a failed request said, short, with the fields it named. */
export function failureOf(error: unknown): FailureFacts {
  if (!(error instanceof TelnyxError)) {
    return {
      error: String(error instanceof Error ? error.message : error).slice(0, MAX_ERROR),
      fields: [],
      kind: 'internal',
    };
  }
  const fields = error.errors
    .map((i) =>
      i.source?.pointer && i.source.pointer !== '/' ? argumentPath(i.source.pointer) : i.source?.parameter,
    )
    .filter((f): f is string => !!f);
  const items = error.errors.map((i) => {
    const head = [i.code, i.title].filter(Boolean).join(' ') || 'Error';
    const pointer =
      i.source?.pointer && i.source.pointer !== '/' ? ` (field ${argumentPath(i.source.pointer)})` : '';
    return `${head}${i.detail ? `: ${i.detail}` : ''}${pointer}`;
  });
  const status = error.status ? `HTTP ${error.status} ` : '';
  const text = items.length ? `${status}${items.join('; ')}` : `${status}(${error.kind}) ${error.message}`;
  return { error: text.slice(0, MAX_ERROR), fields: [...new Set(fields)], kind: error.kind };
}

/** Failures that say nothing about the order: the same call later may well succeed. */
export const TRANSIENT_KINDS = new Set(['rate_limited', 'server', 'connection', 'timeout']);

/** Why a job starts no more work: the client cancelled, its time is up, or its requests are. */
export type Stop = 'cancelled' | 'time' | 'requests' | 'rate_limit';

/**
 * Why a job should start no more work, or undefined to go on: it was cancelled, its time is up
 * (`timeUp`: by default the call's), or fewer than `reserve` requests are left of its budget (what
 * steps in flight may still need).
 */
export function stopReason(
  ctx: JobContext,
  reserve: number,
  timeUp = () => ctx.timeLeft() <= 0,
): Stop | undefined {
  if (ctx.signal.aborted) return 'cancelled';
  if (timeUp()) return 'time';
  if (ctx.budget.callsLeft() < reserve) return 'requests';
  return undefined;
}

/**
 * Why a failed request did nothing because the call stopped (undefined: a real failure): the budget
 * refused it, the client cancelled, or a 429 outlasted the waits the call's time allowed (a 429 means
 * the API did nothing).
 */
export function stopOf(error: unknown): Stop | undefined {
  if (!(error instanceof TelnyxError)) return undefined;
  if (error.kind === 'refused') return 'requests';
  if (error.kind === 'cancelled') return 'cancelled';
  if (error.kind === 'rate_limited') return 'rate_limit';
  return undefined;
}

const STOPPED: Record<Stop, string> = {
  time: "the call's time ran out",
  requests: "the call's budget of API requests ran out",
  rate_limit: "the API's rate limit (HTTP 429) kept refusing requests for longer than the call could wait",
  cancelled: 'the call was cancelled',
};

/** Items of work a call did not reach, and why it stopped: the answer says which limit ran out. */
export class NotReached {
  count = 0;
  private readonly why = new Map<Stop, number>();

  add(reason: Stop): void {
    this.count++;
    this.why.set(reason, (this.why.get(reason) ?? 0) + 1);
  }

  /** "The call's time ran out before 3 orders" (the most frequent reason first, when there were several). */
  sentence(item: string): string {
    const why = [...this.why.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([r]) => STOPPED[r])
      .join(', and ');
    return `${why.charAt(0).toUpperCase()}${why.slice(1)} before ${this.count} ${item}${this.count === 1 ? '' : 's'}`;
  }
}
