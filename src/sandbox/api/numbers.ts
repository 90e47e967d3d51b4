import { randomUUID } from 'node:crypto';
import { unprocessable } from '../errors.js';
import { type Item, itemView, newestFirst } from '../store.js';
import { numberView } from '../views.js';
import { anyOf, type Handler, pageOf, sorted } from './context.js';

const CSV_COLUMNS = [
  'phone_number',
  'phone_number_type',
  'porting_order_id',
  'support_key',
  'porting_order_status',
];

export const listPortingNumbers: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as Record<string, unknown>;
  const orderIds = anyOf(f.porting_order_id);
  const phones = anyOf(f.phone_number);
  const phoneSet = phones && new Set(phones);
  const keys = anyOf(f.support_key);
  // Start from an index when a filter names orders or numbers; build views for one page only.
  const candidates = orderIds
    ? [...new Set(orderIds)].flatMap((id) => ctx.store.numbersOf(id)).sort(newestFirst)
    : phoneSet
      ? [...phoneSet].flatMap((p) => ctx.store.recordsOf(p)).sort(newestFirst)
      : ctx.store.numbersNewestFirst();
  const matching = candidates.filter((n) => {
    const order = ctx.store.orders.get(n.porting_order_id);
    return (
      (!phoneSet || phoneSet.has(n.phone_number)) &&
      (!keys || keys.includes(order?.support_key ?? '')) &&
      (f.porting_order_status === undefined || order?.status === f.porting_order_status) &&
      (f.activation_status === undefined || n.activation_status === f.activation_status) &&
      (f.portability_status === undefined || n.portability_status === f.portability_status)
    );
  });
  const page = pageOf(matching, ctx.query, (n) => numberView(ctx.store, n));
  if (ctx.accept.includes('text/csv')) {
    const rows = page.data.map((n) =>
      CSV_COLUMNS.map((c) => String((n as Record<string, unknown>)[c] ?? '')).join(','),
    );
    return { status: 200, csv: `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n` };
  }
  return { status: 200, json: page };
};

export const listNumberConfigs: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as Record<string, unknown>;
  const orderIds = anyOf(f.porting_order_id);
  const statuses = anyOf((f.porting_order as { status?: unknown } | undefined)?.status);
  const numberIds = anyOf(f.porting_phone_number);
  const bundles = anyOf(f.user_bundle_id);
  const configs = ctx.store.numberConfigs.filter((c) => {
    const number = ctx.store.numbers.get(c.porting_phone_number_id as string);
    const order = number && ctx.store.orders.get(number.porting_order_id);
    return (
      (!orderIds || orderIds.includes(order?.id ?? '')) &&
      (!statuses || statuses.includes(order?.status ?? '')) &&
      (!numberIds || numberIds.includes(c.porting_phone_number_id as string)) &&
      (!bundles || bundles.includes(c.user_bundle_id as string))
    );
  });
  const view = (c: Item) => {
    const { porting_order_id: _o, ...rest } = itemView(c, 'porting_phone_number_configuration');
    return rest;
  };
  return {
    status: 200,
    json: pageOf(
      sorted(configs, ctx.query, (c) => c.created_at),
      ctx.query,
      view,
    ),
  };
};

export const createNumberConfigs: Handler = (ctx) => {
  const pairs: Array<{ porting_phone_number_id: string; user_bundle_id: string }> =
    ctx.body.phone_number_configurations ?? [];
  pairs.forEach((p, i) => {
    if (!ctx.store.numbers.has(p.porting_phone_number_id)) {
      throw unprocessable({
        detail: `No porting phone number with id ${p.porting_phone_number_id}.`,
        pointer: `/phone_number_configurations/${i}/porting_phone_number_id`,
      });
    }
  });
  const created = pairs.map((p) => {
    const existing = ctx.store.numberConfigs.find(
      (c) => c.porting_phone_number_id === p.porting_phone_number_id,
    );
    if (existing) {
      Object.assign(existing, { user_bundle_id: p.user_bundle_id, updated_at: ctx.now });
      return existing;
    }
    const config: Item = { id: randomUUID(), created_at: ctx.now, updated_at: ctx.now, ...p };
    ctx.store.numberConfigs.push(config);
    return config;
  });
  return {
    status: 201,
    json: { data: created.map((c) => itemView(c, 'porting_phone_number_configuration')) },
  };
};
