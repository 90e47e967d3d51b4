import type { OrderRecord, Store } from './store.js';

/** Requirement types the sandbox asks for outside US/CA (fixed ids so agents can reuse them). */
export const INTL_REQUIREMENT_TYPES = [
  {
    id: '53970723-fbff-4f46-a975-f62be6c1a585',
    name: 'Proof of address',
    description: 'A utility bill or bank statement showing the service address, under 3 months old',
    example: 'Electricity bill from last month',
    type: 'document',
  },
  {
    id: '59b0762a-b274-4f76-ac32-4d5cf0272e66',
    name: 'Company registration number',
    description: 'The registration number of the company that holds the numbers',
    example: '09876543',
    type: 'textual',
  },
] as const;

export const DOCUMENT_REQUIREMENTS = {
  loa: {
    id: '4f1c5a3e-6f8d-4a61-9b2e-1d0c7e5a9b10',
    name: 'Letter of Authorization',
    description: 'The LOA signed by the authorized person (order_loa_template_get gives one prefilled)',
    example: 'Signed LOA PDF',
    type: 'document',
  },
  invoice: {
    id: '7a2d9e61-3c4b-4e8f-8a1d-5b6c7d8e9f01',
    name: 'Latest invoice',
    description: 'A copy of the latest phone bill from the current provider',
    example: 'Most recent phone bill',
    type: 'document',
  },
} as const;

const ADMIN = ['entity_name', 'auth_person_name', 'billing_phone_number', 'account_number'] as const;
const LOCATION = ['street_address', 'locality', 'postal_code', 'country_code'] as const;

export const isNanp = (order: OrderRecord) => order.country_code === 'US' || order.country_code === 'CA';

/** What still blocks submission, as JSON pointers into the order (empty = requirements met). */
export function missingRequirements(order: OrderRecord): string[] {
  const missing: string[] = [];
  for (const f of ADMIN) if (!order.end_user.admin[f]) missing.push(`/end_user/admin/${f}`);
  for (const f of LOCATION) if (!order.end_user.location[f]) missing.push(`/end_user/location/${f}`);
  if (isNanp(order) && !order.end_user.location.administrative_area) {
    missing.push('/end_user/location/administrative_area');
  }
  if (!order.documents.loa) missing.push('/documents/loa');
  if (isNanp(order)) {
    if (!order.documents.invoice) missing.push('/documents/invoice');
  } else {
    for (const type of INTL_REQUIREMENT_TYPES) {
      if (!order.requirements.some((r) => r.requirement_type_id === type.id && r.field_value)) {
        missing.push(`/requirements (${type.name}, requirement_type_id ${type.id})`);
      }
    }
  }
  return missing;
}

/** Additional steps (NOTES.md §5) not yet done. */
export function pendingSteps(store: Store, order: OrderRecord): string[] {
  const pending: string[] = [];
  if (order.additional_steps.includes('phone_number_verification_codes')) {
    const numbers = store.numbersOf(order.id).map((n) => n.phone_number);
    const verified = new Set(
      store.verificationCodes
        .filter((c) => c.porting_order_id === order.id && c.verified)
        .map((c) => c.phone_number as string),
    );
    const unverified = numbers.filter((n) => !verified.has(n));
    if (unverified.length) pending.push(`phone_number_verification_codes: verify ${unverified.join(', ')}`);
  }
  if (order.additional_steps.includes('associated_phone_numbers')) {
    if (!store.associated.some((a) => a.porting_order_id === order.id)) {
      pending.push('associated_phone_numbers: say which remaining numbers to keep or disconnect');
    }
  }
  return pending;
}

/** The order's requirement list as GET …/requirements shows it. */
export function requirementDetails(order: OrderRecord): Array<Record<string, unknown>> {
  const detail = (
    type: { id: string; name: string; description: string; example: string; type: string },
    value: string | null | undefined,
  ) => ({
    field_type: type.type === 'textual' ? 'textual' : 'document',
    ...(value ? { field_value: value } : {}),
    record_type: 'porting_requirement',
    requirement_status: value ? 'approved' : 'pending',
    requirement_type: { ...type, acceptance_criteria: {} },
  });
  if (isNanp(order)) {
    return [
      detail(DOCUMENT_REQUIREMENTS.loa, order.documents.loa),
      detail(DOCUMENT_REQUIREMENTS.invoice, order.documents.invoice),
    ];
  }
  return [
    detail(DOCUMENT_REQUIREMENTS.loa, order.documents.loa),
    ...INTL_REQUIREMENT_TYPES.map((t) =>
      detail(t, order.requirements.find((r) => r.requirement_type_id === t.id)?.field_value),
    ),
  ];
}
