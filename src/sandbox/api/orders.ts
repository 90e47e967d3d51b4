import { randomUUID } from 'node:crypto';
import { DAY, iso } from '../clock.js';
import { documentRefs, LETTER_REQUIREMENTS, relinkOrder, requireDocuments } from '../documents.js';
import { ApiError, item, unprocessable } from '../errors.js';
import { focWindows, OPEN, transition } from '../lifecycle.js';
import { renderLoa } from '../loa-pdf.js';
import { classify } from '../numbers.js';
import { openOrders } from '../order-factory.js';
import { missingRequirements, pendingSteps, requirementDetails } from '../requirements.js';
import type { OrderRecord } from '../store.js';
import { orderEnvelope, orderView } from '../views.js';
import { anyOf, type Ctx, get, type Handler, pageOf, requireOrder, sorted } from './context.js';

/** Numbers in an order that is neither finished nor cancelled cannot be ordered again. */
function inOpenOrder(ctx: Ctx, phone: string): boolean {
  return ctx.store.recordsOf(phone).some((n) => {
    const status = ctx.store.orders.get(n.porting_order_id)?.status;
    return status !== undefined && status !== 'cancelled' && status !== 'ported';
  });
}

/** The API checks at most this many numbers per request (our client sends chunks of this size). */
export const MAX_CHECKED = 100;

export const portabilityCheck: Handler = (ctx) => {
  const numbers: string[] = ctx.body?.phone_numbers ?? [];
  if (numbers.length > MAX_CHECKED) {
    throw unprocessable({
      title: 'Bad Request',
      detail: `At most ${MAX_CHECKED} phone numbers per portability check; this one has ${numbers.length}. Send them in chunks of ${MAX_CHECKED}.`,
      pointer: '/phone_numbers',
    });
  }
  const bad = numbers.map((n, i) => [n, i] as const).filter(([n]) => !/^\+[1-9]\d{1,14}$/.test(n));
  if (bad.length) {
    throw unprocessable(
      ...bad.map(([n, i]) => ({ detail: `${n} is not an E.164 number`, pointer: `/phone_numbers/${i}` })),
    );
  }
  return {
    status: 201,
    json: {
      data: numbers.map((phone_number) => {
        const facts = classify(phone_number);
        const busy = facts.portable && inOpenOrder(ctx, phone_number);
        return {
          phone_number,
          portable: facts.portable && !busy,
          fast_portable: facts.fast_portable && !busy,
          not_portable_reason: busy
            ? 'Number is already in an open porting order'
            : facts.not_portable_reason,
          record_type: 'portability_check_result',
        };
      }),
    },
  };
};

export const createOrders: Handler = (ctx) => {
  const phones: string[] = [...new Set<string>(ctx.body.phone_numbers)];
  const problems = phones.flatMap((phone, i) => {
    if (!/^\+[1-9]\d{1,14}$/.test(phone))
      return [{ detail: `${phone} is not an E.164 number`, pointer: `/phone_numbers/${i}` }];
    const facts = classify(phone);
    if (!facts.portable)
      return [
        { detail: `${phone} is not portable: ${facts.not_portable_reason}`, pointer: `/phone_numbers/${i}` },
      ];
    if (inOpenOrder(ctx, phone))
      return [{ detail: `${phone} is already in an open porting order`, pointer: `/phone_numbers/${i}` }];
    return [];
  });
  if (problems.length) throw unprocessable(...problems);

  const created = openOrders(ctx.store, ctx.now, phones, ctx.body);
  if (created.length > 1) {
    const [first, ...rest] = created as [OrderRecord, ...OrderRecord[]];
    for (const order of rest) {
      ctx.store.emit('porting_order.split', order, ctx.now, {
        from: { id: first.id },
        to: { id: order.id },
        porting_phone_numbers: ctx.store.numbersOf(order.id).map((n) => ({ id: n.id })),
      });
    }
  }
  return { status: 201, json: { data: created.map((o) => orderView(ctx.store, o)) } };
};

