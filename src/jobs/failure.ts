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

/**
 * Whether a job should start no more work: it was cancelled, its time is up (`timeUp`: by default the
 * call's), or fewer than `reserve` requests are left of its budget (what steps in flight may still need).
 */
export function stopping(ctx: JobContext, reserve: number, timeUp = () => ctx.timeLeft() <= 0): boolean {
  return ctx.signal.aborted || timeUp() || ctx.budget.callsLeft() < reserve;
}

/** A request the budget refused before sending: the work stopped there, the order did not fail. */
export const notSent = (error: unknown) => error instanceof TelnyxError && error.kind === 'refused';
