type Json = Record<string, unknown>;

/**
 * Paths of argument keys the tool's JSON Schema does not name, at any depth. zod would silently drop
 * them (a misspelt filter would then return everything), so they are refused before anything is sent.
 * Walking the served schema, not the zod tree, keeps the check equal to what the model was shown.
 * Own properties only: `constructor` or `__proto__` are unknown keys, not inherited members.
 */
export function unknownKeys(schema: unknown, value: unknown, path = ''): string[] {
  if (!schema || typeof schema !== 'object' || value === null || typeof value !== 'object') return [];
  const s = schema as Json;
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (branches) {
    // The value matches some branch; report only what no branch knows.
    const found = branches.map((b) => unknownKeys(b, value, path));
    return found.reduce((common, keys) => common.filter((k) => keys.includes(k)));
  }
  if (Array.isArray(value)) {
    return s.items ? value.flatMap((item, i) => unknownKeys(s.items, item, `${path}[${i}]`)) : [];
  }
  const properties = s.properties as Json | undefined;
  if (!properties) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path ? `${path}.${key}` : key;
    return Object.hasOwn(properties, key) ? unknownKeys(properties[key], v, at) : [at];
  });
}