export const listOrders: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as Record<string, unknown>;
  const statuses = anyOf(f.status);
  const contains = get(f, 'phone_numbers.phone_number.contains') as string | undefined;
  const orders = [...ctx.store.orders.values()].filter((o) => {
    if (statuses && !statuses.includes(o.status)) return false;
    if (f.customer_reference !== undefined && o.customer_reference !== f.customer_reference) return false;
    if (f.customer_group_reference !== undefined && o.customer_group_reference !== f.customer_group_reference)
      return false;
    if (f.parent_support_key !== undefined && o.parent_support_key !== f.parent_support_key) return false;
    const country = get(f, 'phone_numbers.country_code');
    if (country !== undefined && o.country_code !== country) return false;
    const carrier = get(f, 'phone_numbers.carrier_name');
    if (carrier !== undefined && o.carrier !== carrier) return false;
    const type = get(f, 'misc.type');
    if (type !== undefined && o.misc?.type !== type) return false;
    const entity = get(f, 'end_user.admin.entity_name');
    if (entity !== undefined && o.end_user.admin.entity_name !== entity) return false;
    const person = get(f, 'end_user.admin.auth_person_name');
    if (person !== undefined && o.end_user.admin.auth_person_name !== person) return false;
    const fast = get(f, 'activation_settings.fast_port_eligible');
    if (fast !== undefined && o.fast_port_eligible !== fast) return false;
    const foc = o.foc_datetime_requested ? Date.parse(o.foc_datetime_requested) : undefined;
    const gt = get(f, 'activation_settings.foc_datetime_requested.gt') as string | undefined;
    const lt = get(f, 'activation_settings.foc_datetime_requested.lt') as string | undefined;
    if (gt && !(foc !== undefined && foc > Date.parse(gt))) return false;
    if (lt && !(foc !== undefined && foc < Date.parse(lt))) return false;
    if (contains && !ctx.store.numbersOf(o.id).some((n) => n.phone_number.includes(contains))) return false;
    return true;
  });
  const include = ctx.query.include_phone_numbers !== false;
  const ordered = sorted(orders, ctx.query, (o, field) =>
    field === 'created_at'
      ? o.created_at
      : field.endsWith('foc_datetime_requested')
        ? o.foc_datetime_requested
        : undefined,
  );
  return { status: 200, json: pageOf(ordered, ctx.query, (o) => orderView(ctx.store, o, include)) };
};

export const getOrder: Handler = (ctx) => ({
  status: 200,
  json: orderEnvelope(ctx.store, requireOrder(ctx), ctx.query.include_phone_numbers !== false),
});

const EDITABLE: ReadonlySet<string> = new Set(['draft', 'exception']);

export const updateOrder: Handler = (ctx) => {
  const order = requireOrder(ctx);
  if (!EDITABLE.has(order.status)) {
    throw unprocessable({
      detail: `Only draft or exception orders can be edited; this one is ${order.status}.`,
    });
  }
  const b = ctx.body;
  // Every document id must name an upload, checked before anything changes.
  requireDocuments(ctx.store, documentRefs(b));
  const foc = b.activation_settings?.foc_datetime_requested;
  if (foc) {
    const at = Date.parse(foc);
    if (!focWindows(ctx.now).some((w) => at >= w.start && at <= w.end)) {
      throw unprocessable({
        detail: 'The requested FOC date is outside the allowed windows; see order_foc_windows_list.',
        pointer: '/activation_settings/foc_datetime_requested',
      });
    }
    order.foc_datetime_requested = iso(at);
  }
  for (const key of ['customer_reference', 'customer_group_reference', 'webhook_url'] as const) {
    if (key in b) order[key] = b[key];
  }
  if (b.end_user?.admin) Object.assign(order.end_user.admin, b.end_user.admin);
  if (b.end_user?.location) Object.assign(order.end_user.location, b.end_user.location);
  // The LOA and invoice requirements (order_requirements_list) are the order's documents.loa and .invoice.
  const documents: { loa?: string | null; invoice?: string | null } = { ...b.documents };
  const requirements: Array<{ requirement_type_id: string; field_value: string }> = [];
  for (const r of b.requirements ?? []) {
    if (Object.hasOwn(LETTER_REQUIREMENTS, r.requirement_type_id))
      documents[LETTER_REQUIREMENTS[r.requirement_type_id] as 'loa' | 'invoice'] = r.field_value;
    else requirements.push(r);
  }
  if (b.documents || Object.keys(documents).length) {
    Object.assign(order.documents, documents);
    relinkOrder(ctx.store, order.id, ctx.now);
    if ('loa' in documents) ctx.store.emit('porting_order.loa_updated', order, ctx.now, null);
  }
  if (b.phone_number_configuration)
    Object.assign(order.phone_number_configuration, b.phone_number_configuration);
  if ('misc' in b) order.misc = b.misc === null ? null : { ...(order.misc ?? {}), ...b.misc };
  if (b.messaging && 'enable_messaging' in b.messaging) order.enable_messaging = b.messaging.enable_messaging;
  if (b.requirements) {
    for (const r of requirements) {
      order.requirements = [
        ...order.requirements.filter((x) => x.requirement_type_id !== r.requirement_type_id),
        r,
      ];
    }
    relinkOrder(ctx.store, order.id, ctx.now);
  }
  if (b.user_feedback) Object.assign(order.user_feedback, b.user_feedback);
  order.updated_at = ctx.now;
  return { status: 200, json: orderEnvelope(ctx.store, order) };
};

export const deleteOrder: Handler = (ctx) => {
  const order = requireOrder(ctx);
  if (order.status !== 'draft') {
    throw unprocessable({
      detail: `Only draft orders can be deleted; this one is ${order.status}. Cancel it instead.`,
    });
  }
  ctx.store.emit('porting_order.deleted', order, ctx.now, {
    id: order.id,
    ...(order.customer_reference ? { customer_reference: order.customer_reference } : {}),
    created_at: iso(order.created_at),
    updated_at: iso(ctx.now),
    deleted_at: iso(ctx.now),
    record_type: 'porting_order',
  });
  ctx.store.deleteOrder(order.id);
  return { status: 204 };
};

