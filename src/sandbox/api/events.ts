import { notFound } from '../errors.js';
import type { EventRecord } from '../store.js';
import { eventView } from '../views.js';
import { type Handler, pageOf } from './context.js';

export const listEvents: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as {
    porting_order_id?: string;
    type?: string;
    created_at?: { gte?: string; lte?: string };
  };
  // Events are kept by time: a created_at range is two binary searches, so "events since T" reads only those.
  const events = ctx.store.eventsByTime();
  const from = f.created_at?.gte ? ctx.store.firstEventFrom(Date.parse(f.created_at.gte)) : 0;
  const to = f.created_at?.lte ? ctx.store.firstEventFrom(Date.parse(f.created_at.lte) + 1) : events.length;
  const matching: EventRecord[] = [];
  for (let i = to - 1; i >= from; i--) {
    const e = events[i] as EventRecord;
    if (f.porting_order_id && e.porting_order_id !== f.porting_order_id) continue;
    if (f.type && e.event_type !== f.type) continue;
    matching.push(e); // newest first, seeded history included
  }
  return { status: 200, json: pageOf(matching, ctx.query, eventView) };
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
