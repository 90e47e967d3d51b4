import { describe, expect, it } from 'vitest';
import { loadSpec, sampleResponse, specOperations, validateRequest, validateResponse } from './openapi.js';

const ORDER = 'f3575e15-32ce-400e-a4c0-dd78800c20b0';
const JSON_HEADERS = { accept: 'application/json', authorization: 'Bearer KEY_test' };
const POST_HEADERS = { ...JSON_HEADERS, 'content-type': 'application/json' };

const ok = (method: string, url: string, body?: unknown, headers: Record<string, string> = POST_HEADERS) =>
  validateRequest({ method, url, headers, body: body === undefined ? undefined : JSON.stringify(body) });

describe('spec index', () => {
  it('lists all 62 operations (54 porting + 8 documents) with upper-case methods', () => {
    const ops = specOperations();
    expect(ops).toHaveLength(62);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(62);
    expect(new Set(ops.map((o) => o.path)).size).toBe(45);
    expect(ops.every((o) => /^(GET|POST|PATCH|DELETE)$/.test(o.method))).toBe(true);
    expect(loadSpec().openapi).toBe('3.1.0');
  });
});

describe('sampleResponse / validateResponse', () => {
  it.each(specOperations().map((o) => o.operationId))('%s: the sample is valid', (operationId) => {
    const sample = sampleResponse(operationId);
    expect(sample.status).toBeGreaterThanOrEqual(200);
    expect(sample.status).toBeLessThan(300);
    expect(validateResponse(operationId, sample.status, sample.contentType, sample.body)).toEqual([]);
    // Also valid after a JSON round trip, as a client would see it.
    if (sample.contentType === 'application/json') {
      expect(
        validateResponse(operationId, sample.status, sample.contentType, JSON.stringify(sample.body)),
      ).toEqual([]);
    }
  });

  it('builds paginated lists, PDFs, 204s and discriminated events', () => {
    const list = sampleResponse('ListPortingOrders');
    expect(list.body).toMatchObject({
      data: [expect.objectContaining({ id: expect.any(String) })],
      meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 },
    });
    expect((list.body as { data: unknown[] }).data).toHaveLength(1);

    const pdf = sampleResponse('GetPortingOrderLoaTemplate');
    expect(pdf.contentType).toBe('application/pdf');
    expect(Buffer.isBuffer(pdf.body) && pdf.body.subarray(0, 8).toString()).toBe('%PDF-1.4');

    expect(sampleResponse('DeletePortingOrder')).toEqual({ status: 204 });
    expect(sampleResponse('ActivatePortingOrder').status).toBe(202);

    const event = (sampleResponse('showPortingEvent').body as { data: Record<string, unknown> }).data;
    expect(event.event_type).toBe('porting_order.deleted');
  });

  it('rejects bad responses', () => {
    expect(validateResponse('GetPortingOrder', 200, 'application/json', { data: { id: 'nope' } })).toEqual([
      'response 200 body /data/id: must match format "uuid"',
    ]);
    expect(validateResponse('GetPortingOrder', 200, 'text/html', '<html>')).toHaveLength(1);
    expect(validateResponse('GetPortingOrder', 200, 'application/json', '<html>')).toEqual([
      'body: not valid JSON',
    ]);
    expect(validateResponse('GetPortingOrder', 418, 'application/json', {})[0]).toMatch(
      /418 is not declared/,
    );
    expect(validateResponse('DeletePortingOrder', 204, undefined, '{}')).toHaveLength(1);
    // Error statuses declare no content: only the status is checked.
    expect(validateResponse('GetPortingOrder', 401, 'application/json', { errors: [] })).toEqual([]);
  });
});

