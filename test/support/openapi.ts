/**
 * Test-side contract helpers: the validators live in src/sandbox/contract.ts (the sandbox uses them
 * too); this adds sampleResponse, a small spec-valid success response for any operation.
 */
import {
  at,
  follow,
  isJson,
  isObj,
  MAX_DEPTH,
  type Obj,
  operationById,
  PAGINATION_META,
  ptr,
  validator,
  type WithContent,
} from '../../src/sandbox/contract.js';

export {
  loadSpec,
  SPEC_PATH,
  specOperations,
  validateRequest,
  validateResponse,
} from '../../src/sandbox/contract.js';

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
