import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { buildRequest, pathParams } from '../../src/catalog/request.js';
import { TelnyxClient } from '../../src/telnyx/client.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { json, type Loopback, type RecordedRequest, startLoopback } from '../support/loopback.js';
import { connect } from '../support/mcp.js';
import { loadSpec, specOperations } from '../support/openapi.js';

type Node = Record<string, unknown>;
/** The `format` the OpenAPI file gives a path parameter of an operation (after $refs), if any. */
function specFormat(operationId: string, name: string): string | undefined {
  const found = specOperations().find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no spec operation ${operationId}`);
  const { path, method } = found;
  const spec = loadSpec() as unknown as Node;
  const resolve = (n: Node): Node => {
    let node = n;
    while (typeof node.$ref === 'string') {
      node = (node.$ref as string)
        .slice(2)
        .split('/')
        .reduce<Node>((acc, key) => acc[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Node, spec);
    }
    return node;
  };
  const item = (spec.paths as Node)[path] as Node;
  const op = item[method.toLowerCase()] as Node;
  const params = [...((item.parameters as Node[]) ?? []), ...((op.parameters as Node[]) ?? [])].map(resolve);
  const param = params.find((p) => p.name === name && p.in === 'path');
  return param ? (resolve((param.schema ?? {}) as Node).format as string | undefined) : undefined;
}

/** Ids an attacker (or a confused model) might try in place of a real one. */
const HOSTILE = [
  '',
  '.',
  '..',
  '../comments',
  '../../comments',
  '..%2Fcomments',
  '%2e%2e',
  '%2E%2E%2F',
  '%252e%252e',
  'a/b',
  'a\\b',
  'a?page[size]=250',
  'a#b',
  'a\r\nX-Injected: 1',
  'a\u0000b',
  '\u2024\u2024',
  '\uff0e\uff0e',
  '\u3002\u3002',
  ' ..',
  'x'.repeat(100_000),
  '3fa85f64-5717-4562-b3fc-2c963f66afa6/..',
  '3fa85f64-5717-4562-b3fc-2c963f66afa6%2F..',
];

/**
 * The oracle, independent of our code: a request is inside the porting API when its path matches a
 * path template of the OpenAPI file segment by segment, with every parameter one plain segment.
 */
function insideSpec(request: RecordedRequest): boolean {
  const path = request.url.split('?')[0] as string;
  const segments = path.split('/');
  return specOperations().some((op) => {
    if (op.method !== request.method) return false;
    const template = op.path.split('/');
    if (template.length !== segments.length) return false;
    return template.every((part, i) => {
      const segment = segments[i] as string;
      if (!part.startsWith('{')) return part === segment;
      let value: string;
      try {
        value = decodeURIComponent(segment);
      } catch {
        return false;
      }
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
      return value !== '' && value !== '.' && value !== '..' && !/[/?#%\\\u0000-\u001f]/.test(value);
    });
  });
}

describe('confinement: no id can take a request outside the porting API', () => {
  let api: Loopback;
  let mcp: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    api = await startLoopback((_req, res) => json(res, 200, { data: [] }));
    mcp = await connect({ baseUrl: api.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await mcp.close();
    await api.close();
  });
  beforeEach(() => {
    api.requests.length = 0;
  });

  it('every tool refuses every hostile path id before sending anything', async () => {
    let calls = 0;
    for (const endpoint of catalog) {
      for (const param of pathParams(endpoint.path)) {
        for (const id of HOSTILE) {
          const result = await mcp.call(endpoint.name, { ...toolArgs[endpoint.name], [param]: id });
          expect(result.isError, `${endpoint.name} ${param}=${JSON.stringify(id.slice(0, 40))}`).toBe(true);
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(api.requests.filter((r) => !insideSpec(r))).toEqual([]);
    expect(api.requests).toEqual([]);
  });

  it('every resource template refuses every hostile id, raw and percent-encoded', async () => {
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates.length).toBeGreaterThan(10);
    let reads = 0;
    for (const { uriTemplate } of resourceTemplates) {
      for (const id of HOSTILE) {
        for (const value of [id, encodeURIComponent(id)]) {
          const uri = uriTemplate.replace(/\{\w+\}/, value);
          const outcome = await mcp.client.readResource({ uri }).then(
            () => 'read',
            (e: Error) => e.message,
          );
          expect(outcome, uri.slice(0, 120)).not.toBe('read');
          reads++;
        }
      }
    }
    expect(reads).toBeGreaterThan(500);
    expect(api.requests.filter((r) => !insideSpec(r))).toEqual([]);
    expect(api.requests).toEqual([]);
    // The control: a real id is read, with a request inside the spec.
    await mcp.client.readResource({
      uri: 'telnyx-porting://porting-orders/3fa85f64-5717-4562-b3fc-2c963f66afa6',
    });
    expect(api.requests.map((r) => r.url)).toEqual(['/porting_orders/3fa85f64-5717-4562-b3fc-2c963f66afa6']);
    expect(api.requests.every(insideSpec)).toBe(true);
  });

  it('the request builder refuses unsafe segments whatever the schema allowed', () => {
    const entry = catalog.find((e) => e.name === 'order_action_requirement_initiate');
    if (!entry) throw new Error('missing entry');
    for (const id of ['', '.', '..', 'a/b', 'a?b', 'a#b', 'a%2e', 'a\nb', 'a\u0085b']) {
      expect(() => buildRequest(entry, { porting_order_id: 'x', id, params: {} }), id).toThrow(/Refused/);
    }
  });

  it('the HTTP client sends nothing that matches no catalog operation, even when asked directly', async () => {
    const client = new TelnyxClient({
      baseUrl: api.url,
      apiKey: 'KEY_test_confinement',
      userAgent: 'test',
      timeoutMs: 2000,
      maxRetries: 0,
    });
    const before = api.requests.length;
    const bad = [
      { method: 'GET', path: '/comments' },
      { method: 'GET', path: '/' },
      { method: 'POST', path: '/initiate' },
      { method: 'GET', path: '/porting/preview' },
      { method: 'DELETE', path: '/porting_orders' },
      { method: 'GET', path: '/porting_orders/%2e%2e/comments' },
      { method: 'GET', path: '/porting_orders/a%2Fb' },
    ] as const;
    for (const { method, path } of bad) {
      await expect(
        client.send({ method, path, query: {}, accept: 'application/json' }),
        `${method} ${path}`,
      ).rejects.toThrow(/matches no operation/);
    }
    // A schema bypassed: the entry's own path with a dot segment.
    const get = catalog.find((e) => e.name === 'order_get');
    if (!get) throw new Error('missing entry');
    await expect(client.request(get, { porting_order_id: '..' })).rejects.toThrow(/Refused/);
    // And a real operation still goes out.
    await client.send({ method: 'GET', path: '/porting_orders', query: {}, accept: 'application/json' });
    expect(api.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /porting_orders']);
    await client.close();
  });

  it('path ids the spec types as UUID are validated as UUIDs by the tool schema', () => {
    let uuids = 0;
    for (const endpoint of catalog) {
      for (const param of pathParams(endpoint.path)) {
        const schema = endpoint.input.shape[param];
        expect(schema, `${endpoint.name}.${param}`).toBeDefined();
        if (specFormat(endpoint.operationId, param) === 'uuid') {
          uuids++;
          expect(schema?.safeParse('not-a-uuid').success, `${endpoint.name}.${param}`).toBe(false);
          expect(schema?.safeParse('3fa85f64-5717-4562-b3fc-2c963f66afa6').success).toBe(true);
        }
        // Whatever the spec says, a dot segment never validates.
        expect(schema?.safeParse('..').success, `${endpoint.name}.${param}`).toBe(false);
      }
    }
    expect(uuids).toBeGreaterThanOrEqual(20);
  });
});
