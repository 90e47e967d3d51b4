import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { GATE_ORDERS, startContractApi } from '../support/contract-api.js';
import type { Loopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';
import { specOperations } from '../support/openapi.js';

/**
 * Every tool is called once through the SDK Client; the loopback server checks each HTTP request
 * against the OpenAPI file and answers with a spec-valid sample for the operation it matched.
 */
describe('contract: 62 tools against the two OpenAPI files (porting, documents)', () => {
  let api: Loopback;
  let mcp: Awaited<ReturnType<typeof connect>>;
  let seen: Map<string, string[]>; // operationId -> request errors
  // Gates read the order first (src/mcp/gates.ts): it is answered as an order each step can act on.
  const orders = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    ({ api, errors: seen } = await startContractApi(orders));
    mcp = await connect({ baseUrl: api.url });
  });
  afterAll(async () => {
    await mcp.close();
    await api.close();
  });

  it('has one catalog entry per spec operation, with the same method and path', () => {
    const shape = (p: string) => p.replace(/\{\w+\}/g, '{}');
    const ours = catalog.map((e) => `${e.method} ${shape(e.path)} ${e.operationId}`).sort();
    const spec = specOperations()
      .map((o) => `${o.method} ${shape(o.path)} ${o.operationId}`)
      .sort();
    expect(ours).toEqual(spec);
    expect(new Set(catalog.map((e) => e.name)).size).toBe(62);
  });

  it('has example arguments for every tool and no others', () => {
    expect(Object.keys(toolArgs).sort()).toEqual(catalog.map((e) => e.name).sort());
  });

  for (const endpoint of catalog) {
    it(`${endpoint.name} sends a spec-valid ${endpoint.method} ${endpoint.path}`, async () => {
      const gated = GATE_ORDERS[endpoint.name];
      if (gated) orders.set('GetPortingOrder', gated);
      else orders.clear();
      const before = api.requests.length;
      const result = await mcp.call(endpoint.name, toolArgs[endpoint.name]);
      // One request, after the gate's read of the order for the gated steps.
      expect(api.requests.length - before, 'exactly one HTTP request').toBe(gated ? 2 : 1);
      expect(seen.get(endpoint.operationId), `request errors for ${endpoint.operationId}`).toEqual([]);
      expect(result.isError, textOf(result)).toBeFalsy();
      const sent = api.requests.at(-1);
      if (endpoint.kind === 'pdf') {
        expect(sent?.headers.accept).toBe('application/pdf');
        const blob = result.content.find((c) => c.type === 'resource');
        expect(blob?.type === 'resource' && blob.resource.mimeType).toBe('application/pdf');
      } else if (endpoint.kind === 'file') {
        expect(sent?.headers.accept).toBe('*/*');
        expect(result.content.some((c) => c.type === 'resource')).toBe(true);
      } else {
        expect(sent?.headers.accept).toBe('application/json');
      }
      if (endpoint.kind === 'json' || endpoint.kind === 'list') {
        expect(result.structuredContent).toHaveProperty('data');
        expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
      }
    });
  }

  it('reached all 62 operations', () => {
    expect([...seen.keys()].sort()).toEqual(
      specOperations()
        .map((o) => o.operationId)
        .sort(),
    );
    expect([...seen.values()].flat()).toEqual([]);
  });
});
