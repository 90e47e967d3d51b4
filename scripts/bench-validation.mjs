// Worst validation time per string field of every tool, with adversarial values at the field's cap
// (and just over it); each value's time is the best of 3 runs. Runs the same steps the runner takes before any request: bounds, unknown keys,
// phone normalisation, the zod schema, the error text. Prints numbers; asserts nothing.
// Usage: npm run build && node scripts/bench-validation.mjs
import { performance } from 'node:perf_hooks';
import { catalog } from '../dist/catalog/index.js';
import { boundProblems, MAX_STRING } from '../dist/mcp/input-bounds.js';
import { describeIssues } from '../dist/mcp/input-errors.js';
import { normalizePhones, phonePaths } from '../dist/mcp/phones.js';
import { toolDefinition, toolInput } from '../dist/mcp/tools.js';
import { unknownKeys } from '../dist/mcp/unknown-keys.js';

/** Values built to make a backtracking pattern or a naive parser work hard. */
const adversarial = (n) => [
  `a@${'.'.repeat(Math.max(0, n - 3))}@`,
  `${'a@'.repeat(Math.floor(n / 2))}`,
  '<'.repeat(n),
  `+${'1'.repeat(n - 1)}`,
  `${'0'.repeat(n - 1)}!`,
  `${'-'.repeat(n - 1)}x`,
  `2026-01-01T00:00${':0'.repeat(Math.floor((n - 16) / 2))}`,
  `${'a'.repeat(n - 1)} `,
  `${'\t'.repeat(n - 1)}a`,
];

/** Paths (a.b[0].c) of every string in a JSON Schema, with a sample object to put the value at. */
function stringPaths(schema, path = []) {
  if (!schema || typeof schema !== 'object') return [];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.flatMap((b) => stringPaths(b, path));
  const types = [schema.type ?? []].flat();
  if (types.includes('string')) return [path];
  if (types.includes('array') && schema.items) return stringPaths(schema.items, [...path, 0]);
  if (schema.properties)
    return Object.entries(schema.properties).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function place(path, value) {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [place(rest, value)] : { [head]: place(rest, value) };
}

async function validate(endpoint, args) {
  const schema = toolInput(endpoint);
  const bounds = boundProblems(args);
  if (bounds.length) return bounds;
  const unknown = unknownKeys(toolDefinition(endpoint).inputSchema, args);
  const phones = phonePaths(schema);
  const normalized = phones.length
    ? await normalizePhones(args, phones, 'US')
    : { input: args, problems: [] };
  const parsed = schema.safeParse(normalized.input);
  return parsed.success ? unknown : describeIssues(parsed.error.issues, normalized.input);
}

// One warm-up pass (lazy imports, JIT) so the figures are steady-state worst cases.
for (const endpoint of catalog)
  for (const path of stringPaths(toolDefinition(endpoint).inputSchema))
    for (const value of adversarial(MAX_STRING)) await validate(endpoint, place(path, value));

let worst = { ms: 0 };
let fields = 0;
const rows = [];
for (const endpoint of catalog) {
  for (const path of stringPaths(toolDefinition(endpoint).inputSchema)) {
    fields++;
    let fieldWorst = 0;
    for (const n of [MAX_STRING, MAX_STRING + 1]) {
      for (const value of adversarial(n)) {
        const args = place(path, value);
        // Best of 3: the machine is shared, and a GC pause or a busy core says nothing about the input.
        let ms = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          await validate(endpoint, args);
          ms = Math.min(ms, performance.now() - start);
        }
        if (ms > fieldWorst) fieldWorst = ms;
        if (ms > worst.ms)
          worst = {
            ms,
            tool: endpoint.name,
            field: path.join('.'),
            value: `${value.slice(0, 12)}… (${value.length})`,
          };
      }
    }
    rows.push({ field: `${endpoint.name} ${path.join('.')}`, ms: fieldWorst });
  }
}
rows.sort((a, b) => b.ms - a.ms);
console.log(`string fields: ${fields}, cap ${MAX_STRING} characters; slowest 10:`);
for (const r of rows.slice(0, 10)) console.log(`  ${r.ms.toFixed(2).padStart(7)} ms  ${r.field}`);
console.log(`worst validation: ${worst.ms.toFixed(2)} ms (${worst.tool} ${worst.field}, ${worst.value})`);

// The error excerpt of a hostile upstream body (it reads at most the first 64 KiB).
const { excerpt } = await import('../dist/telnyx/errors.js');
for (const [name, body] of [
  ['150,000 "<"', '<'.repeat(150_000)],
  ['20,000 "<script"', '<script'.repeat(20_000)],
  ['"<a" + 1 MB + ">"', `<a${'x'.repeat(1_000_000)}>`],
]) {
  const start = performance.now();
  excerpt(body);
  console.log(`error excerpt of ${name}: ${(performance.now() - start).toFixed(2)} ms`);
}
