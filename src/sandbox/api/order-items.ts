import { randomUUID } from 'node:crypto';
import { iso } from '../clock.js';
import { relinkOrder, requireDocuments } from '../documents.js';
import { notFound, unprocessable } from '../errors.js';
import { focWindows } from '../lifecycle.js';
import { countryOf } from '../numbers.js';
import { type Item, itemView } from '../store.js';
import { anyOf, type Ctx, type Handler, pageOf, requireOrder, sorted } from './context.js';
import { activationJobView } from './orders.js';

/** The code every sandbox verification code is: nothing is texted or called. */
export const SANDBOX_VERIFICATION_CODE = '123456';

const newItem = (ctx: Ctx, orderId: string, fields: Record<string, unknown>): Item => ({
  id: randomUUID(),
  porting_order_id: orderId,
  created_at: ctx.now,
  updated_at: ctx.now,
  ...fields,
});

const byCreated = (item: Item, field: string) => (field === 'created_at' ? item.created_at : item.updated_at);

function listOf(
  ctx: Ctx,
  items: Item[],
  orderId: string,
  recordType: string,
  keep: (i: Item) => boolean = () => true,
) {
  const mine = items.filter((i) => i.porting_order_id === orderId && keep(i));
  return {
    status: 200,
    json: pageOf(sorted(mine, ctx.query, byCreated), ctx.query, (i) => itemView(i, recordType)),
  };
}

/** Removes one item of an order's collection (404 if it is not that order's); returns it. */
function remove(ctx: Ctx, items: Item[], what: string, params = { order: 'porting_order_id', item: 'id' }) {
  const order = requireOrder(ctx, params.order);
  const id = ctx.params[params.item] ?? '';
  const index = items.findIndex((i) => i.id === id && i.porting_order_id === order.id);
  if (index < 0) throw notFound(what, id);
  const [removed] = items.splice(index, 1);
  return removed as Item;
}

/** The three DELETEs that answer 200 with the deleted object (NOTES.md §10). */
const removedView = (ctx: Ctx, items: Item[], what: string, recordType: string) => ({
  status: 200,
  json: { data: itemView(remove(ctx, items, what), recordType) },
});

// ---- comments -------------------------------------------------------------------------------------

export const listComments: Handler = (ctx) =>
  listOf(ctx, ctx.store.comments, requireOrder(ctx).id, 'porting_comment');

export const createComment: Handler = (ctx) => {
  const order = requireOrder(ctx);
  const comment = newItem(ctx, order.id, { body: ctx.body.body ?? '', user_type: 'user' });
  ctx.store.comments.push(comment);
  ctx.store.emit('porting_order.new_comment', order, ctx.now, {
    porting_order_id: order.id,
    ...(order.support_key ? { support_key: order.support_key } : {}),
    comment: {
      id: comment.id,
      body: comment.body,
      user_type: 'user',
      inserted_at: iso(ctx.now),
      user_id: order.user_id,
    },
  });
  const { updated_at: _u, ...view } = itemView(comment, 'porting_comment');
  return { status: 201, json: { data: view } };
};

// ---- additional documents ---------------------------------------------------------------------------

export const listDocuments: Handler = (ctx) => {
  const types = anyOf((ctx.query.filter as { document_type?: unknown } | undefined)?.document_type);
  return listOf(ctx, ctx.store.documents, requireOrder(ctx).id, 'porting_additional_document', (d) =>
    types ? types.includes(d.document_type as string) : true,
  );
};

