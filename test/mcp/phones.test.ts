import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '../../src/catalog/index.js';
import { phonePaths } from '../../src/mcp/phones.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

/** [as written, country, E.164 or the error it must get] */
const CASES: Array<[string, string | undefined, string | RegExp]> = [
  ['+13035550000', undefined, '+13035550000'],
  ['+1 303-555-0001', undefined, '+13035550001'],
  ['+1 (303) 555-0002', undefined, '+13035550002'],
  ['(303) 555-0003', 'US', '+13035550003'],
  ['303.555.0004', 'US', '+13035550004'],
  ['303-555-0005', 'US', '+13035550005'],
  ['1-303-555-0010', 'US', '+13035550010'],
  ['011 44 20 7946 0000', 'US', '+442079460000'],
  // a number that carries its own country needs no country
  ['011 44 20 7946 0005', undefined, '+442079460005'],
  ['1-800-555-0199', undefined, '+18005550199'],
  ['1 (303) 555-0012', undefined, '+13035550012'],
  ['+44 20 7946 0006', 'US', '+442079460006'],
  ['0044 20 7946 0001', undefined, '+442079460001'],
  ['00 44 20 7946 0002', undefined, '+442079460002'],
  ['+44 (0)20 7946 0003', undefined, '+442079460003'],
  ['020 7946 0004', 'GB', '+442079460004'],
  ['tel:+13035550011', undefined, '+13035550011'],
  ['+49 30 2449 9901', undefined, '+493024499901'],
  ['030 24499902', 'DE', '+493024499902'],
  ['+61 2 9123 4561', undefined, '+61291234561'],
  ['(02) 9123 4562', 'AU', '+61291234562'],
  // country codes in any case
  ['(303) 555-0006', 'us', '+13035550006'],
  ['011 44 20 7946 0007', 'us', '+442079460007'],
  ['020 7946 0008', 'gb', '+442079460008'],
  // ambiguous or wrong: refused with a reason the model can act on
  [
    '(303) 555-0000',
    undefined,
    /has no country code: write it with \+ and the country code .* or pass country/,
  ],
  ['303.555.0000', undefined, /has no country code/],
  ['020 7946 0000', 'US', /is not a possible phone number/],
  ['+1 303 555', undefined, /is not a possible phone number/],
  ['+0123', undefined, /has no valid country code after the \+/],
  ['hello', undefined, /is not a phone number/],
];

