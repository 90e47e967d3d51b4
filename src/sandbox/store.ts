import { randomUUID } from 'node:crypto';
import { iso } from './clock.js';
import type { DocumentLink, DocumentRecord } from './documents.js';

/**
 * The sandbox's in-memory state. Records keep the API's own field names so the views that answer
 * requests are plain projections; ids are real UUIDs.
 */
export type OrderStatus =
  | 'draft'
  | 'in-process'
  | 'submitted'
  | 'exception'
  | 'foc-date-confirmed'
  | 'ported'
  | 'cancel-pending'
  | 'cancelled';

export interface StatusDetail {
  code: string;
  description: string;
}

export interface OrderRecord {
  id: string;
  created_at: number;
  updated_at: number;
  status: OrderStatus;
  details: StatusDetail[];
  /** The next automatic transition, applied by lifecycle.advance when the sandbox clock reaches it. */
  next?: { at: number; to: OrderStatus };
  country_code: string;
  phone_number_type: string;
  fast_port_eligible: boolean;
  carrier: string;
  /** Numbers ending in 9: the losing carrier rejects the first submission. */
  reject_once: boolean;
  additional_steps: string[];
  support_key: string | null;
  parent_support_key: string | null;
  customer_reference: string | null;
  customer_group_reference: string | null;
  webhook_url: string | null;
  end_user: {
    admin: Record<string, string | null>;
    location: Record<string, string | null>;
  };
  documents: { loa: string | null; invoice: string | null };
  foc_datetime_requested: string | null;
  foc_datetime_actual: string | null;
  phone_number_configuration: Record<string, unknown>;
  misc: Record<string, unknown> | null;
  enable_messaging: boolean;
  requirements: Array<{ requirement_type_id: string; field_value: string }>;
  user_feedback: { user_rating: number | null; user_comment: string | null };
  user_id: string;
}

export interface NumberRecord {
  id: string;
  phone_number: string;
  porting_order_id: string;
  phone_number_type: string;
  activation_status: string;
  portability_status: string;
  created_at: number;
}

/** Generic records of the per-order collections, stored as the API shows them (timestamps as ms). */
export interface Item {
  id: string;
  porting_order_id?: string;
  created_at: number;
  updated_at: number;
  [key: string]: unknown;
}

export interface EventRecord {
  id: string;
  event_type: string;
  porting_order_id: string;
  created_at: number;
  payload: Record<string, unknown> | null;
}

export class Store {
  readonly orders = new Map<string, OrderRecord>();
  readonly numbers = new Map<string, NumberRecord>();
  /** In the order emitted; eventsByTime() gives them oldest first. */
  readonly events: EventRecord[] = [];
  private eventsInOrder = true;
  readonly comments: Item[] = [];
  readonly documents: Item[] = [];
  readonly verificationCodes: Item[] = [];
  readonly blocks: Item[] = [];
  readonly extensions: Item[] = [];
  readonly associated: Item[] = [];
  readonly activationJobs: Item[] = [];
  readonly numberConfigs: Item[] = [];
  readonly loaConfigs: Item[] = [];
  readonly reports: Item[] = [];
  readonly actionRequirements: Item[] = [];
  /** The Documents API: uploaded files and which records link them (src/sandbox/documents.ts). */
  readonly files = new Map<string, DocumentRecord>();
  /** Document links by id, oldest first; linksOf gives one record's. */
  readonly links = new Map<string, DocumentLink>();
  private readonly linksByResource = new Map<string, DocumentLink[]>();
  /** Uploads deleted because nobody linked them in time, by id, with when (so using one says so). */
  readonly expired = new Map<string, number>();
  private serial = 1000;

  /** Support keys look like Telnyx's (sr_…, pr_…) and are unique per sandbox. */
  key(prefix: 'sr' | 'pr'): string {
    this.serial += 1;
    return `${prefix}_${this.serial.toString(36)}${randomUUID().slice(0, 4)}`;
  }

