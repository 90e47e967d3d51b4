import type { Endpoint } from '../catalog/endpoint.js';
import type { CursorCodec } from './cursor.js';

/**
 * Lists sized for a model. The API pages by number; we add opaque cursors that carry the filters and
 * the position (API page, page size, items of that page already shown), a `fields` projection, and a
 * size guard that trims a page that would cost too many tokens, with a cursor to the rest.
 */

/** ~8,000 tokens: JSON from this API measures 2.5-3 characters per token (test/mcp/pages.test.ts). */
export const MAX_RESULT_CHARS = 20_000;

export interface PageState {
  /** Tool name: a cursor only works for the tool that made it. */
  t: string;
  /** The arguments of the first call, without paging. */
  a: Record<string, unknown>;
  p: number;
  s: number;
  /** Items of page `p` already shown. */
  k: number;
}

const PAGING = new Set(['cursor', 'page_number', 'page_size']);

export const isPaginated = (endpoint: Endpoint) => 'page_number' in endpoint.input.shape;

const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;

/**
 * Resolves `cursor` into the arguments it stands for, before validation: the result is checked
 * against the tool's schema like direct arguments (a cursor is client input, whoever made it), and
 * it carries every argument, so `{ cursor }` alone continues a per-order list. Arguments given beside
 * a cursor must agree with it (a cursor keeps its filters); otherwise, or for a bad cursor, an error.
 */
export function resumeFrom(
  codec: CursorCodec,
  endpoint: Endpoint,
  input: Record<string, unknown>,
): { input: Record<string, unknown>; skip: number } | { error: string } {
  if (input.cursor === undefined) return { input, skip: 0 };
  const state = codec.decode<PageState>(input.cursor);
  const valid =
    state?.t === endpoint.name &&
    !!state.a &&
    typeof state.a === 'object' &&
    !Array.isArray(state.a) &&
    isCount(state.s) &&
    isCount(state.k) &&
    state.k < state.s;
  if (!state || !valid) {
    return {
      error: `cursor: not a cursor for ${endpoint.name} (pass next_cursor back exactly as received; cursors from a server with another MCP_CURSOR_SECRET do not work); call again without cursor to start over.`,
    };
  }
  const conflicting = Object.keys(input).filter(
    (k) => !PAGING.has(k) && JSON.stringify(input[k]) !== JSON.stringify(state.a[k]),
  );
  if (conflicting.length) {
    return {
      error: `${conflicting.join(', ')}: differs from what the cursor carries; a cursor keeps the filters of the first call. Drop ${conflicting.join(', ')} or start without cursor.`,
    };
  }
  const args = Object.fromEntries(Object.entries(state.a).filter(([k]) => !PAGING.has(k)));
  return { input: { ...args, page_number: state.p, page_size: state.s }, skip: state.k };
}

/** Numbers a summary shows per item; its count field (e.g. porting_phone_numbers_count) says how many in all. */
export const SUMMARY_NUMBERS = 10;

/** A list of objects with a phone_number, as a summary shows it: the first numbers, as strings. */
function compactNumbers(value: unknown): unknown {
  if (!Array.isArray(value) || !value.every((n) => n && typeof n === 'object' && 'phone_number' in n))
    return value;
  return value.slice(0, SUMMARY_NUMBERS).map((n) => (n as { phone_number: unknown }).phone_number);
}

function project(item: unknown, fields: readonly string[] | undefined, summary: boolean): unknown {
  if (!fields || fields.includes('all') || !item || typeof item !== 'object') return item;
  const out: Record<string, unknown> = {};
  for (const key of ['id', ...fields]) {
    if (!(key in item)) continue;
    const value = (item as Record<string, unknown>)[key];
    out[key] = summary ? compactNumbers(value) : value;
  }
  return out;
}

interface Meta {
  page_number?: number;
  page_size?: number;
  total_pages?: number;
  total_results?: number;
}

/**
 * Shapes one API list page: drops items a cursor already showed, projects fields, trims to the size
 * budget, and says what to ask for next (`next_cursor`, and `meta.next_page_number` for whole pages).
 */
export function shapeList(
  codec: CursorCodec,
  endpoint: Endpoint,
  payload: { data: unknown[]; meta?: Meta },
  input: Record<string, unknown>,
  skip: number,
): Record<string, unknown> {
  const fields = (input.fields as string[] | undefined) ?? endpoint.defaultFields;
  // The default summary shows numbers compactly; fields asked for by name come whole.
  const summary = input.fields === undefined;
  const items = payload.data.slice(skip).map((item) => project(item, fields, summary));
  const meta = payload.meta;
  const paged = isPaginated(endpoint) && typeof meta?.page_number === 'number';

  // Only pages are trimmed: their rest stays reachable by cursor. A non-paginated answer (a check of
  // 300 numbers, a split into orders) is the caller's data and has no "rest" to come back for.
  if (!paged || !meta) return meta ? { data: items, meta } : { data: items };
  // Keep as many items as fit; always at least one so a walk makes progress.
  let shown = items.length;
  let size = JSON.stringify(items).length;
  while (shown > 1 && size > MAX_RESULT_CHARS) {
    shown--;
    size -= JSON.stringify(items[shown]).length + 1;
  }
  const trimmed = shown < items.length;

  const result: Record<string, unknown> = { data: items.slice(0, shown) };
  const page = meta.page_number as number;
  const pageSize = meta.page_size ?? (input.page_size as number | undefined) ?? 20;
  const morePages = typeof meta.total_pages === 'number' && page < meta.total_pages;
  const next = trimmed ? { p: page, k: skip + shown } : morePages ? { p: page + 1, k: 0 } : undefined;
  const args = Object.fromEntries(Object.entries(input).filter(([k]) => !PAGING.has(k)));
  result.meta = {
    ...meta,
    ...(morePages && !trimmed && skip === 0 ? { next_page_number: page + 1 } : {}),
    // Page counts are the API's; when a page is shown in parts, say which part this is.
    ...(trimmed || skip > 0
      ? { page_items_shown: `${skip + 1}-${skip + shown} of ${payload.data.length} on page ${page}` }
      : {}),
  };
  if (next)
    result.next_cursor = codec.encode({ t: endpoint.name, a: args, p: next.p, s: pageSize, k: next.k });
  if (trimmed) {
    result.truncated = `Showing ${shown} of the ${items.length} items left on this page to stay under ~8,000 tokens; pass next_cursor as cursor for the rest, or ask for fewer fields or a smaller page_size.`;
  }
  return result;
}
