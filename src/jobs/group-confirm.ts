import { focPassed, orderGaps, type Reader, type SubmitProblem, submitProblems } from '../mcp/gates.js';
import { failureOf, NotReached, type Stop, stopOf, stopReason, TRANSIENT_KINDS } from './failure.js';
import { fitAnswer } from './fit.js';
import { isOpenForEdit, mapLimit, numbersOf, type Order, readGroup, statusOf } from './group-orders.js';
import { Failures, Tally } from './tally.js';
import { patient } from './throttle.js';
import { type JobContext, JobError } from './workflow.js';

type Json = Record<string, unknown>;

/**
 * Orders that cannot pass whose problems are read in full (which requirements are pending, which
 * steps are open), as examples; the others are judged from the listing alone, with no request.
 */
const DETAILED = 20;
const VERIFY = 'phone_number_verification_codes';
const ASSOCIATED = 'associated_phone_numbers';
const steps = (order: Order) => (order.additional_steps ?? []) as string[];

const problem = (what: string, fix: string): SubmitProblem => ({ what, fix, text: `${what}: ${fix}` });
const UNVERIFIED = problem(
  'unverified numbers',
  'order_verification_code_send, then order_verification_code_verify (per order)',
);
const NOT_MET = problem(
  'requirements_met is false (not read)',
  'order_requirements_list of the order says which; order_group_update documents.* or requirements[]',
);
const NO_ASSOCIATED = problem(
  'no associated numbers',
  'say which to keep or disconnect with order_associated_number_create',
);
const STEP_NOT_READ: Record<string, SubmitProblem> = {
  [VERIFY]: problem(
    'numbers to verify (not read)',
    'order_verification_code_send, then order_verification_code_verify (per order)',
  ),
  [ASSOCIATED]: problem(
    'associated numbers to declare (not read)',
    'order_associated_number_create (per order)',
  ),
};

/** What the listed order itself shows standing between it and a submit: no request needed. */
function listedProblems(order: Order, now: number): SubmitProblem[] {
  const problems: SubmitProblem[] = [];
  if (order.requirements_met === false) {
    const gaps = orderGaps(order);
    problems.push(...(gaps.length ? gaps : [NOT_MET]));
  }
  const foc = focPassed(order, now);
  if (foc) problems.push(foc);
  return problems;
}

/**
 * Orders whose additional steps were read, least recently first, so a call that cannot read them all
 * starts where the last one stopped (this process only; a bounded memory of order ids).
 */
const lastRead = new Map<string, number>();
const REMEMBERED = 50_000;
let reads = 0;
function markRead(id: string): void {
  lastRead.delete(id);
  lastRead.set(id, ++reads);
  if (lastRead.size > REMEMBERED) lastRead.delete(lastRead.keys().next().value as string);
}

/** Whether some number of the order has no verified code (one request per 250 numbers). */
async function unverified(ctx: JobContext, order: Order): Promise<boolean> {
  const verified = new Set<unknown>();
  const pages = Math.ceil(numbersOf(order) / 250) + 1;
  for (let page = 1; page <= pages; page++) {
    const response = await ctx.request('order_verification_code_list', {
      porting_order_id: order.id,
      page_number: page,
      page_size: 250,
    });
    const body = (response.type === 'json' ? response.data : {}) as {
      data?: Json[];
      meta?: { total_pages?: number };
    };
    for (const code of body.data ?? []) if (code.verified === true) verified.add(code.phone_number);
    if (!body.data?.length || page >= (body.meta?.total_pages ?? 1)) break;
  }
  return verified.size < numbersOf(order);
}

/**
 * The additional steps an order still has open, read with one request each (order_get is not needed:
 * counts tell whether every number is verified). A read that fails leaves the step to the API.
 */
async function openSteps(ctx: JobContext, read: Reader, order: Order): Promise<SubmitProblem[]> {
  const problems: SubmitProblem[] = [];
  const open = steps(order);
  if (open.includes(VERIFY) && ctx.exposes('order_verification_code_list')) {
    try {
      if (await unverified(ctx, order)) problems.push(UNVERIFIED);
    } catch (error) {
      if (stopOf(error) || ctx.signal.aborted) throw error;
    }
  }
  if (open.includes(ASSOCIATED)) {
    const associated = (await read('order_associated_number_list', { porting_order_id: order.id })) as
      | unknown[]
      | undefined;
    if (associated && associated.length === 0) problems.push(NO_ASSOCIATED);
  }
  return problems;
}

/** Every problem of an order that cannot pass, named with the reads it takes (an example for the group). */
async function detailedProblems(ctx: JobContext, read: Reader, order: Order, now: number) {
  const others = steps(order).filter((s) => s !== VERIFY);
  const problems = await submitProblems(read, { ...order, additional_steps: others }, now);
  if (steps(order).includes(VERIFY))
    problems.push(...(await openSteps(ctx, read, { ...order, additional_steps: [VERIFY] })));
  return problems;
}

