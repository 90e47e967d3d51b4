/**
 * The Telnyx OpenAPI contracts at run time: spec/telnyx-porting-openapi.json and
 * spec/telnyx-documents-openapi.json (kept identical to the maintainers' contract by a test).
 * They are served as ONE document: the documents file is mounted under `x-documents` with its
 * `#/components/...` refs re-rooted there, and its paths join the porting paths (they do not overlap),
 * so every pointer below works for both. The sandbox parses and checks every request with it,
 * as the real API would; tests use the same functions to validate what tools send and what the
 * sandbox answers.
 *
 * - parseRequest / validateRequest: match an HTTP request to its operation and check it against the spec.
 * - validateResponse: checks a response against the schema declared for its status.
 *
 * Validation uses ajv (JSON Schema 2020-12). The whole spec document is added to ajv under SPEC_ID and
 * every schema is compiled as `{ $ref: SPEC_ID#<json-pointer> }`, so the spec's internal
 * `#/components/...` refs resolve without any inlining. Everything below addresses schemas by JSON pointer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parseMultipart } from './multipart.js';

// Both packages are CommonJS; under NodeNext their typings expose the real export as `.default`
// (which they also set at runtime).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export type Obj = Record<string, unknown>;

export interface OpenApiDoc {
  openapi: string;
  info: Obj;
  paths: Record<string, Obj>;
  components: Obj;
  [key: string]: unknown;
}

export interface HttpRequestLike {
  method: string;
  /** Path + query relative to the base URL; a leading `/v2` is ignored. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** A Buffer keeps binary (multipart) bodies intact. */
  body?: string | Buffer;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
}

export interface WithContent {
  required?: boolean;
  content?: Record<string, { schema?: Obj }>;
}

interface Operation {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
  /** Resolved parameters with the pointer of each (after following `$ref`). */
  params: Array<{ param: ParameterObject; pointer: string }>;
}

// src/sandbox/ and dist/sandbox/ are both two levels below the package root, where spec/ lives.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_PATH = path.resolve(packageRoot, 'spec/telnyx-porting-openapi.json');
export const DOCUMENTS_SPEC_PATH = path.resolve(packageRoot, 'spec/telnyx-documents-openapi.json');
const MOUNT = 'x-documents';
const SPEC_ID = 'https://spec.local/telnyx-porting-openapi.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const PAGINATION_META = '#/components/schemas/PaginationMeta';
/** Past this nesting depth schema walks stop (guards recursive schemas). */
export const MAX_DEPTH = 10;

// ---------------------------------------------------------------------------------------------------
// Spec loading and JSON-pointer plumbing

/** A copy of `node` whose internal refs (`#/...`) point below `#/<mount>` instead. */
function reroot(node: unknown, mount: string): unknown {
  if (Array.isArray(node)) return node.map((n) => reroot(n, mount));
  if (!isObj(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/')
        ? `#/${mount}/${v.slice(2)}`
        : reroot(v, mount),
    ]),
  );
}

