/**
 * Contract helpers for tests, driven by the OpenAPI 3.1 subset in ../shared/telnyx/.
 *
 * - validateRequest: checks an HTTP request (as recorded by loopback.ts) against the spec.
 * - validateResponse: checks a response against the schema declared for its status.
 * - sampleResponse: synthesises a small valid success response for an operation.
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

// Both packages are CommonJS; under NodeNext their typings expose the real export as `.default`
// (which they also set at runtime).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

type Obj = Record<string, unknown>;

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
  body?: string;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
}

interface WithContent {
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

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_PATH = path.resolve(repoRoot, '../shared/telnyx/telnyx-porting-openapi.json');
const SPEC_ID = 'https://spec.local/telnyx-porting-openapi.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PAGINATION_META = '#/components/schemas/PaginationMeta';
const SAMPLE_META = { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 };
const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);
const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  'date-time': '2021-01-01T00:00:00Z',
  date: '2021-01-01',
  uri: 'https://example.com/',
  email: 'user@example.com',
};
/** Past this nesting depth sampleResponse only fills required properties (guards recursive schemas). */
const MAX_DEPTH = 10;

// ---------------------------------------------------------------------------------------------------
// Spec loading and JSON-pointer plumbing

let spec: OpenApiDoc | undefined;
export function loadSpec(): OpenApiDoc {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDoc;
  return spec;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ptr = (base: string, ...segs: Array<string | number>): string =>
  [base, ...segs.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');

function at(pointer: string): unknown {
  let node: unknown = loadSpec();
  for (const seg of pointer === '#' ? [] : pointer.slice(2).split('/')) {
    node = (node as Obj | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Follows a chain of `$ref`s (all internal in this spec) and returns the final pointer. */
function follow(pointer: string): string {
  for (let node = at(pointer); isObj(node) && typeof node.$ref === 'string'; node = at(pointer)) {
    pointer = node.$ref;
  }
  return pointer;
}

let ajv: InstanceType<typeof Ajv2020> | undefined;
const validators = new Map<string, ValidateFunction>();

function validator(pointer: string): ValidateFunction {
  let fn = validators.get(pointer);
  if (!fn) {
    if (!ajv) {
      // strict: false because OpenAPI adds keywords ajv does not know (example, discriminator, ...).
      // ajv ignores `discriminator` here; the oneOf branches are told apart by their `event_type` enums.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
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

function operationById(operationId: string): Operation | undefined {
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
const isJson = (media: string): boolean => media === 'application/json' || media.endsWith('+json');

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
  let segs = [m[1] ?? '', ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')];
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

function checkQuery(op: Operation, search: string): string[] {
  const errors: string[] = [];
  const tree = Object.create(null) as QueryObject;
  for (const [key, value] of new URLSearchParams(search)) {
    const problem = insertQuery(tree, key, value);
    if (problem) errors.push(problem);
  }
  const declared = new Map(op.params.filter((p) => p.param.in === 'query').map((p) => [p.param.name, p]));
  for (const name of Object.keys(tree)) {
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
    errors.push(...formatErrors((p) => `query ${name}${brackets(p)}`, check(schema, coerce(raw, schema))));
  }
  return errors;
}

function header(headers: HttpRequestLike['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

function checkBody(op: Operation, req: HttpRequestLike): string[] {
  const hasBody = req.body !== undefined && req.body !== '';
  if (!isObj(at(ptr(op.pointer, 'requestBody')))) {
    // A content-type without a body is harmless; any body (even `{}`) is not.
    return hasBody
      ? [`body: ${op.operationId} declares no request body, but ${req.body?.length} bytes were sent`]
      : [];
  }
  const rbPointer = follow(ptr(op.pointer, 'requestBody'));
  const rb = at(rbPointer) as WithContent;
  if (!hasBody) return rb.required ? [`body: required by ${op.operationId} but missing`] : [];
  const contentType = header(req.headers, 'content-type');
  const declared = Object.keys(rb.content ?? {});
  const media = contentType ? mediaType(contentType) : undefined;
  if (!media || !declared.includes(media)) {
    return [`content-type: ${contentType ?? '(missing)'} is not one of ${declared.join(', ')}`];
  }
  let value: unknown;
  try {
    value = JSON.parse(req.body ?? '');
  } catch {
    return ['body: not valid JSON'];
  }
  return formatErrors((p) => `body ${p || '/'}`, check(ptr(rbPointer, 'content', media, 'schema'), value));
}

/** Does an Accept header admit `type`? Handles `*\/*`, `type/*`, parameters and `q=0`. */
function accepts(accept: string, type: string): boolean {
  const major = type.split('/')[0];
  return accept.split(',').some((range) => {
    const [media = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    if (params.some((p) => /^q=0(\.0*)?$/.test(p))) return false;
    return media === '*/*' || media === type || media === `${major}/*`;
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
  if (!accept) errors.push('accept: header is missing');
  // 204-only operations offer no content type, so any Accept is fine.
  else if (offered.length > 0 && !offered.some((t) => accepts(accept, t))) {
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

/** Checks a request against the spec. `errors` is empty when the request is valid. */
export function validateRequest(req: HttpRequestLike): { operationId?: string; errors: string[] } {
  const url = req.url.replace(/^\/v2(?=[/?]|$)/, '') || '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const routed = route(pathname);
  if (!routed) return { errors: [`path: no operation matches ${pathname}`] };
  const candidates = allOperations().filter((o) => o.path === routed.template);
  const op = candidates.find((o) => o.method === req.method.toUpperCase());
  if (!op) {
    const allowed = candidates.map((o) => o.method).join(', ');
    return { errors: [`method: ${req.method} ${routed.template} is not declared (allowed: ${allowed})`] };
  }
  const errors: string[] = [];
  for (const { param, pointer } of op.params.filter((p) => p.param.in === 'path')) {
    let value: string;
    try {
      value = decodeURIComponent(routed.raw[param.name] ?? '');
    } catch {
      errors.push(`path ${param.name}: malformed percent-encoding`);
      continue;
    }
    const schema = ptr(pointer, 'schema');
    errors.push(...formatErrors(() => `path ${param.name}`, check(schema, coerce(value, schema))));
  }
  errors.push(...checkQuery(op, q < 0 ? '' : url.slice(q + 1)));
  errors.push(...checkBody(op, req));
  errors.push(...checkHeaders(op, req.headers));
  return { operationId: op.operationId, errors };
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
  if (!media || !declared.includes(media)) {
    return [`content-type: ${contentType ?? '(missing)'} is not one of ${declared.join(', ')}`];
  }
  if (!isJson(media)) return [];
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

// ---------------------------------------------------------------------------------------------------
// Sample responses

const merge = (a: unknown, b: unknown): unknown => (isObj(a) && isObj(b) ? { ...a, ...b } : (a ?? b));

/** A value for the schema at `pointer`, built from its own keywords (composition handled by sample). */
function sampleOwn(node: Obj, pointer: string, depth: number): unknown {
  if (Array.isArray(node.enum)) return node.enum.find((v) => v !== null) ?? node.enum[0];
  const types = [node.type ?? []].flat() as string[];
  const type =
    types.find((t) => t !== 'null') ??
    types[0] ??
    (node.properties ? 'object' : node.items ? 'array' : undefined);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const min =
        typeof node.minimum === 'number'
          ? node.minimum
          : typeof node.exclusiveMinimum === 'number'
            ? node.exclusiveMinimum + 1
            : 1;
      return typeof node.maximum === 'number' ? Math.min(min, node.maximum) : min;
    }
    case 'string': {
      const formatted = FORMAT_SAMPLES[String(node.format)];
      if (formatted) return formatted;
      const s = 'sample'.padEnd(Number(node.minLength ?? 0), 'x');
      return typeof node.maxLength === 'number' ? s.slice(0, node.maxLength) : s;
    }
    case 'array': {
      if (depth > MAX_DEPTH) return [];
      const item = sample(ptr(pointer, 'items'), depth + 1);
      return Array.from({ length: Math.max(1, Number(node.minItems ?? 1)) }, () => item);
    }
    case 'object': {
      // Fill every declared property for realistic fixtures; deep down only the required ones.
      const props = isObj(node.properties) ? Object.keys(node.properties) : [];
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      return Object.fromEntries(
        props
          .filter((k) => depth < MAX_DEPTH || required.has(k))
          .map((k) => [k, sample(ptr(pointer, 'properties', k), depth + 1)]),
      );
    }
    default:
      return undefined;
  }
}

function sample(pointer: string, depth = 0): unknown {
  const node = (at(pointer) ?? {}) as Obj;
  if (typeof node.$ref === 'string') {
    return node.$ref === PAGINATION_META ? { ...SAMPLE_META } : sample(node.$ref, depth);
  }
  if ('const' in node) return node.const;
  // Examples are used for scalars and scalar arrays only, and only if they validate. Object examples
  // are skipped so every declared property is generated and lists keep exactly one item.
  const ex = node.example;
  const scalarish = !isObj(ex) && !(Array.isArray(ex) && (ex.length === 0 || ex.some(isObj)));
  if ('example' in node && scalarish && validator(pointer)(ex)) return ex;

  const own = sampleOwn(node, pointer, depth);
  const key = Array.isArray(node.oneOf) ? 'oneOf' : Array.isArray(node.anyOf) ? 'anyOf' : undefined;
  if (key) {
    const disc = node.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    let candidate: unknown;
    // Take the first branch whose sample satisfies the whole node (e.g. anyOf [X, null] gives an X).
    for (const [i, branch] of (node[key] as Obj[]).entries()) {
      candidate = merge(sample(ptr(pointer, key, i), depth), own);
      // Keep the discriminator value consistent with the mapping entry that points at this branch.
      const tag = Object.entries(disc?.mapping ?? {}).find(([, ref]) => ref === branch.$ref)?.[0];
      if (disc && tag && isObj(candidate)) candidate = { ...candidate, [disc.propertyName]: tag };
      if (validator(pointer)(candidate)) return candidate;
    }
    return candidate;
  }
  if (Array.isArray(node.allOf)) {
    return node.allOf.reduce<unknown>(
      (acc, _, i) => merge(acc, sample(ptr(pointer, 'allOf', i), depth)),
      own,
    );
  }
  return own ?? null;
}

/**
 * A small response that validateResponse accepts, for the operation's first 2xx response: JSON built
 * from the schema (paginated lists get one item and meta {1, 20, 1, 1}), a tiny PDF Buffer for
 * application/pdf, and no body for 204.
 */
export function sampleResponse(operationId: string): {
  status: number;
  contentType?: string;
  body?: unknown | Buffer;
} {
  const op = operationById(operationId);
  if (!op) throw new Error(`unknown operationId ${operationId}`);
  const code = Object.keys(at(ptr(op.pointer, 'responses')) as Obj).find((c) => /^2\d\d$/.test(c));
  if (!code) throw new Error(`${operationId} declares no 2xx response`);
  const status = Number(code);
  const rPointer = follow(ptr(op.pointer, 'responses', code));
  const [contentType] = Object.keys((at(rPointer) as WithContent).content ?? {});
  if (!contentType) return { status };
  if (!isJson(contentType))
    return { status, contentType, body: contentType === 'application/pdf' ? Buffer.from(SAMPLE_PDF) : '' };
  return { status, contentType, body: sample(ptr(rPointer, 'content', contentType, 'schema')) };
}
