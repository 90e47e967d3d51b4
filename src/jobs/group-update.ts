import { orderGaps } from '../mcp/gates.js';
import { failureOf, NotReached, stopOf, stopReason, TRANSIENT_KINDS } from './failure.js';
import { fitAnswer } from './fit.js';
import {
  groupOrders,
  isOpenForEdit,
  mapLimit,
  numbersOf,
  type Order,
  statusOf,
  unknownGroup,
} from './group-orders.js';
import { GROUP_FIELDS } from './order-group-update.js';
import { Failures, Tally } from './tally.js';
import { patient } from './throttle.js';
import { type JobContext, JobError } from './workflow.js';

type Json = Record<string, unknown>;

interface Requirement {
  requirement_type_id: string;
  field_value: string;
}

/** Whether every value the patch sets is already the order's (null = empty); requirements aside. */
function alreadySet(order: unknown, patch: unknown, path = ''): boolean {
  if (patch && typeof patch === 'object' && !Array.isArray(patch)) {
    return Object.entries(patch).every(([k, v]) =>
      alreadySet((order as Json | undefined)?.[k], v, path ? `${path}.${k}` : k),
    );
  }
  if (path === 'activation_settings.foc_datetime_requested')
    return typeof order === 'string' && Date.parse(order) === Date.parse(String(patch));
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(patch)) return empty(order);
  return JSON.stringify(order) === JSON.stringify(patch);
}

const hasRequirement = (order: Order, r: Requirement) =>
  ((order.requirements ?? []) as Json[]).some(
    (x) => x.requirement_type_id === r.requirement_type_id && x.field_value === r.field_value,
  );

/**
 * The requirement types each order has, read once per country and number type: the API lists an
 * order's requirements "based on country/number type", so one order_requirements_list answers for
 * every order of the same kind. An order whose kind is unknown (no number embedded) is read alone.
 */
class RequirementTypes {
  private readonly byKind = new Map<string, Promise<Set<unknown>>>();

  constructor(private readonly ctx: JobContext) {}

  of(order: Order, kind: string | undefined): Promise<Set<unknown>> {
    const key = kind ?? `order ${String(order.id)}`;
    let types = this.byKind.get(key);
    if (!types) {
      types = this.read(String(order.id));
      this.byKind.set(key, types);
      // A failed read is not kept: the next order of this kind tries again.
      types.catch(() => this.byKind.delete(key));
    }
    return types;
  }

  private async read(id: string): Promise<Set<unknown>> {
    const listed = await this.ctx.request('order_requirements_list', {
      porting_order_id: id,
      page_size: 250,
    });
    const data = (listed.type === 'json' ? (listed.data as { data?: Json[] }).data : undefined) ?? [];
    return new Set(data.map((r) => (r.requirement_type as Json | undefined)?.id));
  }
}

/**
 * The group's orders; with `kinds`, read with their embedded numbers to tell each order's country
 * (then dropped: memory holds no numbers), as "country|number type".
 */
async function readOrders(
  ctx: JobContext,
  group: string,
  kinds: boolean,
): Promise<{ orders: Order[]; kindOf: Map<Order, string> }> {
  const orders: Order[] = [];
  const kindOf = new Map<Order, string>();
  const facts = kinds ? await (await import('../mcp/phones.js')).numberFacts() : undefined;
  for await (const listed of groupOrders(ctx, group, { withNumbers: kinds })) {
    const { phone_numbers, ...order } = listed;
    const first = (phone_numbers as Json[] | undefined)?.[0]?.phone_number;
    const country = facts && typeof first === 'string' ? facts(first).country : undefined;
    if (country) kindOf.set(order, `${country}|${String(order.phone_number_type ?? '')}`);
    orders.push(order);
  }
  if (!orders.length) throw unknownGroup(group);
  return { orders, kindOf };
}

/** The tools that fix a failed update, from what the API named. */
function fixFor(fields: string[], kind: string, status?: number): string {
  if (TRANSIENT_KINDS.has(kind))
    return 'call order_group_update again with the same arguments (orders already updated are skipped)';
  if (kind === 'not_found') return 'the order is gone (deleted?): see order_list';
  if (fields.some((f) => f.startsWith('documents')))
    return 'upload again with document_upload (ids are attached within 30 minutes), then order_group_update documents';
  if (fields.some((f) => f.startsWith('activation_settings')))
    return 'pick a time in order_foc_windows_list, then order_group_update activation_settings.foc_datetime_requested';
  if (fields.length)
    return `correct ${fields.join(', ')} in order_group_update (or order_update for this order)`;
  return status === 422
    ? 'order_get shows the order as it is now; fix it with order_update'
    : 'read the error; order_get shows the order';
}