export const createDocuments: Handler = (ctx) => {
  const order = requireOrder(ctx);
  requireDocuments(
    ctx.store,
    (ctx.body.additional_documents ?? []).map((d: { document_id?: string }, i: number) => ({
      id: d.document_id,
      pointer: `/additional_documents/${i}/document_id`,
    })),
  );
  const docs = (ctx.body.additional_documents ?? []).map(
    (d: { document_id?: string; document_type?: string }) =>
      newItem(ctx, order.id, {
        document_id: d.document_id ?? randomUUID(),
        document_type: d.document_type ?? 'other',
        filename:
          ctx.store.files.get(d.document_id ?? '')?.filename ?? `${d.document_type ?? 'document'}.pdf`,
        content_type: ctx.store.files.get(d.document_id ?? '')?.content_type ?? 'application/pdf',
      }),
  );
  ctx.store.documents.push(...docs);
  relinkOrder(ctx.store, order.id, ctx.now);
  return { status: 201, json: { data: docs.map((d: Item) => itemView(d, 'porting_additional_document')) } };
};

export const deleteDocument: Handler = (ctx) => {
  remove(ctx, ctx.store.documents, 'additional document', { order: 'id', item: 'additional_document_id' });
  relinkOrder(ctx.store, ctx.params.id ?? '', ctx.now);
  return { status: 204 };
};

// ---- verification codes -----------------------------------------------------------------------------

export const listVerificationCodes: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as { verified?: boolean; phone_number?: unknown };
  const phones = anyOf(f.phone_number);
  return listOf(
    ctx,
    ctx.store.verificationCodes,
    requireOrder(ctx).id,
    'porting_verification_code',
    (c) =>
      (f.verified === undefined || c.verified === f.verified) &&
      (!phones || phones.includes(c.phone_number as string)),
  );
};

/** An order's verification codes by phone number (one pass over the codes, not one per number). */
const codesOf = (ctx: Ctx, orderId: string) =>
  new Map(
    ctx.store.verificationCodes
      .filter((c) => c.porting_order_id === orderId)
      .map((c) => [c.phone_number as string, c] as const),
  );

export const sendVerificationCodes: Handler = (ctx) => {
  const order = requireOrder(ctx);
  const numbers = new Set(ctx.store.numbersOf(order.id).map((n) => n.phone_number));
  const wanted: string[] = ctx.body?.phone_numbers ?? [...numbers];
  const foreign = wanted.filter((p) => !numbers.has(p));
  if (foreign.length) {
    throw unprocessable(
      ...foreign.map((p) => ({ detail: `${p} is not a number of this order`, pointer: '/phone_numbers' })),
    );
  }
  const codes = codesOf(ctx, order.id);
  for (const phone_number of new Set(wanted)) {
    const existing = codes.get(phone_number);
    if (existing) existing.updated_at = ctx.now;
    else ctx.store.verificationCodes.push(newItem(ctx, order.id, { phone_number, verified: false }));
  }
  return { status: 204 };
};

export const verifyVerificationCodes: Handler = (ctx) => {
  const order = requireOrder(ctx);
  const codes = codesOf(ctx, order.id);
  const results: Item[] = [];
  for (const { phone_number, code } of ctx.body.verification_codes ?? []) {
    const record = codes.get(phone_number);
    if (!record) {
      throw unprocessable({
        detail: `No code was sent to ${phone_number}; send codes first.`,
        pointer: '/verification_codes',
      });
    }
    if (code === SANDBOX_VERIFICATION_CODE) {
      record.verified = true;
      record.updated_at = ctx.now;
    }
    results.push(record);
  }
  return { status: 200, json: { data: results.map((r) => itemView(r, 'porting_verification_code')) } };
};

// ---- action requirements ----------------------------------------------------------------------------

export const listActionRequirements: Handler = (ctx) => {
  const order = requireOrder(ctx, 'porting_order_id');
  const f = (ctx.query.filter ?? {}) as Record<string, unknown>;
  const ids = anyOf(f.id);
  return listOf(
    ctx,
    ctx.store.actionRequirements,
    order.id,
    'porting_action_requirement',
    (a) =>
      (!ids || ids.includes(a.id)) &&
      (f.status === undefined || a.status === f.status) &&
      (f.action_type === undefined || a.action_type === f.action_type) &&
      (f.requirement_type_id === undefined || a.requirement_type_id === f.requirement_type_id),
  );
};

