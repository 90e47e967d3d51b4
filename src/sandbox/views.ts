import { iso } from './clock.js';
import { missingRequirements } from './requirements.js';
import type { EventRecord, NumberRecord, OrderRecord, Store } from './store.js';

/** Per-number activation status for each order status. */
const ACTIVATION: Record<string, string> = {
  draft: 'New',
  'in-process': 'Pending',
  submitted: 'Pending',
  exception: 'Conflict',
  'foc-date-confirmed': 'Activate RDY',
  ported: 'Active',
  'cancel-pending': 'Cancel Pending',
  cancelled: 'Cancelled',
};
export const activationFor = (status: string) => ACTIVATION[status] ?? 'New';

const MESSAGING: Record<string, string> = {
  ported: 'ported',
  cancelled: 'canceled',
  'cancel-pending': 'canceled',
  exception: 'exception',
  'foc-date-confirmed': 'activating',
};

const omitNulls = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export function numberView(store: Store, n: NumberRecord): Record<string, unknown> {
  const order = store.orders.get(n.porting_order_id);
  return {
    id: n.id,
    phone_number: n.phone_number,
    phone_number_type: n.phone_number_type,
    activation_status: n.activation_status,
    portability_status: n.portability_status,
    porting_order_id: n.porting_order_id,
    porting_order_status: order?.status ?? 'draft',
    requirements_status:
      order && missingRequirements(order).length === 0 ? 'approved' : 'requirement-info-pending',
    ...(order?.support_key ? { support_key: order.support_key } : {}),
    record_type: 'porting_phone_number',
  };
}

export function orderView(store: Store, o: OrderRecord, includeNumbers = true): Record<string, unknown> {
  const numbers = store.numbersOf(o.id);
  const messagingStatus = o.enable_messaging ? (MESSAGING[o.status] ?? 'pending') : 'not_applicable';
  return {
    id: o.id,
    record_type: 'porting_order',
    created_at: iso(o.created_at),
    updated_at: iso(o.updated_at),
    status: { value: o.status, details: o.details },
    requirements_met: missingRequirements(o).length === 0,
    additional_steps: o.additional_steps,
    support_key: o.support_key,
    parent_support_key: o.parent_support_key,
    customer_reference: o.customer_reference,
    customer_group_reference: o.customer_group_reference,
    description: `${o.country_code} ${o.phone_number_type}${o.fast_port_eligible ? ' FastPort' : ''} port from ${o.carrier}`,
    old_service_provider_ocn: o.carrier,
    phone_number_type: o.phone_number_type,
    porting_phone_numbers_count: numbers.length,
    ...(includeNumbers ? { phone_numbers: numbers.slice(0, 50).map((n) => numberView(store, n)) } : {}),
    end_user: { admin: { ...o.end_user.admin }, location: { ...o.end_user.location } },
    documents: { ...o.documents },
    activation_settings: {
      fast_port_eligible: o.fast_port_eligible,
      foc_datetime_requested: o.foc_datetime_requested,
      foc_datetime_actual: o.foc_datetime_actual,
      activation_status: numbers[0]?.activation_status ?? activationFor(o.status),
    },
    phone_number_configuration: { tags: [], ...o.phone_number_configuration },
    misc: o.misc,
    messaging: {
      enable_messaging: o.enable_messaging,
      messaging_capable: o.phone_number_type !== 'toll_free',
      messaging_port_completed: o.enable_messaging && o.status === 'ported',
      messaging_port_status: messagingStatus,
    },
    requirements: o.requirements.map((r) => ({
      ...r,
      field_type: 'document',
      record_type: 'porting_requirement',
    })),
    user_feedback: { ...o.user_feedback },
    webhook_url: o.webhook_url,
    user_id: o.user_id,
  };
}

/** Single-order answers carry `meta.phone_numbers_url`, as the API's do. */
export const orderEnvelope = (store: Store, o: OrderRecord, includeNumbers = true) => ({
  data: orderView(store, o, includeNumbers),
  meta: { phone_numbers_url: `/v2/porting_phone_numbers?filter[porting_order_id]=${o.id}` },
});

export function eventView(e: EventRecord): Record<string, unknown> {
  return {
    id: e.id,
    event_type: e.event_type,
    porting_order_id: e.porting_order_id,
    created_at: iso(e.created_at),
    updated_at: iso(e.created_at),
    payload: e.payload,
    payload_status: 'completed',
    available_notification_methods: ['email', 'webhook'],
    record_type: 'porting_event',
  };
}

/** The status_changed payload (string fields the spec does not allow as null are left out). */
export function statusPayload(o: OrderRecord, at: number): Record<string, unknown> {
  return omitNulls({
    id: o.id,
    customer_reference: o.customer_reference,
    status: { value: o.status, details: o.details },
    support_key: o.support_key,
    updated_at: iso(at),
    webhook_url: o.webhook_url,
  });
}
