import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/telnyx/client.js';
import { encodeQuery } from '../../src/telnyx/query.js';

describe('deepObject query encoding', () => {
  it('nests brackets, joins arrays with commas and percent-encodes values', () => {
    expect(
      encodeQuery({
        page: { number: 2, size: 50 },
        filter: { status: ['draft', 'in-process'], phone_numbers: { phone_number: { contains: '+1 303' } } },
        sort: { value: '-created_at' },
        include_phone_numbers: false,
      }),
    ).toBe(
      'page[number]=2&page[size]=50&filter[status]=draft,in-process&filter[phone_numbers][phone_number][contains]=%2B1%20303&sort[value]=-created_at&include_phone_numbers=false',
    );
  });

  it('sends a list under `in` as the older repeated [in][] form', () => {
    expect(encodeQuery({ filter: { status: { in: ['draft', 'in-process'] }, key: { eq: 'sr_1' } } })).toBe(
      'filter[status][in][]=draft&filter[status][in][]=in-process&filter[key][eq]=sr_1',
    );
  });

  it('skips undefined, null and empty lists', () => {
    expect(encodeQuery({ page: { number: undefined, size: 5 }, filter: { a: null, b: [] } })).toBe(
      'page[size]=5',
    );
    expect(encodeQuery({})).toBe('');
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(['3', '9'], now)).toBe(3);
  });
});