describe('validateRequest accepts', () => {
  it.each([
    [
      'GET',
      '/porting_orders?page[number]=2&page[size]=250&filter[misc][type]=full&include_phone_numbers=false',
    ],
    [
      'GET',
      '/v2/porting_orders?filter[activation_settings][foc_datetime_requested][gt]=2021-03-25T10:00:00.000Z',
    ],
    ['GET', '/porting_orders?sort%5Bvalue%5D=-created_at&filter%5Bphone_numbers%5D%5Bcountry_code%5D=US'],
    ['GET', `/porting_orders/${ORDER}/phone_number_blocks?filter[status]=draft,submitted&filter[status2]=x`],
    ['GET', `/porting_orders/${ORDER}/phone_number_blocks?filter[porting_order_id]=${ORDER},${ORDER}`],
    ['GET', `/porting_phone_numbers?filter[porting_order_id]=${ORDER}`], // filter the spec lost: allowed
    ['GET', `/porting_orders/${ORDER}/verification_codes?filter[verified]=true`],
  ])('%s %s', (method, url) => {
    expect(ok(method, url, undefined, JSON_HEADERS).errors).toEqual([]);
  });

  it('routes literal segments before templated ones', () => {
    expect(ok('GET', '/porting_orders/exception_types', undefined, JSON_HEADERS)).toEqual({
      operationId: 'ListExceptionTypes',
      errors: [],
    });
    expect(ok('GET', `/porting_orders/${ORDER}`, undefined, JSON_HEADERS).operationId).toBe(
      'GetPortingOrder',
    );
  });

  it('bodies, PDFs and 204s', () => {
    expect(ok('POST', '/porting_orders', { phone_numbers: ['+13035550000'] }).errors).toEqual([]);
    expect(
      ok('POST', `/porting_orders/${ORDER}/actions/share`, { permissions: 'porting_order.document.read' }),
    ).toEqual({
      operationId: 'SharePortingOrder',
      errors: [],
    });
    const pdf = { accept: 'application/pdf', authorization: 'Bearer k' };
    expect(
      ok('GET', `/porting_orders/${ORDER}/loa_template?loa_configuration_id=${ORDER}`, undefined, pdf).errors,
    ).toEqual([]);
    // 204-only: any Accept; a stray content-type without a body is tolerated.
    expect(ok('DELETE', `/porting_orders/${ORDER}`, undefined, POST_HEADERS).errors).toEqual([]);
    // Optional request body may be omitted.
    expect(ok('POST', `/porting_orders/${ORDER}/verification_codes/send`).errors).toEqual([]);
  });
});

describe('validateRequest rejects', () => {
  const errorsOf = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    ok(method, url, body, headers ?? (body === undefined ? JSON_HEADERS : POST_HEADERS)).errors;

  it('unknown paths and methods', () => {
    expect(errorsOf('GET', '/porting_orderz')).toEqual(['path: no operation matches /porting_orderz']);
    expect(errorsOf('PUT', `/porting_orders/${ORDER}`)[0]).toMatch(/PUT .* is not declared/);
  });

  it('a bad uuid in the path', () => {
    expect(errorsOf('GET', '/porting_orders/not-a-uuid')).toEqual(['path id: must match format "uuid"']);
  });

  it('page[size]=500 and other bad query values', () => {
    expect(errorsOf('GET', '/porting_orders?page[size]=500')).toEqual(['query page[size]: must be <= 250']);
    expect(errorsOf('GET', '/porting_orders?page[number]=two')).toEqual([
      'query page[number]: must be integer',
    ]);
    expect(
      errorsOf('GET', `/porting_orders/${ORDER}/phone_number_blocks?filter[status]=draft,bogus`),
    ).toContain(
      'query filter[status][1]: must be equal to one of the allowed values ["draft","in-process","submitted","exception","foc-date-confirmed","cancel-pending","ported","cancelled"]',
    );
    expect(errorsOf('GET', '/porting_orders?page=2')).toEqual(['query page: must be object']);
  });

  it('unknown top-level query parameters', () => {
    expect(errorsOf('GET', '/porting_orders?limit=10')).toEqual([
      'query limit: not a declared parameter of ListPortingOrders',
    ]);
  });

  it('a body on operations without requestBody', () => {
    expect(errorsOf('GET', `/porting_orders/${ORDER}`, {})).toEqual([
      'body: GetPortingOrder declares no request body, but 2 bytes were sent',
    ]);
    expect(errorsOf('DELETE', `/porting_orders/${ORDER}`, {})).toHaveLength(1);
    expect(errorsOf('POST', `/porting_orders/${ORDER}/actions/confirm`, {})).toHaveLength(1);
  });

  it('bodies that break the schema', () => {
    expect(errorsOf('POST', '/porting_orders', { customer_reference: 'x' })).toEqual([
      "body /: must have required property 'phone_numbers'",
    ]);
    expect(errorsOf('POST', '/porting_orders')).toEqual(['body: required by CreatePortingOrder but missing']);
    expect(errorsOf('POST', `/porting_orders/${ORDER}/actions/share`, { permissions: 'delete' })).toEqual([
      'body /permissions: must be equal to one of the allowed values ["porting_order.document.read","porting_order.document.update"]',
    ]);
    expect(
      errorsOf(
        'POST',
        '/porting_orders',
        { phone_numbers: [] },
        { ...JSON_HEADERS, 'content-type': 'text/plain' },
      ),
    ).toEqual(['content-type: text/plain is not one of application/json']);
  });

  it('wrong accept and authorization headers', () => {
    expect(errorsOf('GET', `/porting_orders/${ORDER}/loa_template`)).toEqual([
      'accept: "application/json" matches none of GetPortingOrderLoaTemplate\'s success types (application/pdf)',
    ]);
    expect(errorsOf('GET', '/porting_orders', undefined, { authorization: 'Bearer k' })).toEqual([
      'accept: header is missing',
    ]);
    expect(
      errorsOf('GET', '/porting_orders', undefined, { accept: '*/*', authorization: 'Basic abc' }),
    ).toEqual(['authorization: must be "Bearer <token>"']);
  });
});
