import { randomUUID } from 'node:crypto';
import { classify } from './numbers.js';
import type { OrderRecord, Store } from './store.js';

const SANDBOX_USER = '40d68ba2-0847-4df2-be9c-b0e0cb673e75';
const AU_ID_REQUIREMENT = '8d4b1f0e-2c6a-4b9d-9e3f-7a5c1d2e3f40';

/**
 * Creates draft orders for portable numbers, split as Telnyx splits them: one order per country,
 * number type, losing carrier and FastPort eligibility. Used by POST /porting_orders and the seed.
 */
export function openOrders(
  store: Store,
  now: number,
  phones: string[],
  refs: { customer_reference?: string | null; customer_group_reference?: string | null } = {},
): OrderRecord[] {
  // Split as Telnyx does: one order per country, number type, losing carrier and FastPort eligibility.
  const groups = new Map<string, string[]>();
  for (const phone of phones) {
    const f = classify(phone);
    const key = [f.country_code, f.phone_number_type, f.carrier, f.fast_portable].join('|');
    const group = groups.get(key);
    if (group) group.push(phone);
    else groups.set(key, [phone]);
  }
  const created: OrderRecord[] = [];
  for (const group of groups.values()) {
    const facts = classify(group[0] as string);
    const order: OrderRecord = {
      id: randomUUID(),
      created_at: now,
      updated_at: now,
      status: 'draft',
      details: [],
      country_code: facts.country_code,
      phone_number_type: facts.phone_number_type,
      fast_port_eligible: facts.fast_portable,
      carrier: facts.carrier,
      reject_once: group.some((p) => classify(p).carrier_rejects),
      additional_steps: group.some((p) => classify(p).needs_verification)
        ? ['phone_number_verification_codes']
        : [],
      support_key: null,
      parent_support_key: null,
      customer_reference: refs.customer_reference ?? null,
      customer_group_reference: refs.customer_group_reference ?? null,
      webhook_url: null,
      end_user: { admin: {}, location: {} },
      documents: { loa: null, invoice: null },
      foc_datetime_requested: null,
      foc_datetime_actual: null,
      phone_number_configuration: {},
      misc: { type: 'full' },
      enable_messaging: false,
      requirements: [],
      user_feedback: { user_rating: null, user_comment: null },
      user_id: SANDBOX_USER,
    };
    store.orders.set(order.id, order);
    for (const phone_number of group) {
      const id = randomUUID();
      store.addNumber({
        id,
        phone_number,
        porting_order_id: order.id,
        phone_number_type: facts.phone_number_type,
        activation_status: 'New',
        portability_status:
          order.country_code === 'US' || order.country_code === 'CA' ? 'pending' : 'provisional',
        created_at: now,
      });
    }
    if (order.country_code === 'AU') {
      // Australian ports need the end user's ID verified first (an action requirement, NOTES.md §10).
      store.actionRequirements.push({
        id: randomUUID(),
        porting_order_id: order.id,
        created_at: now,
        updated_at: now,
        action_type: 'au_id_verification',
        requirement_type_id: AU_ID_REQUIREMENT,
        status: 'created',
        action_url: null,
        cancel_reason: null,
      });
    }
    created.push(order);
  }
  return created;
}
