import { type Reader, submitProblems } from '../mcp/gates.js';
import { failureOf, notSent, stopping, TRANSIENT_KINDS } from './failure.js';
import { isOpenForEdit, mapLimit, numbersOf, type Order, readGroup, statusOf } from './group-orders.js';
import { Failures, Tally } from './tally.js';
import { type JobContext, JobError } from './workflow.js';

type Json = Record<string, unknown>;

/** The tools that fix a refused or failed submit. The POST is never retried, so a lost answer is checked, not resent. */
function fixFor(fields: string[], kind: string): string {
  if (TRANSIENT_KINDS.has(kind))
    return 'it may or may not have been submitted: call order_group_confirm again (submitted orders are skipped, the rest are sent)';
  if (kind === 'not_found') return 'the order is gone (deleted?): see order_list';
  if (fields.length)
    return `set ${fields.join(', ')} with order_group_update (or order_update for this order), then order_group_confirm again`;
  return 'order_get and order_comment_list show why; fix with order_update, then order_group_confirm again';
}

export async function confirmGroup(args: Json, ctx: JobContext): Promise<Json> {
  const group = String(args.customer_group_reference);
  const orders = await readGroup(ctx, group);
  const skipped: Record<string, number> = {};
  for (const o of orders) if (!isOpenForEdit(o)) skipped[statusOf(o)] = (skipped[statusOf(o)] ?? 0) + 1;
  const candidates = orders.filter(isOpenForEdit);

  // The same pre-checks as order_confirm, reading only what this server exposes.
  const read: Reader = async (tool, input) => {
    if (!ctx.exposes(tool)) return undefined;
    try {
      const response = await ctx.request(tool, input);
      return response.type === 'json' ? (response.data as { data?: unknown }).data : undefined;
    } catch (error) {
      if (notSent(error) || ctx.signal.aborted) throw error;
      return undefined;
    }
  };
  const reserve = ctx.settings.concurrency * 4;
  // Checking stops at half the call's time, so submitting what passed always gets the other half.
  const half = ctx.timeLeft() / 2;
  const cannot = new Tally<{ fix: string }>(10, 3);
  let cannotPass = 0;
  let unchecked = 0;
  let checked = 0;
  const passing: Order[] = [];
  await mapLimit(candidates, ctx.settings.concurrency, async (listed) => {
    if (stopping(ctx, reserve, () => ctx.timeLeft() < half)) {
      unchecked++;
      return;
    }
    try {
      const steps = (listed.additional_steps ?? []) as string[];
      // The verification check needs the order's numbers, which only order_get embeds.
      const order = steps.includes('phone_number_verification_codes')
        ? (((await read('order_get', { porting_order_id: listed.id })) as Order | undefined) ?? listed)
        : listed;
      const problems = await submitProblems(read, order, ctx.now());
      if (!problems.length) passing.push(order);
      else cannotPass++;
      for (const p of problems) cannot.add(p.what, String(order.id), { fix: p.groupFix ?? p.fix });
    } catch (error) {
      if (!notSent(error) && !ctx.signal.aborted) throw error;
      unchecked++;
    } finally {
      checked++;
      await ctx.progress(checked, candidates.length * 2, `checked ${checked} of ${candidates.length} orders`);
    }
  });

  const numbers = passing.reduce((n, o) => n + numbersOf(o), 0);
  const exceptions = passing.filter((o) => statusOf(o) === 'exception').length;
  const carriers = new Set(passing.map((o) => o.old_service_provider_ocn).filter(Boolean)).size;
  const base: Json = {
    customer_group_reference: group,
    orders: orders.length,
    ...(Object.keys(skipped).length ? { skipped_by_status: skipped } : {}),
    cannot_pass: cannotPass,
    ...(unchecked ? { not_checked: unchecked } : {}),
    ...(cannot.size ? { cannot_pass_by_problem: cannot.list('problem').shown } : {}),
  };
  const again = `call order_group_confirm again with the same arguments${args.confirm === true ? ' and confirm: true' : ''} (submitted orders are skipped)`;
  if (!passing.length) {
    return {
      ...base,
      submitted: 0,
      next: unchecked
        ? `The call's time ran out while checking: ${again}.`
        : candidates.length
          ? 'No order can be submitted yet: fix cannot_pass_by_problem with the tools named, then call order_group_confirm again.'
          : 'No draft or exception order in this group: nothing to submit (order_group_status shows where they are).',
    };
  }

  const summary = `Submit ${passing.length} porting order${passing.length === 1 ? '' : 's'} of group "${group}" with ${numbers} number${numbers === 1 ? '' : 's'} to ${carriers || 'their'} losing carrier${carriers === 1 ? '' : 's'}${exceptions ? ` (${exceptions} exception order${exceptions === 1 ? '' : 's'} sent again as ${exceptions === 1 ? 'it is' : 'they are'} now)` : ''}. ${cannotPass ? `${cannotPass} order${cannotPass === 1 ? '' : 's'} cannot pass the checks and ${cannotPass === 1 ? 'is' : 'are'} left out. ` : ''}This starts the ports; only order_cancel undoes each.`;
  const answer = await ctx.ask(summary, args.confirm === true);
  if (!answer.ok) {
    if (!answer.ask) throw new JobError(answer.text);
    return {
      ...base,
      confirmation_required: true,
      done: false,
      would_submit: { orders: passing.length, numbers },
      question: answer.text,
    };
  }

  // Submitting gets the rest of the call's time, and at least half of it counted from the answer
  // (the user may have taken a while to say yes).
  const startLeft = ctx.timeLeft();
  const window = Math.max(startLeft, ctx.settings.timeMs / 2);
  const timeUp = () => startLeft - ctx.timeLeft() >= window;
  let submitted = 0;
  let submittedNumbers = 0;
  let notReached = 0;
  let done = 0;
  const failures = new Failures<Json>();
  await mapLimit(passing, ctx.settings.concurrency, async (order) => {
    const id = String(order.id);
    if (stopping(ctx, ctx.settings.concurrency, timeUp)) {
      notReached++;
      return;
    }
    try {
      await ctx.request('order_confirm', { porting_order_id: id });
      submitted++;
      submittedNumbers += numbersOf(order);
    } catch (error) {
      if (notSent(error)) {
        notReached++;
        return;
      }
      const f = failureOf(error);
      failures.add({ porting_order_id: id, error: f.error, fix: fixFor(f.fields, f.kind) });
    } finally {
      done++;
      await ctx.progress(
        candidates.length + done,
        candidates.length * 2,
        `submitted ${done} of ${passing.length}`,
      );
    }
  });
  return {
    ...base,
    submitted,
    numbers_submitted: submittedNumbers,
    failed: failures.count,
    ...(notReached ? { not_reached: notReached } : {}),
    ...(failures.count ? { failures: failures.first } : {}),
    next:
      notReached || unchecked
        ? `The call's time ran out: ${again}.`
        : `Submitted orders go in-process, then submitted and foc-date-confirmed; follow them with order_group_status${cannotPass || failures.count ? ', and fix the rest as named above' : ''}.`,
  };
}
