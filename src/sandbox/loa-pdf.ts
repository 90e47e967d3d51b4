import { iso } from './clock.js';
import { renderPdf } from './pdf.js';
import type { Item, OrderRecord } from './store.js';

type LoaFields = Pick<Item, 'name' | 'company_name' | 'address' | 'contact'> | Record<string, unknown>;

/**
 * A Letter of Authorization as the sandbox renders it: the LOA configuration's company block, and for
 * an order its end user, service address and numbers, with lines to sign. Real PDF, viewer-ready.
 */
export function renderLoa(config?: LoaFields, order?: OrderRecord, numbers: string[] = []): Buffer {
  const address = (config?.address ?? {}) as Record<string, string | undefined>;
  const contact = (config?.contact ?? {}) as Record<string, string | undefined>;
  const company = (config?.company_name as string | undefined) ?? 'Telnyx LLC';
  const lines: Parameters<typeof renderPdf>[0]['lines'] = [
    { text: company, bold: true, size: 13 },
    [address.street_address, address.extended_address].filter(Boolean).join(', ') || '600 Congress Avenue',
    [address.city, address.state, address.zip_code, address.country_code].filter(Boolean).join(' ') ||
      'Austin TX 78701 US',
    contact.email || contact.phone_number
      ? `Contact: ${[contact.email, contact.phone_number].filter(Boolean).join(', ')}`
      : '',
    { text: `Configuration: ${(config?.name as string | undefined) ?? 'default'}`, gap: 4 },
  ];
  if (order) {
    const admin = order.end_user.admin;
    const location = order.end_user.location;
    lines.push(
      { text: 'Authorization', bold: true, size: 13, gap: 14 },
      `I authorize ${company} to act as my agent to port the telephone numbers below from ${order.carrier} to Telnyx.`,
      { text: `Account holder: ${admin.entity_name ?? '________________'}`, gap: 8 },
      `Account number with current carrier: ${admin.account_number ?? '________________'}`,
      `Billing telephone number: ${admin.billing_phone_number ?? '________________'}`,
      `Service address: ${[location.street_address, location.locality, location.administrative_area, location.postal_code, location.country_code].filter(Boolean).join(', ') || '________________'}`,
      { text: `Telephone numbers (${numbers.length})`, bold: true, gap: 10 },
      ...numbers,
      { text: `Authorized person: ${admin.auth_person_name ?? '________________'}`, gap: 18 },
      'Signature: ______________________________     Date: ______________',
    );
  }
  return renderPdf({
    title: order ? 'Letter of Authorization' : 'Letter of Authorization (preview)',
    lines,
    footer: `Sandbox document${order ? ` for porting order ${order.id}` : ''}, generated ${iso(order?.updated_at ?? 0).slice(0, 10)}. Not valid for a real port.`,
  });
}