export const initiateActionRequirement: Handler = (ctx) => {
  const order = requireOrder(ctx, 'porting_order_id');
  const id = ctx.params.id ?? '';
  const requirement = ctx.store.actionRequirements.find(
    (a) => a.id === id && a.porting_order_id === order.id,
  );
  if (!requirement) throw notFound('action requirement', id);
  requirement.status = 'pending';
  requirement.action_url = `https://sandbox.invalid/verify/${requirement.id}?name=${encodeURIComponent(`${ctx.body.params.first_name} ${ctx.body.params.last_name}`)}`;
  requirement.updated_at = ctx.now;
  return { status: 200, json: { data: itemView(requirement, 'porting_action_requirement') } };
};

// ---- activation jobs --------------------------------------------------------------------------------

export const listActivationJobs: Handler = (ctx) => {
  const order = requireOrder(ctx);
  const jobs = ctx.store.activationJobs.filter((j) => j.porting_order_id === order.id);
  return { status: 200, json: pageOf(sorted(jobs, ctx.query, byCreated), ctx.query, activationJobView) };
};

function requireJob(ctx: Ctx): Item {
  const order = requireOrder(ctx);
  const id = ctx.params.activationJobId ?? '';
  const job = ctx.store.activationJobs.find((j) => j.id === id && j.porting_order_id === order.id);
  if (!job) throw notFound('activation job', id);
  return job;
}

export const getActivationJob: Handler = (ctx) => ({
  status: 200,
  json: { data: activationJobView(requireJob(ctx)) },
});

export const updateActivationJob: Handler = (ctx) => {
  const job = requireJob(ctx);
  if (job.status === 'completed' || job.status === 'failed') {
    throw unprocessable({ detail: `The job is ${job.status}; it cannot be rescheduled.` });
  }
  if (ctx.body.activate_at) {
    const at = Date.parse(ctx.body.activate_at);
    if (!focWindows(ctx.now).some((w) => at >= w.start && at <= w.end)) {
      throw unprocessable({
        detail: 'activate_at must fall inside one of the activation windows.',
        pointer: '/activate_at',
      });
    }
    Object.assign(job, {
      activate_at: iso(at),
      status: 'created',
      activation_type: 'scheduled',
      completes_at: at + 10 * 60_000,
    });
  }
  job.updated_at = ctx.now;
  return { status: 200, json: { data: activationJobView(job) } };
};

// ---- associated numbers, blocks, extensions -----------------------------------------------------------

export const listAssociated: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as { action?: string; phone_number?: string };
  return listOf(
    ctx,
    ctx.store.associated,
    requireOrder(ctx, 'porting_order_id').id,
    'porting_associated_phone_number',
    (a) => {
      const range = a.phone_number_range as { start_at?: string; end_at?: string };
      return (
        (!f.action || a.action === f.action) &&
        (!f.phone_number || range.start_at === f.phone_number || range.end_at === f.phone_number)
      );
    },
  );
};

export const createAssociated: Handler = (ctx) => {
  const order = requireOrder(ctx, 'porting_order_id');
  const range = ctx.body.phone_number_range ?? {};
  const start: string | undefined = range.start_at ?? range.end_at;
  if (!start)
    throw unprocessable({
      detail: 'Give phone_number_range.start_at (and end_at for a range).',
      pointer: '/phone_number_range',
    });
  const record = newItem(ctx, order.id, {
    action: ctx.body.action,
    country_code: countryOf(start),
    phone_number_type: order.phone_number_type,
    phone_number_range: { start_at: start, end_at: range.end_at ?? start },
  });
  ctx.store.associated.push(record);
  return { status: 201, json: { data: itemView(record, 'porting_associated_phone_number') } };
};

export const deleteAssociated: Handler = (ctx) =>
  removedView(ctx, ctx.store.associated, 'associated phone number', 'porting_associated_phone_number');

const digits = (e164: string) => BigInt(e164.slice(1));

