import { mapLimit } from './group-orders.js';
import type { JobContext } from './workflow.js';

type Json = Record<string, unknown>;

/** Up to this many orders, their events are read order by order; above, the account's events are read once. */
const PER_ORDER_UP_TO = 20;
/** Pages of 250 events read across the account at most (a busy account's day may hold more). */
const MAX_ACCOUNT_PAGES = 8;
const PAGE = 250;
const LATEST = 8;
const COMMENTS = 3;

const short = (type: unknown) => String(type ?? '').replace(/^porting_order\./, '');
const time = (e: Json) => Date.parse(String(e.created_at ?? '')) || 0;

async function page(ctx: JobContext, filter: Json, pageNumber: number) {
  const response = await ctx.request('event_list', { filter, page_number: pageNumber, page_size: PAGE });
  const body = (response.type === 'json' ? response.data : {}) as {
    data?: Json[];
    meta?: { total_pages?: number };
  };
  return { data: body.data ?? [], pages: body.meta?.total_pages ?? 1 };
}

/**
 * What happened to a group's orders since `since`, from the porting events: counts by type, status
 * changes by new status, the latest comments and changes. A bounded number of requests; `cut` says
 * when there were more events than were read.
 */
export async function groupChanges(ctx: JobContext, ids: ReadonlySet<string>, since: string): Promise<Json> {
  if (!ctx.exposes('event_list')) {
    return { since, unavailable: 'event_list is not exposed on this server (events toolset)' };
  }
  const events: Json[] = [];
  let cut: string | undefined;
  const created_at = { gte: since };
  if (ids.size <= PER_ORDER_UP_TO) {
    const pages = await mapLimit([...ids], ctx.settings.concurrency, (id) =>
      page(ctx, { porting_order_id: id, created_at }, 1),
    );
    for (const p of pages) events.push(...p.data);
    if (pages.some((p) => p.pages > 1)) cut = `only the newest ${PAGE} events of an order were read`;
  } else {
    for (let n = 1; ; n++) {
      const p = await page(ctx, { created_at }, n);
      events.push(...p.data.filter((e) => ids.has(String(e.porting_order_id))));
      if (n >= p.pages || !p.data.length) break;
      if (n >= MAX_ACCOUNT_PAGES) {
        cut = `only the account's newest ${MAX_ACCOUNT_PAGES * PAGE} events since ${since} were read: older changes of the group in that span are not counted`;
        break;
      }
    }
  }
  events.sort((a, b) => time(b) - time(a));
  const byType: Record<string, number> = {};
  const statusChanges: Record<string, number> = {};
  for (const e of events) {
    const type = short(e.event_type);
    byType[type] = (byType[type] ?? 0) + 1;
    const status = ((e.payload as Json | null)?.status as Json | undefined)?.value;
    if (type === 'status_changed' && status)
      statusChanges[String(status)] = (statusChanges[String(status)] ?? 0) + 1;
  }
  const comments = events
    .filter((e) => short(e.event_type) === 'new_comment')
    .slice(0, COMMENTS)
    .map((e) => {
      const comment = ((e.payload as Json | null)?.comment ?? {}) as Json;
      return {
        at: e.created_at,
        porting_order_id: e.porting_order_id,
        by: comment.user_type,
        body: String(comment.body ?? '').slice(0, 200),
      };
    });
  const latest = events.slice(0, LATEST).map((e) => {
    const status = ((e.payload as Json | null)?.status as Json | undefined)?.value;
    return {
      at: e.created_at,
      porting_order_id: e.porting_order_id,
      event: short(e.event_type),
      ...(status ? { status } : {}),
    };
  });
  return {
    since,
    events: events.length,
    ...(events.length ? { by_type: byType } : {}),
    ...(Object.keys(statusChanges).length ? { status_changes_to: statusChanges } : {}),
    ...(comments.length ? { latest_comments: comments } : {}),
    ...(latest.length ? { latest } : {}),
    ...(cut ? { cut } : {}),
  };
}
