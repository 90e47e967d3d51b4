import { z } from 'zod';

type Json = Record<string, unknown>;

const SAFE = Number.MAX_SAFE_INTEGER;

/** zod's `.int()` adds ±(2^53-1) bounds that tell the model nothing; drop them. */
function dropSafeIntBounds(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropSafeIntBounds(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.minimum === -SAFE) delete o.minimum;
  if (o.maximum === SAFE) delete o.maximum;
  for (const value of Object.values(o)) dropSafeIntBounds(value);
}

/**
 * Parts of an input shown to the model in a short form (e.g. "as order_update's end_user") while the
 * call is still validated against the whole schema: tokens on every turn for what another tool's
 * schema already says.
 */
const SHOWN_AS = new WeakMap<z.ZodType, { json: Json; refersTo: string }>();

/**
 * A copy of `schema` that tools/list shows as `json` wherever the tool `refersTo` (whose schema says
 * the rest) is served too; where it is not, the whole schema is shown. Validation is unchanged.
 */
export function shownAs<T extends z.ZodType>(schema: T, json: Json, refersTo: string): T {
  const copy = schema.meta({}) as T;
  SHOWN_AS.set(copy, { json, refersTo });
  return copy;
}

/** Which tools are served, for the short forms: 'full' shows every schema whole. */
export type Served = ReadonlySet<string> | 'full';

/**
 * The JSON Schema a client sees for a tool's input: zod's own conversion (the one the SDK uses),
 * without `$schema` (2020-12 is MCP's default dialect) and without meaningless integer bounds.
 * Objects carry no `additionalProperties: false` (it would cost ~5 tokens per object on every turn);
 * unknown keys are refused at call time instead (unknown-keys.ts), against the full schema.
 */
export function inputJsonSchema(schema: z.ZodObject, served: Served = 'full'): Json {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      const shown = SHOWN_AS.get(zodSchema as unknown as z.ZodType);
      if (!shown || served === 'full' || !served.has(shown.refersTo)) return;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Json)[key];
      Object.assign(jsonSchema, shown.json);
    },
  }) as Json;
  delete json.$schema;
  dropSafeIntBounds(json);
  return json;
}
