import type { QueryValue } from '../telnyx/query.js';
import type { Endpoint, HttpMethod } from './endpoint.js';

/** What goes on the wire for one call: derived from the entry and its validated input, no I/O. */
export interface HttpRequest {
  method: HttpMethod;
  /** Path with parameters filled in and percent-encoded. */
  path: string;
  query: Record<string, QueryValue>;
  /** JSON body; absent when the operation defines none (not even `{}` is sent then). */
  body?: Record<string, unknown>;
  accept: string;
}

/** Input properties that are query parameters, or ours (format, fields, cursor, confirm, country): never body fields. */
const NOT_BODY = new Set([
  'page_number',
  'page_size',
  'filter',
  'sort',
  'format',
  'fields',
  'cursor',
  'confirm',
  'country',
]);

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** Lost filters in their last documented form: one value plain (or `[eq]`), several as `[in][]`. */
function withLostForms(endpoint: Endpoint, filter: Record<string, QueryValue>): QueryValue {
  if (!endpoint.lostFilters) return filter;
  const out = { ...filter };
  for (const [key, single] of Object.entries(endpoint.lostFilters)) {
    const value = out[key];
    if (!Array.isArray(value)) continue;
    if (value.length === 0) delete out[key];
    else if (value.length > 1) out[key] = { in: value };
    else out[key] = single === 'eq' ? { eq: value[0] } : value[0];
  }
  return out;
}

export function buildRequest(endpoint: Endpoint, input: Record<string, unknown>): HttpRequest {
  const inPath = new Set(pathParams(endpoint.path));
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(input[name])),
  );

  const query: Record<string, QueryValue> = {};
  if (input.page_number !== undefined || input.page_size !== undefined) {
    query.page = { number: input.page_number as number, size: input.page_size as number };
  }
  if (input.filter !== undefined)
    query.filter = withLostForms(endpoint, input.filter as Record<string, QueryValue>);
  if (input.sort !== undefined) query.sort = { value: input.sort as string };
  for (const key of endpoint.query ?? []) {
    if (input[key] !== undefined) query[key] = input[key] as QueryValue;
  }

  let body: Record<string, unknown> | undefined;
  if (endpoint.body) {
    body = {};
    const inQuery = new Set(endpoint.query ?? []);
    for (const [key, value] of Object.entries(input)) {
      if (!inPath.has(key) && !inQuery.has(key) && !NOT_BODY.has(key) && value !== undefined)
        body[key] = value;
    }
  }

  const accept =
    endpoint.kind === 'pdf' ? 'application/pdf' : input.format === 'csv' ? 'text/csv' : 'application/json';
  return { method: endpoint.method, path, query, body, accept };
}
