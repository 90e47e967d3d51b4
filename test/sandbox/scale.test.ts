import { afterEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/sandbox/clock.js';
import { LIMITS } from '../../src/sandbox/limits.js';
import { classify } from '../../src/sandbox/numbers.js';
import { exampleBase64, usEndUser } from '../fixtures/orders.js';
import { sandboxSession } from '../support/sandbox.js';
import { raw } from './raw.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as the API's JSON
type Json = any;

let s: Awaited<ReturnType<typeof sandboxSession>> | undefined;
afterEach(async () => {
  expect(s?.problems ?? []).toEqual([]); // every answer matched the spec
  await s?.close();
  s = undefined;
});

const session = () => s as NonNullable<typeof s>;
async function call(method: string, path: string, body?: unknown): Promise<Json> {
  const answer = await raw(session().sandbox.url, method, path, { body });
  if (answer.status >= 300) throw new Error(`${method} ${path} -> ${answer.status}: ${answer.text}`);
  return answer.json;
}

/** Portable numbers (last digit never 7 or 8) from `start`, consecutive as a customer's blocks are. */
function portable(prefix: string, start: number, count: number): string[] {
  const out: string[] = [];
  for (let n = start; out.length < count; n++) if (n % 10 !== 7 && n % 10 !== 8) out.push(`${prefix}${n}`);
  return out;
}

/** Every item of a list, page by page (250 a page). */
async function all(path: string): Promise<Json[]> {
  const items: Json[] = [];
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await call('GET', `${path}${sep}page[size]=250&page[number]=${page}`);
    items.push(...answer.data);
    if (page >= answer.meta.total_pages) return items;
  }
}

