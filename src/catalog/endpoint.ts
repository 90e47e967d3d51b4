import { z } from 'zod';

/** How the API answers (`list` = `data[]`, paginated when it has `meta`), and so how the result is shaped. */
export type ResponseKind = 'json' | 'list' | 'empty' | 'pdf' | 'file';

/** Named groups of tools (used by profiles); every entry belongs to one. */
export type Toolset =
  | 'portability'
  | 'orders'
  | 'numbers'
  | 'documents'
  | 'verification'
  | 'loa'
  | 'events'
  | 'reports';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Effect of a tool, from which MCP annotations are derived:
 * read = no change; write = additive or update; destructive = delete, cancel, submit, activate, send.
 */
export type Effect = 'read' | 'write' | 'destructive';

/** One Telnyx operation as data. The generic code turns it into a tool and a request. */
export interface Endpoint {
  name: string;
  title: string;
  description: string;
  method: HttpMethod;
  /** Path template; `{x}` placeholders are input properties of the same name. */
  path: string;
  operationId: string;
  toolset: Toolset;
  effect: Effect;
  /** Repeating the call with the same arguments has no further effect (writes only). */
  idempotent?: boolean;
  input: z.ZodObject;
  /** Input properties sent as query parameters; `page_number`, `page_size`, `filter`, `sort` always are. */
  query?: readonly string[];
  /** The operation takes a JSON body: every input property not in the path or query goes there. */
  body?: boolean;
  kind: ResponseKind;
  /** The list may also be had as CSV (input `format: "csv"`). */
  csv?: boolean;
  /** The tool takes `fields`; these are returned when it is omitted (undefined = all). */
  defaultFields?: readonly string[];
  /**
   * A file upload: the input names exactly one source (path, url or base64 content) and the tool
   * layer reads local paths only inside the allowed directories (src/files/).
   */
  upload?: boolean;
  /** Arguments allowed past the generic string bound, each with its own cap (a file as base64). */
  longStrings?: Readonly<Record<string, number>>;
  /** Said with every success result (in the text and as `note`): what the answer is for. */
  note?: string;
  /**
   * List filters the current spec lost (NOTES §8.4), sent in their last documented form: one value as
   * `filter[k]=v` ('eq': `filter[k][eq]=v`), several as `filter[k][in][]=a&filter[k][in][]=b`.
   */
  lostFilters?: Readonly<Record<string, 'plain' | 'eq'>>;
  /** List items get `number_type_derived` (toll-free, mobile...), read from the number itself. */
  deriveNumberType?: boolean;
  /**
   * Long lists of this input are sent in chunks of `size`, with progress (e.g. portability checks);
   * a call with more than `max` items is refused with a request to split it.
   */
  chunk?: { field: string; size: number; max: number };
}

// ---- shared schema pieces -------------------------------------------------------------------------

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Accepts what Date.parse accepts of an ISO 8601 date-time with a zone (Z or ±hh:mm).
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export const E164_RE = /^\+[1-9]\d{1,14}$/;

// zod's own uuid/datetime/email checks emit long regexes into the JSON Schema (tokens on every turn);
// a refinement keeps the check and `format` alone tells the model the shape.
export const uuid = (description?: string) =>
  z
    .string()
    .refine(
      (v) => v.length === 36 && UUID_RE.test(v),
      'must be a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6',
    )
    .meta(description ? { format: 'uuid', description } : { format: 'uuid' });

export const dateTime = (description?: string) =>
  z
    .string()
    .refine(
      (v) => v.length <= 40 && DATE_TIME_RE.test(v) && !Number.isNaN(Date.parse(v)),
      'must be an ISO 8601 date-time with a zone, like 2026-03-19T10:00:00Z',
    )
    .meta(description ? { format: 'date-time', description } : { format: 'date-time' });

/** Schemas made by `e164()`: the tool layer finds them to normalise what people type (src/mcp/phones.ts). */
export const PHONE_SCHEMAS = new WeakSet<z.ZodType>();

/**
 * A phone number. People write them many ways; the tool layer rewrites common formats to E.164 before
 * validation, so the schema shows no pattern (it would make a model refuse "(303) 555-0000").
 */