let spec: OpenApiDoc | undefined;
/** Both contracts as one document (see the top of this file). */
export function loadSpec(): OpenApiDoc {
  if (!spec) {
    const porting = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDoc;
    const documents = reroot(JSON.parse(readFileSync(DOCUMENTS_SPEC_PATH, 'utf8')), MOUNT) as OpenApiDoc;
    const clash = Object.keys(documents.paths).filter((p) => p in porting.paths);
    if (clash.length) throw new Error(`Both contracts declare ${clash.join(', ')}`);
    spec = { ...porting, paths: { ...porting.paths, ...documents.paths }, [MOUNT]: documents };
  }
  return spec;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const ptr = (base: string, ...segs: Array<string | number>): string =>
  [base, ...segs.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');

export function at(pointer: string): unknown {
  let node: unknown = loadSpec();
  for (const seg of pointer === '#' ? [] : pointer.slice(2).split('/')) {
    node = (node as Obj | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Follows a chain of `$ref`s (all internal in this spec) and returns the final pointer. */
export function follow(pointer: string): string {
  for (let node = at(pointer); isObj(node) && typeof node.$ref === 'string'; node = at(pointer)) {
    pointer = node.$ref;
  }
  return pointer;
}

/** Standard padded base64 (RFC 4648 section 4), checked in one pass. */
export function isBase64(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  const pad = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  for (let i = 0; i < value.length - pad; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

let ajv: InstanceType<typeof Ajv2020> | undefined;
const validators = new Map<string, ValidateFunction>();

export function validator(pointer: string): ValidateFunction {
  let fn = validators.get(pointer);
  if (!fn) {
    if (!ajv) {
      // strict: false because OpenAPI adds keywords ajv does not know (example, discriminator, ...).
      // ajv ignores `discriminator` here; the oneOf branches are told apart by their `event_type` enums.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      // ajv-formats checks `byte` with a regex that overflows the stack on a few MB of base64 (a file
      // upload): the same rule as a loop.
      ajv.addFormat('byte', { type: 'string', validate: isBase64 });
      ajv.addFormat('binary', true); // raw bytes (multipart files, downloads): anything goes
      ajv.addSchema(loadSpec(), SPEC_ID);
    }
    // Percent-encode segments: path keys contain `{}`, which are not valid in a URI fragment.
    const fragment = pointer
      .split('/')
      .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
      .join('/');
    fn = ajv.compile({ $ref: SPEC_ID + fragment });
    validators.set(pointer, fn);
  }
  return fn;
}

const check = (pointer: string, value: unknown): ErrorObject[] => {
  const fn = validator(pointer);
  return fn(value) ? [] : [...(fn.errors ?? [])];
};

/** Formats ajv errors as `<where>: <message>`, naming the offending field via `where(instancePath)`. */
function formatErrors(where: (instancePath: string) => string, errors: ErrorObject[]): string[] {
  const lines = errors.map((e) => {
    const p = e.params as Obj;
    const extra =
      p.allowedValues !== undefined
        ? ` ${JSON.stringify(p.allowedValues)}`
        : p.additionalProperty !== undefined
          ? ` '${String(p.additionalProperty)}'`
          : '';
    return `${where(e.instancePath)}: ${e.message ?? e.keyword}${extra}`;
  });
  return [...new Set(lines)]; // oneOf/anyOf failures repeat the same message per branch
}

// ---------------------------------------------------------------------------------------------------
// Operation index

let operations: Operation[] | undefined;
function allOperations(): Operation[] {
  if (operations) return operations;
  operations = [];
  for (const [p, item] of Object.entries(loadSpec().paths)) {
    for (const method of HTTP_METHODS.filter((m) => isObj(item[m]))) {
      const pointer = ptr('#/paths', p, method);
      const op = item[method] as { operationId: string; parameters?: unknown[] };
      // Path-level parameters apply too, unless the operation redeclares the same name+location.
      const refs = [
        ...((item.parameters as unknown[] | undefined) ?? []).map((_, i) =>
          ptr('#/paths', p, 'parameters', i),
        ),
        ...(op.parameters ?? []).map((_, i) => ptr(pointer, 'parameters', i)),
      ].map(follow);
      const byKey = new Map(
        refs.map((r) => {
          const param = at(r) as ParameterObject;
          return [`${param.in}:${param.name}`, { param, pointer: r }];
        }),
      );
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: p,
        pointer,
        params: [...byKey.values()],
      });
    }
  }
  return operations;
}

export function operationById(operationId: string): Operation | undefined {
  return allOperations().find((o) => o.operationId === operationId);
}

export function specOperations(): Array<{ operationId: string; method: string; path: string }> {
  return allOperations().map(({ operationId, method, path }) => ({ operationId, method, path }));
}

/** Pointer of the (resolved) response object declared for `status`, if any. */
function responsePointer(op: Operation, status: number): string | undefined {
  const responses = at(ptr(op.pointer, 'responses')) as Obj;
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
  return key === undefined ? undefined : follow(ptr(op.pointer, 'responses', key));
}

const mediaType = (contentType: string): string => (contentType.split(';')[0] ?? '').trim().toLowerCase();
export const isJson = (media: string): boolean => media === 'application/json' || media.endsWith('+json');

// ---------------------------------------------------------------------------------------------------
// Request validation

/** Finds the path template matching `pathname`; literal segments beat `{param}` ones. */
function route(pathname: string): { template: string; raw: Record<string, string> } | undefined {
  const segs = pathname.split('/').slice(1);
  let best: { template: string; raw: Record<string, string>; score: string } | undefined;
  for (const template of Object.keys(loadSpec().paths)) {
    const tsegs = template.split('/').slice(1);
    if (tsegs.length !== segs.length) continue;
    const raw: Record<string, string> = {};
    let score = ''; // one char per segment: '1' literal, '0' templated; compared lexicographically
    const ok = tsegs.every((t, i) => {
      const seg = segs[i] ?? '';
      const name = /^\{(.+)\}$/.exec(t)?.[1];
      score += name ? '0' : '1';
      if (name) raw[name] = seg;
      return name ? seg !== '' : t === seg;
    });
    if (ok && (!best || score > best.score)) best = { template, raw, score };
  }
  return best;
}

type QueryValue = string | string[] | QueryObject;
interface QueryObject {
  [key: string]: QueryValue;
}

/** Adds `a[b][c]=v` to `tree` as tree.a.b.c = v. A trailing `[]` appends to an array. */
function insertQuery(tree: QueryObject, key: string, value: string): string | undefined {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return `query key ${key}: malformed bracket syntax`;
  // The anchored match above guarantees `[x][y]...` with no brackets inside, so splitting is exact.
  const brackets = m[2] ?? '';
  let segs = [m[1] ?? '', ...(brackets ? brackets.slice(1, -1).split('][') : [])];
  const append = segs.length > 1 && segs.at(-1) === '';
  if (append) segs = segs.slice(0, -1);
  if (segs.includes('')) return `query key ${key}: empty [] is only allowed at the end`;
  let node = tree;
  for (const seg of segs.slice(0, -1)) {
    // Null-prototype objects: keys like `__proto__` from the query must stay plain data.
    node[seg] ??= Object.create(null) as QueryObject;
    const next = node[seg];
    if (typeof next === 'string' || Array.isArray(next))
      return `query key ${key}: mixes a value and nested keys`;
    node = next;
  }
  const last = segs.at(-1) ?? '';
  const prev = node[last];
  if (prev === undefined) node[last] = append ? [value] : value;
  else if (typeof prev === 'string') node[last] = [prev, value];
  else if (Array.isArray(prev)) prev.push(value);
  else return `query key ${key}: mixes a value and nested keys`;
  return undefined;
}

/** The pointers of all concrete schemas behind `pointer` ($ref followed, oneOf/anyOf/allOf flattened). */
function branches(pointer: string, depth = 0): string[] {
  const p = follow(pointer);
  const node = at(p) as Obj;
  if (depth > MAX_DEPTH) return [p];
  const subs = ['oneOf', 'anyOf', 'allOf'].flatMap((k) => {
    const list = node[k];
    return Array.isArray(list) ? list.map((_, i) => ptr(p, k, i)) : [];
  });
  return [p, ...subs.flatMap((s) => branches(s, depth + 1))];
}

/**
 * Turns query strings into the types the schema at `pointer` wants, so ajv can validate them:
 * integer/number/boolean leaves are converted, and array-typed locations (including oneOf
 * [string, array]) split comma-joined values, which is how the official SDK serialises arrays.
 * Anything that does not convert is left as a string for ajv to reject.
 */
function coerce(value: QueryValue, pointer: string): unknown {
  const schemas = branches(pointer).map((p) => ({ p, s: at(p) as Obj }));
  if (!Array.isArray(value) && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const prop = schemas.find(({ s }) => isObj(s.properties) && Object.hasOwn(s.properties, k));
        const extra = schemas.find(({ s }) => isObj(s.additionalProperties));
        const sub = prop
          ? ptr(prop.p, 'properties', k)
          : extra
            ? ptr(extra.p, 'additionalProperties')
            : undefined;
        return [k, sub ? coerce(v, sub) : v]; // undeclared nested keys pass through untouched
      }),
    );
  }
  const types = new Set(schemas.flatMap(({ s }) => [s.type ?? []].flat()));
  const arraySchema = schemas.find(({ s }) => [s.type].flat().includes('array'));
  if (Array.isArray(value) || (arraySchema && (!types.has('string') || value.includes(',')))) {
    if (!arraySchema) return value; // a repeated key where a scalar is expected: ajv reports it
    const items = Array.isArray(value) ? value : value.split(',');
    return items.map((v) => coerce(v, ptr(arraySchema.p, 'items')));
  }
  if (types.has('string')) return value;
  if (types.has('integer') && /^-?\d+$/.test(value)) return Number(value);
  if (types.has('number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * Query parameters the contract does not declare but the API takes: every official Telnyx SDK uploads
 * with `POST /documents?content-type=multipart` (the body may still be JSON).
 */
const UNDECLARED_QUERY: Record<string, { name: string; value: string }> = {
  CreateDocument: { name: 'content-type', value: 'multipart' },
};

function checkQuery(op: Operation, search: string): { errors: string[]; values: Obj } {
  const errors: string[] = [];
  const values: Obj = {};
  const tree = Object.create(null) as QueryObject;
  for (const [key, value] of new URLSearchParams(search)) {
    const problem = insertQuery(tree, key, value);
    if (problem) errors.push(problem);
  }
  const declared = new Map(op.params.filter((p) => p.param.in === 'query').map((p) => [p.param.name, p]));
  const tolerated = UNDECLARED_QUERY[op.operationId];
  for (const name of Object.keys(tree)) {
    if (tolerated?.name === name && tree[name] === tolerated.value) {
      delete tree[name];
      continue;
    }
    if (!declared.has(name)) errors.push(`query ${name}: not a declared parameter of ${op.operationId}`);
  }
  for (const [name, { param, pointer }] of declared) {
    const raw = tree[name];
    if (raw === undefined) {
      if (param.required) errors.push(`query ${name}: required parameter is missing`);
      continue;
    }
    const schema = ptr(pointer, 'schema');
    const brackets = (p: string) => p.replace(/\/([^/]*)/g, '[$1]');
    values[name] = coerce(raw, schema);
    errors.push(...formatErrors((p) => `query ${name}${brackets(p)}`, check(schema, values[name])));
  }
  return { errors, values };
}

function header(headers: HttpRequestLike['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

function checkBody(op: Operation, req: HttpRequestLike): { errors: string[]; value?: unknown } {
  const hasBody = req.body !== undefined && req.body !== '';
  if (!isObj(at(ptr(op.pointer, 'requestBody')))) {
    // A content-type without a body is harmless; any body (even `{}`) is not.
    return {
      errors: hasBody
        ? [`body: ${op.operationId} declares no request body, but ${req.body?.length} bytes were sent`]
        : [],
    };
  }
  const rbPointer = follow(ptr(op.pointer, 'requestBody'));
  const rb = at(rbPointer) as WithContent;
  if (!hasBody) return { errors: rb.required ? [`body: required by ${op.operationId} but missing`] : [] };
  const contentType = header(req.headers, 'content-type');
  const declared = Object.keys(rb.content ?? {});
  const media = contentType ? mediaType(contentType) : undefined;
  if (!media || !declared.includes(media)) {
    return { errors: [`content-type: ${contentType ?? '(missing)'} is not one of ${declared.join(', ')}`] };
  }
  let value: unknown;
  if (media === 'multipart/form-data') {
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body ?? '');
    const parts = parseMultipart(bytes, contentType ?? '');
    if (typeof parts === 'string') return { errors: [`body: ${parts}`] };
    // A file part (`format: binary`) may hold any bytes: it is checked as an empty string, not copied
    // into one (20 MB) for nothing; the handler gets the bytes.
    const fields = Object.fromEntries(
      parts.map((p) => [p.name, p.filename !== undefined ? '' : p.data.toString('latin1')]),
    );
    const errors = formatErrors(
      (p) => `body ${p || '/'}`,
      check(ptr(rbPointer, 'content', media, 'schema'), fields),
    );
    return { errors, value: { multipart: parts } };
  }
  try {
    value = JSON.parse(String(req.body ?? ''));
  } catch {
    return { errors: ['body: not valid JSON'] };
  }
  const errors = formatErrors(
    (p) => `body ${p || '/'}`,
    check(ptr(rbPointer, 'content', media, 'schema'), value),
  );
  return { errors, value };
}

/** Does an Accept header admit `type`? Handles `*\/*`, `type/*`, parameters and `q=0`. */
function accepts(accept: string, type: string): boolean {
  const major = type.split('/')[0];
  return accept.split(',').some((range) => {
    const [media = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    if (params.some((p) => /^q=0(\.0*)?$/.test(p))) return false;
    return media === '*/*' || type === '*/*' || media === type || media === `${major}/*`;
  });
}

function checkHeaders(op: Operation, headers: HttpRequestLike['headers']): string[] {
  const errors: string[] = [];
  const responses = at(ptr(op.pointer, 'responses')) as Obj;
  const offered = Object.keys(responses)
    .filter((code) => /^2/.test(code))
    .flatMap((code) =>
      Object.keys((at(follow(ptr(op.pointer, 'responses', code))) as WithContent).content ?? {}),
    );
  const accept = header(headers, 'accept');
  // No Accept means any type (RFC 9110 §12.5.1); 204-only operations offer none, so any Accept is fine.
  if (accept && offered.length > 0 && !offered.some((t) => accepts(accept, t))) {
    errors.push(
      `accept: "${accept}" matches none of ${op.operationId}'s success types (${offered.join(', ')})`,
    );
  }
  // Never echo the header: it carries the API key.
  if (!/^Bearer \S/.test(header(headers, 'authorization') ?? '')) {
    errors.push('authorization: must be "Bearer <token>"');
  }
  return errors;
}

/** A request matched to its operation, with decoded path parameters, typed query values and parsed body. */
export interface ParsedRequest {
  /** Absent when no operation has this path and method. */
  operationId?: string;
  /** Problems with the path, query or body. */
  errors: string[];
  pathParams: Record<string, string>;
  query: Obj;
  body?: unknown;
  /** Authorization and Accept problems, kept apart so a server can answer 401 before 422. */
  headerErrors: string[];
}

/** Matches a request to its operation and checks path, query, body and headers against the spec. */
export function parseRequest(req: HttpRequestLike): ParsedRequest {
  const url = req.url.replace(/^\/v2(?=[/?]|$)/, '') || '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const empty = { pathParams: {}, query: {}, headerErrors: [] };
  const routed = route(pathname);
  if (!routed) return { ...empty, errors: [`path: no operation matches ${pathname}`] };
  const candidates = allOperations().filter((o) => o.path === routed.template);
  const op = candidates.find((o) => o.method === req.method.toUpperCase());
  if (!op) {
    const allowed = candidates.map((o) => o.method).join(', ');
    return {
      ...empty,
      errors: [`method: ${req.method} ${routed.template} is not declared (allowed: ${allowed})`],
    };
  }
  const errors: string[] = [];
  const pathParams: Record<string, string> = {};
  for (const { param, pointer } of op.params.filter((p) => p.param.in === 'path')) {
    let value: string;
    try {
      value = decodeURIComponent(routed.raw[param.name] ?? '');
    } catch {
      errors.push(`path ${param.name}: malformed percent-encoding`);
      continue;
    }
    pathParams[param.name] = value;
    const schema = ptr(pointer, 'schema');
    errors.push(...formatErrors(() => `path ${param.name}`, check(schema, coerce(value, schema))));
  }
  const query = checkQuery(op, q < 0 ? '' : url.slice(q + 1));
  const body = checkBody(op, req);
  errors.push(...query.errors, ...body.errors);
  return {
    operationId: op.operationId,
    errors,
    pathParams,
    query: query.values,
    body: body.value,
    headerErrors: checkHeaders(op, req.headers),
  };
}

/** Checks a request against the spec. `errors` is empty when the request is valid. */
export function validateRequest(req: HttpRequestLike): { operationId?: string; errors: string[] } {
  const parsed = parseRequest(req);
  // The API (and the sandbox) serve a request without Accept; our client always says what it wants.
  const accept = header(req.headers, 'accept') ? [] : ['accept: header is missing'];
  return { operationId: parsed.operationId, errors: [...parsed.errors, ...accept, ...parsed.headerErrors] };
}

// ---------------------------------------------------------------------------------------------------
// Response validation

const isEmptyBody = (body: unknown): boolean =>
  body === undefined || body === null || body === '' || (Buffer.isBuffer(body) && body.length === 0);

/**
 * Validates a response against the operation's declaration for `status`. JSON bodies (objects, or
 * strings/Buffers holding JSON) are checked against the schema; for binary responses and responses
 * without declared content only the status (and content type, when content is declared) is checked.
 */
export function validateResponse(
  operationId: string,
  status: number,
  contentType: string | undefined,
  body: unknown,
): string[] {
  const op = operationById(operationId);
  if (!op) return [`unknown operationId ${operationId}`];
  const rPointer = responsePointer(op, status);
  if (!rPointer) {
    const declared = Object.keys(at(ptr(op.pointer, 'responses')) as Obj).join(', ');
    return [`status: ${status} is not declared for ${operationId} (declared: ${declared})`];
  }
  const content = (at(rPointer) as WithContent).content;
  if (!content) return status === 204 && !isEmptyBody(body) ? ['body: a 204 response must be empty'] : [];
  const declared = Object.keys(content);
  const media = contentType ? mediaType(contentType) : undefined;
  if (!media || !(declared.includes(media) || declared.includes('*/*'))) {
    return [`content-type: ${contentType ?? '(missing)'} is not one of ${declared.join(', ')}`];
  }
  if (!isJson(media) || !declared.includes(media)) return []; // raw bytes (`*/*`) have no schema
  let value = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return ['body: not valid JSON'];
    }
  }
  return formatErrors(
    (p) => `response ${status} body ${p || '/'}`,
    check(ptr(rPointer, 'content', media, 'schema'), value),
  );
}
