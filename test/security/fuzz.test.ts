import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

/** Arbitrary JSON values, shallow enough to keep runs quick. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('property-based fuzzing of every tool input', () => {
  let api: Loopback;
  let mcp: Awaited<ReturnType<typeof connect>>;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    api = await startLoopback((_req, res) => res.writeHead(500).end());
    mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await mcp.close();
    await api.close();
  });

  for (const endpoint of catalog) {
    it(`${endpoint.name}: no crash, and no HTTP request for an input it refused`, async () => {
      const known = Object.keys(toolArgs[endpoint.name] ?? {});
      // Mutations of a valid call (a field replaced by anything) and wholly arbitrary objects.
      const mutated = fc
        .record({ key: fc.constantFrom(...(known.length ? known : ['x'])), value: json })
        .map(({ key, value }) => ({ ...toolArgs[endpoint.name], [key]: value }));
      const arbitrary = fc.dictionary(fc.string({ maxLength: 20 }), json, { maxKeys: 5 });
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutated, arbitrary), async (args) => {
          const before = api.requests.length;
          const result = await mcp.call(endpoint.name, args as Record<string, unknown>);
          expect(result.content.length).toBeGreaterThan(0);
          const text = textOf(result);
          if (/^Invalid arguments/.test(text)) expect(api.requests.length).toBe(before);
          else if (/^Confirmation needed/.test(text)) {
            // Asking for confirmation may read the order to describe it, but never changes anything.
            expect(api.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
          } else expect(result.isError ? text : 'sent').toMatch(/^Telnyx API call failed|^sent$/);
        }),
        { numRuns: 25, seed: 42 },
      );
      expect(unhandled).toEqual([]);
    });
  }
});
