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
 * The JSON Schema a client sees for a tool's input: zod's own conversion (the one the SDK uses),
 * without `$schema` (2020-12 is MCP's default dialect) and without meaningless integer bounds.
 * Objects carry no `additionalProperties: false` (it would cost ~5 tokens per object on every turn);
 * unknown keys are refused at call time instead (unknown-keys.ts).
 */
export function inputJsonSchema(schema: z.ZodObject): Json {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Json;
  delete json.$schema;
  dropSafeIntBounds(json);
  return json;
}