export const listBlocks: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as Record<string, unknown>;
  const phones = anyOf(f.phone_number);
  const order = requireOrder(ctx, 'porting_order_id');
  // Order-level filters: they keep or drop every block of this order at once.
  const orderMatches =
    (anyOf(f.status)?.includes(order.status) ?? true) &&
    (anyOf(f.porting_order_id)?.includes(order.id) ?? true) &&
    (anyOf(f.support_key)?.includes(order.support_key ?? '') ?? true);
  return listOf(ctx, ctx.store.blocks, order.id, 'porting_phone_number_block', (b) => {
    if (!orderMatches) return false;
    const range = b.phone_number_range as { start_at: string; end_at: string };
    return (
      !phones || phones.some((p) => digits(p) >= digits(range.start_at) && digits(p) <= digits(range.end_at))
    );
  });
};

export const createBlock: Handler = (ctx) => {
  const order = requireOrder(ctx, 'porting_order_id');
  const { phone_number_range: range, activation_ranges: ranges } = ctx.body;
  const inside = (r: { start_at: string; end_at: string }) =>
    digits(r.start_at) <= digits(r.end_at) &&
    digits(r.start_at) >= digits(range.start_at) &&
    digits(r.end_at) <= digits(range.end_at);
  if (digits(range.start_at) > digits(range.end_at))
    throw unprocessable({ detail: 'start_at is after end_at.', pointer: '/phone_number_range' });
  ranges.forEach((r: { start_at: string; end_at: string }, i: number) => {
    if (!inside(r))
      throw unprocessable({
        detail: 'Activation ranges must lie inside the block.',
        pointer: `/activation_ranges/${i}`,
      });
  });
  const block = newItem(ctx, order.id, {
    phone_number_range: range,
    activation_ranges: ranges,
    country_code: countryOf(range.start_at),
    phone_number_type: order.phone_number_type,
  });
  ctx.store.blocks.push(block);
  return { status: 201, json: { data: itemView(block, 'porting_phone_number_block') } };
};

export const deleteBlock: Handler = (ctx) =>
  removedView(ctx, ctx.store.blocks, 'phone number block', 'porting_phone_number_block');

export const listExtensions: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as { porting_phone_number_id?: string; phone_number?: unknown };
  const phones = anyOf(f.phone_number);
  return listOf(
    ctx,
    ctx.store.extensions,
    requireOrder(ctx, 'porting_order_id').id,
    'porting_phone_number_extension',
    (e) => {
      if (f.porting_phone_number_id && e.porting_phone_number_id !== f.porting_phone_number_id) return false;
      return (
        !phones ||
        phones.includes(ctx.store.numbers.get(e.porting_phone_number_id as string)?.phone_number ?? '')
      );
    },
  );
};

export const createExtension: Handler = (ctx) => {
  const order = requireOrder(ctx, 'porting_order_id');
  const { porting_phone_number_id, extension_range: range, activation_ranges: ranges } = ctx.body;
  const number = ctx.store.numbers.get(porting_phone_number_id);
  if (!number || number.porting_order_id !== order.id) {
    throw unprocessable({
      detail: 'porting_phone_number_id is not a number of this order.',
      pointer: '/porting_phone_number_id',
    });
  }
  ranges.forEach((r: { start_at: number; end_at: number }, i: number) => {
    if (r.start_at > r.end_at || r.start_at < range.start_at || r.end_at > range.end_at) {
      throw unprocessable({
        detail: 'Activation ranges must lie inside the extension range.',
        pointer: `/activation_ranges/${i}`,
      });
    }
  });
  const extension = newItem(ctx, order.id, {
    porting_phone_number_id,
    extension_range: range,
    activation_ranges: ranges,
  });
  ctx.store.extensions.push(extension);
  return { status: 201, json: { data: itemView(extension, 'porting_phone_number_extension') } };
};

export const deleteExtension: Handler = (ctx) =>
  removedView(ctx, ctx.store.extensions, 'phone number extension', 'porting_phone_number_extension');