export const confirmOrder: Handler = (ctx) => {
  const order = requireOrder(ctx);
  if (!EDITABLE.has(order.status)) {
    throw unprocessable({
      detail: `Only draft or exception orders can be submitted; this one is ${order.status}.`,
    });
  }
  const missing = missingRequirements(order).map((pointer) => ({
    title: 'Requirements not met',
    detail: `Missing ${pointer}.`,
    pointer: pointer.split(' ')[0],
  }));
  const steps = pendingSteps(ctx.store, order).map((detail) => ({
    title: 'Additional step required',
    detail,
  }));
  if (missing.length || steps.length) throw unprocessable(...missing, ...steps);
  transition(ctx.store, order, 'in-process', ctx.now);
  return { status: 200, json: orderEnvelope(ctx.store, order) };
};

export const cancelOrder: Handler = (ctx) => {
  const order = requireOrder(ctx);
  if (order.status === 'draft')
    throw unprocessable({ detail: 'Draft orders are not cancelled: delete them.' });
  if (!OPEN.has(order.status))
    throw unprocessable({ detail: `A ${order.status} order cannot be cancelled.` });
  if (order.foc_datetime_actual && Date.parse(order.foc_datetime_actual) - ctx.now < 2 * DAY) {
    throw unprocessable({
      detail: 'Cancellation is refused within 48 hours of the FOC date; contact Telnyx support.',
    });
  }
  transition(ctx.store, order, 'cancel-pending', ctx.now);
  return { status: 200, json: orderEnvelope(ctx.store, order) };
};

export const activateOrder: Handler = (ctx) => {
  const order = requireOrder(ctx);
  if (!order.fast_port_eligible || order.country_code !== 'US') {
    throw unprocessable({ detail: 'On-demand activation is limited to US FastPort orders.' });
  }
  if (order.status !== 'foc-date-confirmed') {
    throw unprocessable({
      detail: `Activation needs a foc-date-confirmed order; this one is ${order.status}.`,
    });
  }
  const job = {
    id: randomUUID(),
    porting_order_id: order.id,
    created_at: ctx.now,
    updated_at: ctx.now,
    status: 'in-process',
    activation_type: 'on-demand',
    activate_at: iso(ctx.now),
    activation_windows: focWindows(ctx.now).map((w) => ({ start_at: iso(w.start), end_at: iso(w.end) })),
    completes_at: ctx.now + 10 * 60_000,
  };
  ctx.store.activationJobs.push(job);
  return { status: 202, json: { data: activationJobView(job) } };
};

export function activationJobView(job: Record<string, unknown>) {
  const { completes_at: _internal, porting_order_id: _order, ...visible } = job;
  return {
    ...visible,
    record_type: 'porting_activation_job',
    created_at: iso(job.created_at as number),
    updated_at: iso(job.updated_at as number),
  };
}

export const shareOrder: Handler = (ctx) => {
  const order = requireOrder(ctx);
  const seconds: number = ctx.body?.expires_in_seconds ?? 3600;
  const permissions = [ctx.body?.permissions ?? 'porting_order.document.read'];
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({ sub: order.id, permissions, exp: Math.floor((ctx.now + seconds * 1000) / 1000) }),
  ).toString('base64url');
  return {
    status: 201,
    json: {
      data: {
        id: randomUUID(),
        porting_order_id: order.id,
        token: `${header}.${claims}.sandbox-signature`,
        permissions,
        expires_in_seconds: seconds,
        expires_at: iso(ctx.now + seconds * 1000),
        created_at: iso(ctx.now),
        record_type: 'porting_order_sharing_token',
      },
    },
  };
};

export const listRequirements: Handler = (ctx) => ({
  status: 200,
  json: pageOf(requirementDetails(requireOrder(ctx)), ctx.query, (r) => r),
});

export const listFocWindows: Handler = (ctx) => {
  requireOrder(ctx);
  const windows = focWindows(ctx.now).map((w) => ({
    started_at: iso(w.start),
    ended_at: iso(w.end),
    record_type: 'porting_order',
  }));
  return {
    status: 200,
    json: {
      data: windows,
      meta: { page_number: 1, page_size: windows.length, total_pages: 1, total_results: windows.length },
    },
  };
};

export const loaTemplate: Handler = (ctx) => {
  const order = requireOrder(ctx);
  const configId = ctx.query.loa_configuration_id as string | undefined;
  const config = configId ? ctx.store.loaConfigs.find((c) => c.id === configId) : ctx.store.loaConfigs[0];
  if (configId && !config)
    throw new ApiError(404, [
      item('10005', 'Resource not found', `No LOA configuration with id ${configId}.`),
    ]);
  return {
    status: 200,
    pdf: renderLoa(
      config,
      order,
      ctx.store.numbersOf(order.id).map((n) => n.phone_number),
    ),
  };
};

export const subRequest: Handler = (ctx) => {
  const order = requireOrder(ctx);
  return {
    status: 200,
    json: {
      data: {
        sub_request_id: order.id.replace(/^.{8}/, 'b0b0b0b0'),
        port_request_id: order.id.replace(/^.{8}/, 'a0a0a0a0'),
      },
    },
  };
};
