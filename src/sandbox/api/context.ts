import type { SandboxClock } from '../clock.js';
import { notFound } from '../errors.js';
import type { OrderRecord, Store } from '../store.js';

/** What a handler gets: the parsed request (already checked against the spec) and the state. */
export interface Ctx {
  store: Store;
  clock: SandboxClock;
  /** Sandbox time (ms). */
  now: number;
  /** Real time (ms): what must not scale with the sandbox clock (unlinked uploads expire on it). */
  wall: number;
  params: Record<string, string>;
  query: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: bodies were validated against the spec's schema
  body: any;
  accept: string;
}

export type Reply =
  | { status: number; json: unknown }
  | { status: 204 }
  | { status: number; pdf: Buffer }
  | { status: number; csv: string }
  | { status: number; file: Buffer; contentType: string };

export type Handler = (ctx: Ctx) => Reply;

export function requireOrder(ctx: Ctx, param = 'id'): OrderRecord {
  const id = ctx.params[param] ?? '';
  const order = ctx.store.orders.get(id);
  if (!order) throw notFound('porting order', id);
  return order;
}

/** One page of `items` as the API pages them: page[number] from 1, page[size] 1-250 (default 20). */
export function pageOf<T>(items: T[], query: Record<string, unknown>, view: (item: T) => unknown) {
  const page = (query.page ?? {}) as { number?: number; size?: number };
  const size = page.size ?? 20;
  const number = page.number ?? 1;
  const start = (number - 1) * size;
  return {
    data: items.slice(start, start + size).map(view),
    meta: {
      page_number: number,
      page_size: size,
      total_pages: Math.max(1, Math.ceil(items.length / size)),
      total_results: items.length,
    },
  };
}

/** sort[value] such as `-created_at` or `activation_settings.foc_datetime_requested`; default newest first. */
export function sorted<T>(
  items: T[],
  query: Record<string, unknown>,
  get: (item: T, field: string) => unknown,
) {
  const value = ((query.sort as { value?: string } | undefined)?.value ?? '-created_at') as string;
  const desc = value.startsWith('-');
  const field = desc ? value.slice(1) : value;
  const key = (item: T) => {
    const v = get(item, field);
    return typeof v === 'string' ? Date.parse(v) || 0 : Number(v ?? 0);
  };
  return [...items].sort((a, b) => (desc ? key(b) - key(a) : key(a) - key(b)));
}

/**
 * The values of a list filter in every form the API documents: `filter[k]=v`, a comma list `a,b`,
 * repeated keys or `[]`, and the older operators `filter[k][eq]=v` and `filter[k][in][]=a&…`.
 */
export function anyOf(filter: unknown): string[] | undefined {
  if (filter === undefined) return undefined;
  if (filter && typeof filter === 'object' && !Array.isArray(filter)) {
    const { in: list, eq } = filter as { in?: unknown; eq?: unknown };
    return [...(anyOf(list) ?? []), ...(anyOf(eq) ?? [])];
  }
  return [filter].flat().flatMap((v) => String(v).split(','));
}

export const get = (o: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      o,
    );
