import { notFound } from '../errors.js';
import { eventView } from '../views.js';
import { type Handler, pageOf } from './context.js';

export const listEvents: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as {
    porting_order_id?: string;
    type?: string;
    created_at?: { gte?: string; lte?: string };
  };
  const gte = f.created_at?.gte ? Date.parse(f.created_at.gte) : -Infinity;
  const lte = f.created_at?.lte ? Date.parse(f.created_at.lte) : Infinity;
  const events = ctx.store.events
    .filter(
      (e) =>
        (!f.porting_order_id || e.porting_order_id === f.porting_order_id) &&
        (!f.type || e.event_type === f.type) &&
        e.created_at >= gte &&
        e.created_at <= lte,
    )
    .sort((a, b) => b.created_at - a.created_at); // newest first, seeded history included
  return { status: 200, json: pageOf(events, ctx.query, eventView) };
};

export const getEvent: Handler = (ctx) => {
  const event = ctx.store.events.find((e) => e.id === ctx.params.id);
  if (!event) throw notFound('porting event', ctx.params.id ?? '');
  return { status: 200, json: { data: eventView(event) } };
};

/** The sandbox delivers nowhere; republishing an existing event succeeds, as the API does. */
export const republishEvent: Handler = (ctx) => {
  if (!ctx.store.events.some((e) => e.id === ctx.params.id))
    throw notFound('porting event', ctx.params.id ?? '');
  return { status: 204 };
};
