import type { LocalFile } from '../files/allowed.js';
import { TelnyxError } from '../telnyx/errors.js';
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
  /** A local file sent as multipart/form-data (streamed from its handle), with text fields. */
  multipart?: { file: LocalFile; fields: Record<string, string> };
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

/** The `{name}` segments of a path template, in order. */
export function pathParams(path: string): string[] {
  return path
    .split('/')
    .filter((seg) => seg.startsWith('{') && seg.endsWith('}'))
    .map((seg) => seg.slice(1, -1));
}

/**
 * Why a value cannot be one path segment, or undefined when it can. Checked whatever the schema says:
 * empty, `.` and `..` segments and these characters could make the URL name another operation.
 */
export function unsafeSegment(value: string): string | undefined {
  if (value === '' || value === '.' || value === '..') return 'is empty, "." or ".."';
  if (value.length > 256) return 'is longer than 256 characters';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // / ? # % \ and control characters (C0, DEL, C1)
    if (c === 47 || c === 63 || c === 35 || c === 37 || c === 92 || c < 32 || (c >= 127 && c < 160))
      return 'contains "/", "?", "#", "%", "\\" or a control character';
  }
  return undefined;
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

/** An upload's wire form: a local file as multipart, base64 content as the API's `file`, or a url. */
function uploadRequest(endpoint: Endpoint, input: Record<string, unknown>, local?: LocalFile): HttpRequest {
  const base = { method: endpoint.method, path: endpoint.path, query: {}, accept: 'application/json' };
  const fields: Record<string, string> = {};
  if (typeof input.customer_reference === 'string') fields.customer_reference = input.customer_reference;
  if (local) return { ...base, multipart: { file: local, fields } };
  const body: Record<string, unknown> = { ...fields };
  if (typeof input.filename === 'string') body.filename = input.filename;
  if (typeof input.content === 'string') body.file = input.content;
  else body.url = input.url;
  return { ...base, body };
}

export function buildRequest(
  endpoint: Endpoint,
  input: Record<string, unknown>,
  local?: LocalFile,
): HttpRequest {
  if (endpoint.upload) return uploadRequest(endpoint, input, local);
  const inPath = new Set(pathParams(endpoint.path));
  const fill = (name: string) => {
    const value = String(input[name]);
    const why = unsafeSegment(value);
    if (why) {
      throw new TelnyxError('refused', `Refused to send ${endpoint.name}: ${name} ${why}`, {
        request: { method: endpoint.method, path: endpoint.path },
      });
    }
    return encodeURIComponent(value);
  };
  const path = endpoint.path
    .split('/')
    .map((seg) => (seg.startsWith('{') && seg.endsWith('}') ? fill(seg.slice(1, -1)) : seg))
    .join('/');

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
    endpoint.kind === 'pdf'
      ? 'application/pdf'
      : endpoint.kind === 'file'
        ? '*/*'
        : input.format === 'csv'
          ? 'text/csv'
          : 'application/json';
  return { method: endpoint.method, path, query, body, accept };
}
