import type { Endpoint } from '../catalog/endpoint.js';
import { byName } from '../catalog/index.js';
import type { Budget } from '../telnyx/budget.js';
import type { TelnyxClient } from '../telnyx/client.js';
import { DOCUMENT_STEPS } from './results.js';

/**
 * Gates: a destructive order step whose API call would certainly fail is refused before the user is
 * asked and before any write, saying what is missing and which tool fixes it. The gate reads the order
 * (and, for a submit, the lists that show pending steps); when it cannot read them, it lets the call
 * through and the API decides.
 */

type Json = Record<string, unknown>;

/** How the reads of a gate or a confirmation are made: the call's signal, charged to the call's budget. */
export interface Call {
  signal: AbortSignal;
  budget?: Budget;
}

const ADMIN = ['entity_name', 'auth_person_name', 'billing_phone_number', 'account_number'];
const LOCATION = ['street_address', 'locality', 'postal_code', 'country_code'];

/** The `data` of a read tool's answer, or undefined when it cannot be had (the caller then goes on without it). */
export async function readData(client: TelnyxClient, tool: string, input: Json, call: Call) {
  return (await readDated(client, tool, input, call)).data;
}

/** readData, with the answer's Date (the API's time) when it sent one. */
async function readDated(
  client: TelnyxClient,
  tool: string,
  input: Json,
  call: Call,
): Promise<{ data?: unknown; date?: number }> {
  const endpoint = byName.get(tool);
  if (!endpoint) return {};
  try {
    const response = await client.request(endpoint, input, call);
    return response.type === 'json'
      ? { data: (response.data as { data?: unknown }).data, date: response.date }
      : {};
  } catch {
    return {};
  }
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** Fields of the order that are empty although every order needs them. */
function emptyFields(order: Json): string[] {
  const endUser = (order.end_user ?? {}) as { admin?: Json; location?: Json };
  return [
    ...ADMIN.filter((f) => blank(endUser.admin?.[f])).map((f) => `end_user.admin.${f}`),
    ...LOCATION.filter((f) => blank(endUser.location?.[f])).map((f) => `end_user.location.${f}`),
  ];
}

/** Document fields every order needs that are empty: they take an uploaded file's id, not text. */
function emptyDocuments(order: Json): string[] {
  const documents = (order.documents ?? {}) as Json;
  return blank(documents.loa) ? ['documents.loa'] : [];
}

/** Reads a tool's `data`, or undefined when it cannot be had (the check then goes on without it). */
export type Reader = (tool: string, input: Json) => Promise<unknown>;

/**
 * One thing standing between an order and a submit. `what` is the same for every order it applies to
 * (a group's orders are grouped by it); `text` is the whole line for this order, with `fix`, the tool
 * that fixes it for one order; `groupFix` the tools that fix it for a whole group, where they exist.
 */
export interface SubmitProblem {
  what: string;
  fix: string;
  groupFix?: string;
  text: string;
}

const problem = (what: string, fix: string, groupFix?: string, detail = ''): SubmitProblem => ({
  what,
  fix,
  ...(groupFix ? { groupFix } : {}),
  text: `${what}${detail}: ${fix}`,
});

/** What the order itself shows empty (no reads): fields every order needs, and the LOA. */
export function orderGaps(order: Json): SubmitProblem[] {
  const gaps: SubmitProblem[] = [];
  const fields = emptyFields(order);
  if (fields.length)
    gaps.push(
      problem(`empty ${fields.join(', ')}`, 'set them with order_update', 'order_group_update end_user'),
    );
  const documents = emptyDocuments(order);
  if (documents.length)
    gaps.push(
      problem(
        `empty ${documents.join(', ')}`,
        DOCUMENT_STEPS,
        'document_upload, then order_group_update documents.loa',
      ),
    );
  return gaps;
}

/** What still stands between this order and a submit, each with the tool that fixes it. */
export async function submitProblems(read: Reader, order: Json, now: number): Promise<SubmitProblem[]> {
  const id = order.id as string;
  const problems: SubmitProblem[] = [];
  if (order.requirements_met === false) {
    problems.push(...orderGaps(order));
    const requirements = ((await read('order_requirements_list', { porting_order_id: id, page_size: 250 })) ??
      []) as Json[];
    const pending = requirements
      .filter((r) => r.requirement_status !== 'approved' && blank(r.field_value))
      .map((r) => {
        const type = (r.requirement_type ?? {}) as Json;
        return `${type.name ?? 'requirement'} (requirement_type_id ${type.id})`;
      });
    const files = requirements.some(
      (r) => r.requirement_status !== 'approved' && blank(r.field_value) && r.field_type === 'document',
    );
    if (pending.length)
      problems.push(
        problem(
          `pending requirements ${pending.join('; ')}`,
          `order_update with documents.* or requirements[] (order_requirements_list says which)${files ? `; for a file, ${DOCUMENT_STEPS}` : ''}`,
          `order_group_update documents.* or requirements[]${files ? ' (a file: document_upload first)' : ''}`,
        ),
      );
    if (!problems.length) problems.push(problem('requirements_met is false', 'see order_requirements_list'));
  }
  const steps = (order.additional_steps ?? []) as string[];
  if (steps.includes('phone_number_verification_codes')) {
    const codes = ((await read('order_verification_code_list', { porting_order_id: id, page_size: 250 })) ??
      []) as Json[];
    const numbers = ((order.phone_numbers ?? []) as Json[]).map((n) => n.phone_number as string);
    const verified = new Set(codes.filter((c) => c.verified === true).map((c) => c.phone_number));
    const open = numbers.filter((n) => !verified.has(n));
    if (open.length)
      problems.push(
        problem(
          'unverified numbers',
          'order_verification_code_send, then order_verification_code_verify',
          undefined,
          ` ${open.join(', ')}`,
        ),
      );
  }
  if (steps.includes('associated_phone_numbers')) {
    const associated = (await read('order_associated_number_list', { porting_order_id: id })) as
      | unknown[]
      | undefined;
    if (associated && associated.length === 0)
      problems.push(
        problem(
          'no associated numbers',
          'say which to keep or disconnect with order_associated_number_create',
        ),
      );
  }
  const foc = focPassed(order, now);
  if (foc) problems.push(foc);
  return problems;
}

/** The order's requested FOC date, when it has passed (the order itself shows it: no read). */
export function focPassed(order: Json, now: number): SubmitProblem | undefined {
  const foc = ((order.activation_settings ?? {}) as Json).foc_datetime_requested as string | undefined;
  if (!foc || Date.parse(foc) >= now) return undefined;
  return {
    what: 'the requested FOC date has passed',
    fix: 'pick a window with order_foc_windows_list, then order_update with activation_settings.foc_datetime_requested',
    groupFix:
      'pick a window with order_foc_windows_list, then order_group_update activation_settings.foc_datetime_requested',
    text: `the requested FOC date ${foc} has passed (now ${new Date(now).toISOString()}): pick a window with order_foc_windows_list, then order_update with activation_settings.foc_datetime_requested`,
  };
}

const GATED = new Set(['order_confirm', 'order_cancel', 'order_delete', 'order_activate']);

/**
 * The refusal text when the step cannot succeed (undefined: go on, ask, then send), and the order it
 * read, so the confirmation question describes it without reading it again.
 */
export async function gate(
  client: TelnyxClient,
  endpoint: Endpoint,
  input: Json,
  now: number,
  call: Call,
): Promise<{ refusal?: string; order?: Json }> {
  if (!GATED.has(endpoint.name)) return {};
  const id = input.porting_order_id as string;
  const read = await readDated(client, 'order_get', { porting_order_id: id }, call);
  const order = read.data as Json | undefined;
  if (!order) return {};
  // FOC dates are compared with the API's time when it said it (the sandbox's clock may run fast).
  return { refusal: await refusal(client, endpoint, order, id, read.date ?? now, call), order };
}

async function refusal(
  client: TelnyxClient,
  endpoint: Endpoint,
  order: Json,
  id: string,
  now: number,
  call: Call,
): Promise<string | undefined> {
  const status = (order.status as { value?: string } | undefined)?.value ?? '';
  const refuse = (why: string) =>
    `Not sent, and the user was not asked: ${endpoint.name} cannot succeed for porting order ${id} (${status}): ${why}`;

  switch (endpoint.name) {
    case 'order_delete':
      if (status === 'draft') return undefined;
      return refuse(
        status === 'ported' || status === 'cancelled'
          ? `only drafts can be deleted, and a ${status} order is final.`
          : status === 'cancel-pending'
            ? 'only drafts can be deleted; it is already being cancelled (follow it with order_get).'
            : 'only drafts can be deleted; stop a submitted order with order_cancel.',
      );
    case 'order_cancel':
      if (status === 'draft') return refuse('drafts are not cancelled; remove it with order_delete.');
      if (status === 'ported' || status === 'cancelled') return refuse(`a ${status} order is final.`);
      if (status === 'cancel-pending')
        return refuse('it is already being cancelled; follow it with order_get.');
      {
        const actual = ((order.activation_settings ?? {}) as Json).foc_datetime_actual as string | undefined;
        if (actual && Date.parse(actual) - now < 48 * 3600_000)
          return refuse(
            `cancelling is refused within 48 hours of the FOC date (${actual}; now ${new Date(now).toISOString()}): only Telnyx support can stop it now.`,
          );
      }
      return undefined;
    case 'order_activate': {
      const settings = (order.activation_settings ?? {}) as Json;
      if (settings.fast_port_eligible === false)
        return refuse('on-demand activation is only for FastPort orders; it ports on its FOC date.');
      if (status !== 'foc-date-confirmed')
        return refuse('activation needs a foc-date-confirmed order; follow it with order_get or order_list.');
      return undefined;
    }
    default: {
      if (status !== 'draft' && status !== 'exception')
        return refuse('only draft or exception orders can be submitted.');
      const read: Reader = (tool, input) => readData(client, tool, input, call);
      const problems = (await submitProblems(read, order, now)).map((p) => p.text);
      return problems.length ? refuse(`\n- ${problems.join('\n- ')}`) : undefined;
    }
  }
}
