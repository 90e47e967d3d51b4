// The sandbox at port scale (issue 16, item 8): how long its handlers take with 100,000 stored numbers.
// Real HTTP on loopback, as the MCP server talks to it. Prints numbers; asserts nothing.
//   npm run build && node scripts/sandbox-scale.mjs
// CHECKS (default 1000) portability-check requests of 100 numbers; CREATE (default 10000) numbers ordered.

import { startSandbox } from '../dist/sandbox/server.js';

const CHECKS = Number(process.env.CHECKS ?? 1000);
const CREATE = Number(process.env.CREATE ?? 10_000);
const STORED = 90_000;
const AREAS = ['212', '303', '312', '415', '512', '617', '702', '808', '919', '206'];

/** Portable US numbers (last digit never 7 or 8), all different: the i-th one. */
function phone(i) {
  const digits = [0, 1, 2, 3, 4, 5, 6, 9];
  const last = digits[i % digits.length];
  const rest = Math.floor(i / digits.length);
  const area = AREAS[rest % AREAS.length];
  return `+1${area}${String(200_000 + Math.floor(rest / AREAS.length))}${last}`;
}
const phones = (from, n) => Array.from({ length: n }, (_, k) => phone(from + k));

const sandbox = await startSandbox({ speed: 0 });
const headers = { authorization: 'Bearer KEY_bench', accept: 'application/json' };
let resets = 0;
async function call(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      // A reused keep-alive connection can be reset; no request reached a handler, so send it again.
      if (attempt < 2) {
        resets++;
        continue;
      }
      throw error;
    }
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }
}
async function timed(label, fn) {
  const start = performance.now();
  const out = await fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(64)} ${ms.toFixed(0).padStart(7)} ms`);
  return out;
}

console.log(`node ${process.version}; sandbox at ${sandbox.url}`);
await timed(`fill: orders for ${STORED} numbers (90 creates of 1,000)`, async () => {
  for (let i = 0; i < STORED; i += 1000)
    await call('POST', '/porting_orders', {
      phone_numbers: phones(i, 1000),
      customer_group_reference: `fill-${Math.floor(i / 10_000)}`,
    });
});
console.log(`  stored: ${sandbox.store.numbers.size} numbers, ${sandbox.store.orders.size} orders`);

await timed(`${CHECKS} portability checks of 100 numbers (4 in flight)`, async () => {
  let next = 0;
  const worker = async () => {
    while (next < CHECKS) {
      const i = next++;
      // Every other request checks stored numbers (in open orders), the others new ones.
      const from = i % 2 ? 200_000 + i * 100 : (i * 100) % STORED;
      await call('POST', '/portability_checks', { phone_numbers: phones(from, 100) });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
});

await timed(`create orders for ${CREATE} numbers (${CREATE / 1000} creates of 1,000)`, async () => {
  for (let i = 0; i < CREATE; i += 1000)
    await call('POST', '/porting_orders', {
      phone_numbers: phones(STORED + i, 1000),
      customer_group_reference: 'big-port',
    });
});
console.log(`  stored: ${sandbox.store.numbers.size} numbers, ${sandbox.store.orders.size} orders`);

const group = await timed('order list: group big-port, with numbers, page 250', () =>
  call(
    'GET',
    '/porting_orders?filter[customer_group_reference]=big-port&include_phone_numbers=true&page[size]=250',
  ),
);
console.log(`  ${group.meta.total_results} orders in the group`);
await timed('order list: all, with numbers, page 250, page 2', () =>
  call('GET', '/porting_orders?include_phone_numbers=true&page[size]=250&page[number]=2'),
);
const order = group.data[0].id;
await timed('porting number list: all, page 250', () => call('GET', '/porting_phone_numbers?page[size]=250'));
await timed('porting number list: one order, page 250', () =>
  call('GET', `/porting_phone_numbers?filter[porting_order_id]=${order}&page[size]=250`),
);
await timed('porting number list: one phone number', () =>
  call('GET', `/porting_phone_numbers?filter[phone_number]=${encodeURIComponent(phone(5))}`),
);
await timed('event list: all, page 250', () => call('GET', '/porting/events?page[size]=250'));
const since = new Date(sandbox.clock.now() - 1000).toISOString();
await timed('event list: split events since T, page 250', () =>
  call(
    'GET',
    `/porting/events?filter[type]=porting_order.split&filter[created_at][gte]=${since}&page[size]=250`,
  ),
);
await timed('order get (with numbers)', () => call('GET', `/porting_orders/${order}`));
await timed('100 order gets', async () => {
  for (const o of group.data.slice(0, 100)) await call('GET', `/porting_orders/${o.id}`);
});
console.log(`connection resets retried: ${resets}`);
await sandbox.close();