describe('phone numbers as people write them', () => {
  let s: Awaited<ReturnType<typeof sandboxSession>>;
  beforeAll(async () => {
    s = await sandboxSession();
  });
  afterAll(() => s.close());

  it(`has at least 20 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  for (const [written, country, expected] of CASES) {
    it(`${JSON.stringify(written)}${country ? ` in ${country}` : ''}`, async () => {
      const before = s.exchanges.length;
      const result = await s.mcp.call('portability_check', {
        phone_numbers: [written],
        ...(country ? { country } : {}),
      });
      if (typeof expected === 'string') {
        expect(result.isError, textOf(result)).toBeFalsy();
        const content = result.structuredContent as Json;
        expect(content.data[0].phone_number).toBe(expected);
        if (written !== expected) expect(content.normalized).toEqual([{ input: written, e164: expected }]);
        else expect(content.normalized).toBeUndefined();
        expect(JSON.parse(textOf(result))).toEqual(content); // text and structured say the same
      } else {
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(expected);
        expect(textOf(result)).toContain('phone_numbers[0]');
        expect(s.exchanges.length).toBe(before); // refused before any request
      }
    });
  }

  it('every phone field of every tool is normalised and listed: the BTN of an order too', async () => {
    const { data } = (await s.mcp.call('order_create', { phone_numbers: ['+1 303 555 0013'] }))
      .structuredContent as Json;
    const updated = await s.mcp.call('order_update', {
      porting_order_id: data[0].id,
      end_user: { admin: { billing_phone_number: '+1 (303) 555-0142' } },
      misc: { new_billing_phone_number: '1-303-555-0143' },
    });
    const result = updated.structuredContent as Json;
    expect(result.data.end_user.admin.billing_phone_number).toBe('+13035550142');
    expect(result.normalized).toEqual([
      { input: '+1 (303) 555-0142', e164: '+13035550142' },
      { input: '1-303-555-0143', e164: '+13035550143' },
    ]);
    // order_update takes no country: the refusal does not suggest one.
    const refused = await s.mcp.call('order_update', {
      porting_order_id: data[0].id,
      end_user: { admin: { billing_phone_number: '(303) 555-0142' } },
    });
    expect(textOf(refused)).toMatch(
      /end_user\.admin\.billing_phone_number: "\(303\) 555-0142" has no country code: write it with \+ and the country code \(e\.g\. \+1 303 555 0000\)$/m,
    );
  });

  it('portability_check adds each number type, marked as derived from the number', async () => {
    const result = await s.mcp.call('portability_check', {
      phone_numbers: ['+1 800 555 0102', '+44 7911 123456', '+44 20 7946 0958', '+1 303 555 0102'],
    });
    expect((result.structuredContent as Json).data.map((r: Json) => r.number_type_derived)).toEqual([
      'toll-free',
      'mobile',
      'fixed line',
      'fixed line or mobile',
    ]);
  });

  it('TELNYX_DEFAULT_COUNTRY stands in for a missing country', async () => {
    const session = await sandboxSession({}, { defaultCountry: 'US' });
    try {
      const result = await session.mcp.call('order_create', { phone_numbers: ['(303) 555-0003'] });
      expect((result.structuredContent as Json).data[0].phone_numbers[0].phone_number).toBe('+13035550003');
    } finally {
      await session.close();
    }
  });

  it('normalises nested and filter fields too', async () => {
    const { data } = (await s.mcp.call('order_create', { phone_numbers: ['+1 303 555 0016'] }))
      .structuredContent as Json;
    const listed = await s.mcp.call('porting_number_list', {
      filter: { phone_number: ['+1 (303) 555-0016'] },
    });
    expect((listed.structuredContent as Json).data.map((n: Json) => n.porting_order_id)).toEqual([
      data[0].id,
    ]);
    await s.mcp.call('order_verification_code_send', { porting_order_id: data[0].id, confirm: true });
    const verified = await s.mcp.call('order_verification_code_verify', {
      porting_order_id: data[0].id,
      verification_codes: [{ phone_number: '303-555-0016', code: '123456' }],
      country: undefined,
    });
    expect(textOf(verified)).toMatch(/"303-555-0016" has no country code/);
  });
});

/** String fields named like phone numbers (or the ends of number ranges), anywhere in a tool's input. */
function phoneLike(schema: z.ZodType, path = '', key = ''): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return phoneLike(schema.unwrap() as z.ZodType, path, key);
  if (schema instanceof z.ZodArray) return phoneLike(schema.element as z.ZodType, `${path}[]`, key);
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape).flatMap(([k, v]) =>
      phoneLike(v as z.ZodType, path ? `${path}.${k}` : k, k),
    );
  const named = /^(\w*phone_numbers?|start_at|end_at)$/.test(key);
  const isId = (schema.meta() as { format?: string } | undefined)?.format === 'uuid';
  return schema instanceof z.ZodString && named && !isId ? [path] : [];
}

describe('every phone-number field of every tool is normalised', () => {
  it('finds each string field named like a number among the normalised ones', () => {
    const missed = catalog.flatMap((e) => {
      const normalised = new Set(phonePaths(e.input));
      return phoneLike(e.input)
        .filter((p) => !normalised.has(p) && !p.endsWith('.contains'))
        .map((p) => `${e.name} ${p}`);
    });
    expect(missed).toEqual([]);
    expect(phonePaths(catalog.find((e) => e.name === 'order_update')?.input as z.ZodType)).toEqual(
      expect.arrayContaining(['end_user.admin.billing_phone_number', 'misc.new_billing_phone_number']),
    );
  });
});

describe('a portability check of hundreds of numbers', () => {
  const numbers = Array.from({ length: 300 }, (_, i) => `+1303555${String(1000 + i).padStart(4, '0')}`);

  it('goes in chunks of 100 with progress notifications, and one result', async () => {
    const s = await sandboxSession();
    try {
      const progress: Array<{ progress: number; total?: number }> = [];
      const result = await s.mcp.client.callTool(
        { name: 'portability_check', arguments: { phone_numbers: numbers } },
        undefined,
        { onprogress: (p) => progress.push({ progress: p.progress, total: p.total }) },
      );
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as Json).data).toHaveLength(300);
      expect(s.exchanges.filter((e) => e.operationId === 'PostPortabilityCheck')).toHaveLength(3);
      expect(progress).toEqual([
        { progress: 100, total: 300 },
        { progress: 200, total: 300 },
        { progress: 300, total: 300 },
      ]);
    } finally {
      await s.close();
    }
  });

  it('stops sending chunks when the call is cancelled', async () => {
    const s = await sandboxSession({ faults: { latencyMs: 200 } });
    try {
      const controller = new AbortController();
      const call = s.mcp.client.callTool(
        { name: 'portability_check', arguments: { phone_numbers: numbers } },
        undefined,
        {
          signal: controller.signal,
          onprogress: () => controller.abort(),
        },
      );
      await expect(call).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 600)); // time for more chunks, had any been sent
      expect(s.exchanges.filter((e) => e.operationId === 'PostPortabilityCheck').length).toBeLessThan(3);
    } finally {
      await s.close();
    }
  });
});
