import type { LocalFile } from '../files/allowed.js';
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

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
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
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(input[name])),
  );

  const query: Record<string, QueryValue> = {};
  if (input.page_number !== undefined || input.page_size !== undefined) {
    query.page = { number: input.page_number as number, size: input.page_size as number };
  }
  if (input.filter !== undefined) query.filter = input.filter as QueryValue;
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