  // Indexes, so no handler scans every stored number for each number it looks at.
  private readonly byOrder = new Map<string, NumberRecord[]>();
  private readonly byPhone = new Map<string, NumberRecord[]>();
  /** Every number, newest first, built on the first list after a change (paging through 100,000 sorts once). */
  private newest: NumberRecord[] | undefined;

  addNumber(number: NumberRecord): void {
    this.numbers.set(number.id, number);
    push(this.byOrder, number.porting_order_id, number);
    push(this.byPhone, number.phone_number, number);
    this.newest = undefined;
  }

  /** An order's numbers, in the order they were added. */
  numbersOf(orderId: string): readonly NumberRecord[] {
    return this.byOrder.get(orderId) ?? [];
  }

  /** The stored records of one phone number (one per order it was ever in). */
  recordsOf(phone: string): readonly NumberRecord[] {
    return this.byPhone.get(phone) ?? [];
  }

  /** Every number, newest first (then by phone number). */
  numbersNewestFirst(): readonly NumberRecord[] {
    this.newest ??= [...this.numbers.values()].sort(newestFirst);
    return this.newest;
  }

  deleteOrder(orderId: string): void {
    for (const n of this.numbersOf(orderId)) {
      this.numbers.delete(n.id);
      const others = this.recordsOf(n.phone_number).filter((r) => r !== n);
      if (others.length) this.byPhone.set(n.phone_number, others);
      else this.byPhone.delete(n.phone_number);
    }
    this.byOrder.delete(orderId);
    this.orders.delete(orderId);
    for (const link of this.linksOf(orderId)) this.links.delete(link.id);
    this.linksByResource.delete(orderId);
    this.newest = undefined;
  }

  /** The document links of one record (an order, an LOA configuration, a report). */
  linksOf(resourceId: string): readonly DocumentLink[] {
    return this.linksByResource.get(resourceId) ?? [];
  }

  addLink(link: DocumentLink): void {
    this.links.set(link.id, link);
    push(this.linksByResource, link.linked_resource_id, link);
  }

  removeLink(link: DocumentLink): void {
    this.links.delete(link.id);
    const rest = this.linksOf(link.linked_resource_id).filter((l) => l !== link);
    if (rest.length) this.linksByResource.set(link.linked_resource_id, rest);
    else this.linksByResource.delete(link.linked_resource_id);
  }

  emit(
    event_type: string,
    order: OrderRecord,
    at: number,
    payload: Record<string, unknown> | null,
  ): EventRecord {
    const event = { id: randomUUID(), event_type, porting_order_id: order.id, created_at: at, payload };
    // Almost always the newest; an older one (the lifecycle catching up, the seed) is sorted in on the next read.
    if ((this.events.at(-1)?.created_at ?? at) > at) this.eventsInOrder = false;
    this.events.push(event);
    return event;
  }

  /** Every event, oldest first (ties in the order they were emitted). */
  eventsByTime(): readonly EventRecord[] {
    if (!this.eventsInOrder) {
      this.events.sort((a, b) => a.created_at - b.created_at); // stable, and near-linear on nearly sorted input
      this.eventsInOrder = true;
    }
    return this.events;
  }

  /** Index in eventsByTime() of the first event created at or after `at` (binary search). */
  firstEventFrom(at: number): number {
    const events = this.eventsByTime();
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((events[mid] as EventRecord).created_at < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Porting numbers as lists show them: newest first, then by phone number. */
export const newestFirst = (a: NumberRecord, b: NumberRecord): number =>
  b.created_at - a.created_at ||
  (a.phone_number < b.phone_number ? -1 : a.phone_number > b.phone_number ? 1 : 0);

function push<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** An `Item` as the API shows it: ISO timestamps, record_type. */
export function itemView(item: Item, record_type: string): Record<string, unknown> {
  return { ...item, record_type, created_at: iso(item.created_at), updated_at: iso(item.updated_at) };
}
