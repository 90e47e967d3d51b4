import { DAY, HOUR, iso, MINUTE, type SandboxClock } from './clock.js';
import { addDocument, relinkOrder } from './documents.js';
import { transition } from './lifecycle.js';
import { openOrders } from './order-factory.js';
import { renderPdf } from './pdf.js';
import { seededRandom } from './random.js';
import type { OrderRecord, OrderStatus, Store } from './store.js';

const AREAS = ['212', '303', '312', '415', '512', '617', '702', '808', '919', '206'];
/** Each target status and the path that reaches it from draft. */
const PATHS: OrderStatus[][] = [
  [],
  ['in-process'],
  ['in-process', 'submitted'],
  ['in-process', 'submitted', 'exception'],
  ['in-process', 'submitted', 'foc-date-confirmed'],
  ['in-process', 'submitted', 'foc-date-confirmed', 'ported'],
  ['in-process', 'submitted', 'cancel-pending'],
  ['in-process', 'submitted', 'cancel-pending', 'cancelled'],
];
const STEP = [0, HOUR, 10 * MINUTE, 2 * HOUR, 2 * HOUR, DAY];

/**
 * Fills the sandbox with `count` porting phone numbers over orders of 1-8 numbers, in every status,
 * with their status events, dated over the past 60 days. Deterministic. Seeded orders keep their
 * status (nothing is scheduled for them); orders created afterwards follow the clock.
 */
export function seed(store: Store, clock: SandboxClock, count: number): void {
  const rand = seededRandom(7);
  const now = clock.now();
  let made = 0;
  let serial = 0;
  let path = 0;
  while (made < count) {
    const size = Math.min(count - made, 1 + Math.floor(rand() * 8));
    const area = AREAS[Math.floor(rand() * AREAS.length)] as string;
    const phones: string[] = [];
    while (phones.length < size) {
      // Lines ending 0-5 only: portable numbers without special steps.
      const line = serial++;
      if (line % 10 > 5) continue;
      phones.push(`+1${area}${String(2_000_000 + (line % 8_000_000)).padStart(7, '0')}`);
    }
    const created_at = now - 60 * DAY + Math.floor(rand() * 55 * DAY);
    for (const order of openOrders(store, created_at, phones, { customer_reference: `seed-${path}` })) {
      fill(order, phones[0] as string, seedDocuments(store, now));
      relinkOrder(store, order.id, now);
      let at = created_at;
      (PATHS[path % PATHS.length] as OrderStatus[]).forEach((status, i) => {
        at += STEP[i + 1] ?? HOUR;
        if (status === 'foc-date-confirmed') order.foc_datetime_requested = iso(at + 2 * DAY);
        transition(store, order, status, at);
      });
      order.next = undefined;
      path++;
    }
    made += phones.length;
  }
}

/** One signed LOA and one invoice, uploaded once and linked by every seeded order. */
function seedDocuments(store: Store, now: number): { loa: string; invoice: string } {
  const named = (name: string) => [...store.files.values()].find((d) => d.filename === name)?.id;
  const loa =
    named('seed-loa.pdf') ??
    addDocument(
      store,
      now,
      renderPdf({
        title: 'Letter of Authorization (seeded, signed)',
        lines: ['Signed: Pat Doe, Seeded Customer LLC'],
      }),
      'seed-loa.pdf',
    ).id;
  const invoice =
    named('seed-invoice.pdf') ??
    addDocument(
      store,
      now,
      renderPdf({ title: 'Invoice (seeded)', lines: ['Seeded Customer LLC, account SEED-1'] }),
      'seed-invoice.pdf',
    ).id;
  return { loa, invoice };
}

function fill(order: OrderRecord, btn: string, documents: { loa: string; invoice: string }): void {
  order.end_user = {
    admin: {
      entity_name: 'Seeded Customer LLC',
      auth_person_name: 'Pat Doe',
      billing_phone_number: btn,
      account_number: 'SEED-1',
    },
    location: {
      street_address: '1 Main Street',
      locality: 'Springfield',
      administrative_area: 'IL',
      postal_code: '62701',
      country_code: 'US',
    },
  };
  order.documents = { ...documents };
}