export const e164 = (description?: string, pattern = E164_RE) => {
  const base = z
    .string()
    .refine(
      (v) => v.length <= 16 && pattern.test(v),
      'must be a phone number with its country code, e.g. +13035550000',
    );
  const schema = description ? base.describe(description) : base;
  PHONE_SCHEMAS.add(schema);
  return schema;
};

/** For tools taking numbers: the country of numbers written without a country code. */
export const country = () =>
  z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US')
    .toUpperCase()
    .optional()
    .describe('ISO country of numbers written without +');

/** local@domain.tld: one @, no spaces, a dot inside the domain; at most 254 characters (RFC 5321). Linear, no pattern. */
export function isEmail(v: string): boolean {
  if (v.length > 254) return false;
  const at = v.indexOf('@');
  if (at < 1 || at !== v.lastIndexOf('@')) return false;
  if (/\s/.test(v)) return false;
  const dot = v.lastIndexOf('.');
  return dot > at + 1 && dot < v.length - 1;
}

export const email = () => z.string().refine(isEmail, 'must be an email address').meta({ format: 'email' });

/**
 * A path id the spec types as free text (action requirements): letters, digits and . _ : - only,
 * starting with a letter or digit, at most 128 characters, so it can only ever be one path segment.
 */
export const SAFE_ID_RE = /^[A-Za-z0-9][\w.:-]*$/;
export const pathId = (description: string) =>
  z
    .string()
    .refine(
      (v) => v.length <= 128 && SAFE_ID_RE.test(v),
      'must be an id as the API returned it (letters, digits, . _ : -)',
    )
    .describe(description);

/** Porting order id: the path parameter of every per-order tool; its name and format say it all. */
export const orderId = () => uuid();

export const ORDER_STATUSES = [
  'draft',
  'in-process',
  'submitted',
  'exception',
  'foc-date-confirmed',
  'cancel-pending',
  'ported',
  'cancelled',
] as const;

export const ACTIVATION_STATUSES = [
  'New',
  'Pending',
  'Conflict',
  'Cancel Pending',
  'Failed',
  'Concurred',
  'Activate RDY',
  'Disconnect Pending',
  'Concurrence Sent',
  'Old',
  'Sending',
  'Active',
  'Cancelled',
] as const;

export const PORTABILITY_STATUSES = ['pending', 'confirmed', 'provisional'] as const;

/**
 * page[number] and page[size] as the Claude API allows property names. An omitted value is not sent,
 * so the API's default (20 per page) applies; the server instructions say so once for every list.
 */
export const page = {
  // Lower bounds are checked in code, not shown: every list has them, and 1 is what a model sends anyway.
  page_number: z
    .int()
    .refine((n) => n >= 1, 'must be >= 1')
    .optional(),
  // 1 to 250, checked in code: the server instructions say so once for every list (tokens).
  page_size: z
    .int()
    .refine((n) => n >= 1 && n <= 250, 'must be from 1 to 250')
    .optional(),
  /** Ours, not the API's: the next_cursor of a previous result (it carries filters and position). */
  cursor: z.string().optional(),
};

/** Ours: which top-level fields of each item to return (the API always sends all). */
export const fields = (defaults: string) =>
  z
    .array(z.string())
    .optional()
    .describe(`Fields per item (id always); default ${defaults}; ["all"] = every field`);

/** sort[value]; the enum shows the `-` (descending) variants. The API's default is newest first. */
export const sort = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional();

export const CREATED_SORT = ['created_at', '-created_at'] as const;

/**
 * A list filter, sent comma-joined as the official SDK sends the spec's array filters, or as `[in][]`
 * where the spec lost the filter (`Endpoint.lostFilters`). One list type keeps the schema half the size
 * of `string | string[]`, and a 1-item list says the same.
 * An empty list is simply not sent, so it needs no minItems (130 tokens over the catalog).
 */
export const many = <T extends z.ZodType>(item: T) => z.array(item);

/** A list a request body needs at least one item of. */
export const atLeastOne = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/**
 * A required text that must not be empty. Checked in code, not by `minLength` in the schema: the
 * model sends real values anyway, and the keyword costs tokens on every turn.
 */
export const text = () => z.string().refine((v) => v.trim().length > 0, 'must not be empty');