export async function updateGroup(args: Json, given: JobContext): Promise<Json> {
  // A 429 is waited out (Retry-After, through ctx.sleep) while the call has time: it did nothing.
  const ctx = patient(given);
  const group = String(args.customer_group_reference);
  const patch = Object.fromEntries(
    GROUP_FIELDS.filter((f) => args[f] !== undefined).map((f) => [f, args[f]]),
  );
  if (!Object.keys(patch).length)
    throw new JobError(
      `Nothing to update: give at least one of ${GROUP_FIELDS.join(', ')}. Nothing was sent.`,
    );
  const { requirements, ...common } = patch as { requirements?: Requirement[] } & Json;
  if (requirements?.length && !ctx.exposes('order_requirements_list'))
    throw new JobError(
      'requirements need order_requirements_list (which requirement each order has), which this server does not expose; use order_update per order. Nothing was sent.',
    );

  const { orders, kindOf } = await readOrders(ctx, group, !!requirements?.length);
  const requirementTypes = new RequirementTypes(ctx);
  const skipped: Record<string, number> = {};
  for (const o of orders) if (!isOpenForEdit(o)) skipped[statusOf(o)] = (skipped[statusOf(o)] ?? 0) + 1;
  const editable = orders.filter(isOpenForEdit);

  let updated = 0;
  let unchanged = 0;
  const notReached = new NotReached();
  let done = 0;
  const requirementsApplied = { orders: 0, not_applicable: 0 };
  const met = { true: 0, false: 0 };
  const missing = new Tally<{ fix: string }>(8, 3);
  const failures = new Failures<Json>();
  const after = (order: Order) => {
    met[order.requirements_met === false ? 'false' : 'true']++;
    if (order.requirements_met !== false) return;
    const gaps = orderGaps(order);
    if (!gaps.length)
      missing.add('other requirements', String(order.id), {
        fix: 'order_requirements_list of the order says which; order_group_update requirements[] or documents',
      });
    for (const gap of gaps) missing.add(gap.what, String(order.id), { fix: gap.groupFix ?? gap.fix });
  };
  // A request or two per order may be in flight for every worker when the work stops.
  const reserve = ctx.settings.concurrency * 3;

  await mapLimit(editable, ctx.settings.concurrency, async (order) => {
    const id = String(order.id);
    const stop = stopReason(ctx, reserve);
    if (stop) {
      notReached.add(stop);
      return;
    }
    try {
      let applicable: Requirement[] = [];
      if (requirements?.length) {
        const types = await requirementTypes.of(order, kindOf.get(order));
        applicable = requirements.filter((r) => types.has(r.requirement_type_id));
        requirementsApplied[applicable.length ? 'orders' : 'not_applicable']++;
      }
      const todo = applicable.filter((r) => !hasRequirement(order, r));
      if (alreadySet(order, common) && !todo.length) {
        unchanged++;
        after(order);
        return;
      }
      const body = {
        porting_order_id: id,
        ...common,
        ...(applicable.length ? { requirements: applicable } : {}),
      };
      const response = await ctx.request('order_update', body);
      updated++;
      after(response.type === 'json' ? ((response.data as { data?: Order }).data ?? order) : order);
    } catch (error) {
      const stopped = stopOf(error);
      if (stopped) {
        notReached.add(stopped);
        return;
      }
      const f = failureOf(error);
      const status = (error as { status?: number }).status;
      failures.add({
        porting_order_id: id,
        status: statusOf(order),
        error: f.error,
        fix: fixFor(f.fields, f.kind, status),
      });
    } finally {
      done++;
      await ctx.progress(done, editable.length, `${done} of ${editable.length} orders`);
    }
  });

  const answer: Json = {
    customer_group_reference: group,
    orders: orders.length,
    numbers: orders.reduce((n, o) => n + numbersOf(o), 0),
    updated,
    unchanged,
    ...(Object.keys(skipped).length ? { skipped_by_status: skipped } : {}),
    failed: failures.count,
    ...(notReached.count ? { not_reached: notReached.count } : {}),
    requirements_met: met,
    ...(requirements?.length ? { requirements: requirementsApplied } : {}),
    ...(missing.size ? { still_missing: missing.list('what').shown } : {}),
    ...(failures.count ? { failures: failures.first } : {}),
  };
  answer.next = notReached.count
    ? `${notReached.sentence('order')}: call order_group_update again with the same arguments (orders already updated are skipped).`
    : met.false
      ? `${met.false} order${met.false === 1 ? '' : 's'} still miss${met.false === 1 ? 'es' : ''} requirements (still_missing); fix them, then order_group_confirm.`
      : editable.length
        ? 'Every draft/exception order meets its requirements: order_group_confirm submits them (after one confirmation).'
        : 'No draft or exception order in this group: nothing to update (order_group_status shows where they are).';
  return fitAnswer(answer, [
    [answer, 'failures'],
    [answer, 'still_missing'],
  ]);
}