/** Sends `items` in chunks of `size`, `inFlight` requests at a time. */
async function inChunks<T>(items: T[], size: number, inFlight: number, send: (chunk: T[]) => Promise<void>) {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await send(chunks[next++] as T[]);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

describe('the sandbox at port scale', () => {
  it('checks at most 100 numbers per portability check, as the API does', async () => {
    s = await sandboxSession();
    const hundred = portable('+1303555', 1000, 100);
    expect((await call('POST', '/portability_checks', { phone_numbers: hundred })).data).toHaveLength(100);
    const over = await raw(session().sandbox.url, 'POST', '/portability_checks', {
      body: { phone_numbers: [...hundred, '+13035559999'] },
    });
    expect(over.status).toBe(422);
    expect(over.json.errors).toEqual([
      expect.objectContaining({
        code: '10015',
        source: { pointer: '/phone_numbers' },
        detail: expect.stringMatching(/At most 100 phone numbers per portability check; this one has 101/),
      }),
    ]);
  });

  it('1,000 numbers: one order per country, type, carrier and FastPort; each number in exactly one; split events', async () => {
    s = await sandboxSession();
    const phones = [
      ...portable('+1303555', 1000, 400), // US local, 3 carriers, FastPort for 0 and 1
      ...portable('+1800555', 2000, 200), // US toll-free
      ...portable('+1416555', 3000, 200), // Canada
      ...portable('+4420794', 60000, 200), // GB
    ];
    const created = (
      await call('POST', '/porting_orders', { phone_numbers: phones, customer_group_reference: 'port-1000' })
    ).data as Json[];
    const key = (p: string) => {
      const f = classify(p);
      return [f.country_code, f.phone_number_type, f.carrier, f.fast_portable].join('|');
    };
    const expected = new Set(phones.map(key));
    expect(created).toHaveLength(expected.size);
    expect(expected.size).toBeGreaterThanOrEqual(10);

    const numbers = await all(`/porting_phone_numbers?filter[porting_order_id]=${created.map((o) => o.id)}`);
    expect(numbers.map((n) => n.phone_number).sort()).toEqual([...phones].sort());
    const byOrder = new Map<string, string[]>();
    for (const n of numbers)
      byOrder.set(n.porting_order_id, [...(byOrder.get(n.porting_order_id) ?? []), n.phone_number]);
    for (const order of created) {
      const mine = byOrder.get(order.id) ?? [];
      expect(order.porting_phone_numbers_count).toBe(mine.length);
      expect(new Set(mine.map(key)).size).toBe(1); // one kind of number per order
      expect(order.customer_group_reference).toBe('port-1000');
    }
    expect(new Set(created.map((o) => key(byOrder.get(o.id)?.[0] ?? ''))).size).toBe(created.length);

    const group = await all(
      '/porting_orders?filter[customer_group_reference]=port-1000&include_phone_numbers=false',
    );
    expect(group.map((o) => o.id).sort()).toEqual(created.map((o) => o.id).sort());

    const splits = await all('/porting/events?filter[type]=porting_order.split');
    expect(splits).toHaveLength(created.length - 1);
    const first = created[0].id;
    for (const e of splits) {
      expect(e.payload.from.id).toBe(first);
      expect(e.payload.porting_phone_numbers).toHaveLength(byOrder.get(e.payload.to.id)?.length ?? -1);
    }
    expect(new Set(splits.map((e) => e.payload.to.id))).toEqual(new Set(created.slice(1).map((o) => o.id)));
  });

  it('every status change is an event, from the lifecycle, cancel and exception alike; events filter by time', async () => {
    s = await sandboxSession();
    const { sandbox } = session();
    const upload = async (name: string) =>
      (await call('POST', '/documents', { file: exampleBase64(name), filename: name })).data.id;
    const documents = { loa: await upload('signed-loa.pdf'), invoice: await upload('invoice.pdf') };
    const t0 = sandbox.clock.now();
    // Three orders: one ports, one is rejected once (a number ending 9), one is cancelled.
    const [ports, rejected, cancelled] = await Promise.all(
      ['+13035550002', '+13035550019', '+13035550024'].map(
        async (phone) => (await call('POST', '/porting_orders', { phone_numbers: [phone] })).data[0],
      ),
    );
    for (const [order, phone] of [
      [ports, '+13035550002'],
      [rejected, '+13035550019'],
      [cancelled, '+13035550024'],
    ]) {
      await call('PATCH', `/porting_orders/${order.id}`, { end_user: usEndUser(phone), documents });
      await call('POST', `/porting_orders/${order.id}/actions/confirm`);
    }
    sandbox.clock.skip(11 * MINUTE);
    const t1 = sandbox.clock.now();
    await call('POST', `/porting_orders/${cancelled.id}/actions/cancel`);
    sandbox.clock.skip(2 * HOUR);
    await call('GET', '/porting_orders'); // the lifecycle applies what is due
    await call('PATCH', `/porting_orders/${rejected.id}`, {
      end_user: { admin: { account_number: 'ACCT-2' } },
    });
    await call('POST', `/porting_orders/${rejected.id}/actions/confirm`);
    sandbox.clock.skip(8 * DAY);
    await call('GET', '/porting_orders');

    const statuses = async (id: string, range = '') =>
      (
        await all(
          `/porting/events?filter[porting_order_id]=${id}&filter[type]=porting_order.status_changed${range}`,
        )
      )
        .map((e) => e.payload.status.value)
        .reverse(); // oldest first
    expect(await statuses(ports.id)).toEqual(['in-process', 'submitted', 'foc-date-confirmed', 'ported']);
    expect(await statuses(rejected.id)).toEqual([
      'in-process',
      'submitted',
      'exception',
      'in-process',
      'submitted',
      'foc-date-confirmed',
      'ported',
    ]);
    expect(await statuses(cancelled.id)).toEqual(['in-process', 'submitted', 'cancel-pending', 'cancelled']);
    for (const order of [ports, rejected, cancelled]) {
      const current = (await call('GET', `/porting_orders/${order.id}`)).data.status.value;
      expect((await statuses(order.id)).at(-1)).toBe(current);
    }

    // "Events since T" and ranges: created_at gte / lte, with the other filters.
    const since = new Date(t1).toISOString();
    const recent = await all(`/porting/events?filter[created_at][gte]=${since}`);
    const everything = await all('/porting/events');
    expect(recent.length).toBeGreaterThan(0);
    expect(recent).toEqual(everything.filter((e) => Date.parse(e.created_at) >= t1));
    const early = await all(`/porting/events?filter[created_at][lte]=${new Date(t1 - 1).toISOString()}`);
    expect([...recent, ...early].map((e) => e.id).sort()).toEqual(everything.map((e) => e.id).sort());
    const range = (from: number, to: number) =>
      `&filter[created_at][gte]=${new Date(from).toISOString()}&filter[created_at][lte]=${new Date(to).toISOString()}`;
    expect(await statuses(cancelled.id, range(t0, t1 - 1))).toEqual(['in-process', 'submitted']);
    expect(await statuses(cancelled.id, range(t1, t1))).toEqual(['cancel-pending']);
    // Newest first.
    const times = everything.map((e) => Date.parse(e.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it(`a port of ${LIMITS.numbers.toLocaleString('en')} numbers, created in chunks of 100, fits the sandbox's caps`, {
    timeout: 120_000,
  }, async () => {
    s = await sandboxSession();
    const { sandbox } = session();
    const phones = portable('+1303', 5_550_000, LIMITS.numbers);
    await inChunks(phones, 100, 4, async (chunk) => {
      await call('POST', '/porting_orders', { phone_numbers: chunk, customer_group_reference: 'big-port' });
    });
    expect(sandbox.store.numbers.size).toBe(LIMITS.numbers);
    // Each chunk splits by carrier and FastPort: more orders than the 5,000 the sandbox used to allow.
    expect(sandbox.store.orders.size).toBeGreaterThan(5_000);
    expect(sandbox.store.orders.size).toBeLessThanOrEqual(LIMITS.orders);
    // A check of numbers already ordered says so; the numbers cap holds.
    const check = await call('POST', '/portability_checks', { phone_numbers: phones.slice(0, 100) });
    expect(
      check.data.every((r: Json) => r.not_portable_reason === 'Number is already in an open porting order'),
    ).toBe(true);
    const more = await raw(sandbox.url, 'POST', '/porting_orders', {
      body: { phone_numbers: ['+12125550100'] },
    });
    expect(more.status).toBe(422);
    expect(more.json.errors[0].detail).toMatch(/at most 100000 porting phone numbers/);
    const page = await call(
      'GET',
      '/porting_orders?filter[customer_group_reference]=big-port&include_phone_numbers=true&page[size]=250',
    );
    expect(page.meta.total_results).toBe(sandbox.store.orders.size);
  });
});