/** The tools that fix a refused or failed submit. The POST is never retried, so a lost answer is checked, not resent. */
function fixFor(fields: string[], kind: string): string {
  if (TRANSIENT_KINDS.has(kind))
    return 'it may or may not have been submitted: call order_group_confirm again (submitted orders are skipped, the rest are sent)';
  if (kind === 'not_found') return 'the order is gone (deleted?): see order_list';
  if (fields.length)
    return `set ${fields.join(', ')} with order_group_update (or order_update for this order), then order_group_confirm again`;
  return 'order_get and order_comment_list show why; fix with order_update, then order_group_confirm again';
}

export async function confirmGroup(args: Json, given: JobContext): Promise<Json> {
  // A 429 is waited out (Retry-After, through ctx.sleep) while the call has time: the API did
  // nothing, so even order_confirm may go again.
  const ctx = patient(given);
  const group = String(args.customer_group_reference);
  const orders = await readGroup(ctx, group);
  const skipped: Record<string, number> = {};
  for (const o of orders) if (!isOpenForEdit(o)) skipped[statusOf(o)] = (skipped[statusOf(o)] ?? 0) + 1;
  const candidates = orders.filter(isOpenForEdit);
  const now = ctx.now();

  // The same pre-checks as order_confirm, reading only what this server exposes.
  const read: Reader = async (tool, input) => {
    if (!ctx.exposes(tool)) return undefined;
    try {
      const response = await ctx.request(tool, input);
      return response.type === 'json' ? (response.data as { data?: unknown }).data : undefined;
    } catch (error) {
      if (stopOf(error) || ctx.signal.aborted) throw error;
      return undefined;
    }
  };

  // First what the listing shows: most orders that cannot pass need no request to say so.
  const cannot = new Tally<{ fix: string }>(10, 3);
  const note = (order: Order, problems: SubmitProblem[]) => {
    for (const p of problems) cannot.add(p.what, String(order.id), { fix: p.groupFix ?? p.fix });
  };
  const blocked: Array<{ order: Order; problems: SubmitProblem[] }> = [];
  const toRead: Order[] = [];
  const passing: Order[] = [];
  for (const order of candidates) {
    const problems = listedProblems(order, now);
    if (problems.length) blocked.push({ order, problems });
    else if (steps(order).some((s) => s === VERIFY || s === ASSOCIATED)) toRead.push(order);
    else passing.push(order);
  }
  let failedSteps = 0;
  const cannotPass = () => blocked.length + failedSteps;

  // Then the orders whose open steps decide, least recently read first; then a few blocked orders
  // read in full, so the answer names their pending requirements and steps.
  toRead.sort((a, b) => (lastRead.get(String(a.id)) ?? 0) - (lastRead.get(String(b.id)) ?? 0));
  const detailed = blocked.slice(0, DETAILED);
  for (const { order, problems } of blocked.slice(DETAILED))
    note(order, [...problems, ...steps(order).flatMap((s) => STEP_NOT_READ[s] ?? [])]);
  const reserve = ctx.settings.concurrency * 4;
  // Checking stops at half the call's time, so submitting what passed always gets the other half.
  const half = ctx.timeLeft() / 2;
  const unchecked = new NotReached();
  let checked = 0;
  const total = toRead.length + detailed.length;
  const check = async (work: () => Promise<void>, skip: (why: Stop) => void) => {
    // Checking leaves a request (and a few for 429s) for every order that passed.
    const keep = reserve + Math.ceil(passing.length * 1.25);
    const stop = stopReason(ctx, keep, () => ctx.timeLeft() < half);
    if (stop) return skip(stop);
    try {
      await work();
    } catch (error) {
      const stopped = stopOf(error);
      if (!stopped && !ctx.signal.aborted) throw error;
      skip(stopped ?? 'cancelled');
    } finally {
      checked++;
      await ctx.progress(checked, total + passing.length, `checked ${checked} of ${total} orders`);
    }
  };
  await mapLimit(toRead, ctx.settings.concurrency, (order) =>
    check(
      async () => {
        const problems = await openSteps(ctx, read, order);
        markRead(String(order.id));
        if (problems.length) failedSteps++;
        else passing.push(order);
        note(order, problems);
      },
      (why) => unchecked.add(why),
    ),
  );
  await mapLimit(detailed, ctx.settings.concurrency, ({ order, problems }) =>
    check(
      async () => {
        const found = await detailedProblems(ctx, read, order, now);
        note(order, found.length ? found : problems);
      },
      // Not read: what the listing showed still says why it cannot pass.
      () => note(order, problems),
    ),
  );

  const numbers = passing.reduce((n, o) => n + numbersOf(o), 0);
  const exceptions = passing.filter((o) => statusOf(o) === 'exception').length;
  const carriers = new Set(passing.map((o) => o.old_service_provider_ocn).filter(Boolean)).size;
  const problems = cannot.list('problem');
  const base: Json = {
    customer_group_reference: group,
    orders: orders.length,
    ...(Object.keys(skipped).length ? { skipped_by_status: skipped } : {}),
    cannot_pass: cannotPass(),
    ...(unchecked.count ? { not_checked: unchecked.count } : {}),
    ...(cannot.size ? { cannot_pass_by_problem: problems.shown } : {}),
    ...(problems.more ? { more_problems: problems.more } : {}),
  };
  // Within MAX_JOB_ANSWER whatever the group: the lists give way, the rest is small by construction.
  const bounded = (answer: Json) =>
    fitAnswer(answer, [
      [answer, 'cannot_pass_by_problem'],
      [answer, 'failures'],
    ]);
  const again = `call order_group_confirm again with the same arguments${args.confirm === true ? ' and confirm: true' : ''} (submitted orders are skipped)`;
  if (!passing.length) {
    return bounded({
      ...base,
      submitted: 0,
      next: unchecked.count
        ? `${unchecked.sentence('order')} were checked: ${again}; it checks the unchecked ones first.`
        : candidates.length
          ? 'No order can be submitted yet: fix cannot_pass_by_problem with the tools named, then call order_group_confirm again.'
          : 'No draft or exception order in this group: nothing to submit (order_group_status shows where they are).',
    });
  }

  const summary = `Submit ${passing.length} porting order${passing.length === 1 ? '' : 's'} of group "${group}" with ${numbers} number${numbers === 1 ? '' : 's'} to ${carriers || 'their'} losing carrier${carriers === 1 ? '' : 's'}${exceptions ? ` (${exceptions} exception order${exceptions === 1 ? '' : 's'} sent again as ${exceptions === 1 ? 'it is' : 'they are'} now)` : ''}. ${cannotPass() ? `${cannotPass()} order${cannotPass() === 1 ? '' : 's'} cannot pass the checks and ${cannotPass() === 1 ? 'is' : 'are'} left out. ` : ''}This starts the ports; only order_cancel undoes each.`;
  const answer = await ctx.ask(summary, args.confirm === true);
  if (!answer.ok) {
    if (!answer.ask) throw new JobError(answer.text);
    return bounded({
      ...base,
      confirmation_required: true,
      done: false,
      would_submit: { orders: passing.length, numbers },
      question: answer.text,
    });
  }

  // Submitting gets the rest of the call's time, and at least half of it counted from the answer
  // (the user may have taken a while to say yes).
  const startLeft = ctx.timeLeft();
  const window = Math.max(startLeft, ctx.settings.timeMs / 2);
  const timeUp = () => startLeft - ctx.timeLeft() >= window;
  let submitted = 0;
  let submittedNumbers = 0;
  const notReached = new NotReached();
  let done = 0;
  const failures = new Failures<Json>();
  await mapLimit(passing, ctx.settings.concurrency, async (order) => {
    const id = String(order.id);
    const stop = stopReason(ctx, ctx.settings.concurrency, timeUp);
    if (stop) {
      notReached.add(stop);
      return;
    }
    try {
      await ctx.request('order_confirm', { porting_order_id: id });
      submitted++;
      submittedNumbers += numbersOf(order);
    } catch (error) {
      // Refused by the budget, cancelled before it was sent, or a 429 not waited out: nothing was submitted.
      const stopped = stopOf(error);
      if (stopped) {
        notReached.add(stopped);
        return;
      }
      const f = failureOf(error);
      failures.add({ porting_order_id: id, error: f.error, fix: fixFor(f.fields, f.kind) });
    } finally {
      done++;
      await ctx.progress(total + done, total + passing.length, `submitted ${done} of ${passing.length}`);
    }
  });
  const stopped = notReached.count
    ? `${notReached.sentence('order')} could be submitted`
    : unchecked.count
      ? `${unchecked.sentence('order')} were checked`
      : undefined;
  return bounded({
    ...base,
    submitted,
    numbers_submitted: submittedNumbers,
    failed: failures.count,
    ...(notReached.count ? { not_reached: notReached.count } : {}),
    ...(failures.count ? { failures: failures.first } : {}),
    next: stopped
      ? `${stopped}: ${again}.`
      : `Submitted orders go in-process, then submitted and foc-date-confirmed; follow them with order_group_status${cannotPass() || failures.count ? ', and fix the rest as named above' : ''}.`,
  });
}
