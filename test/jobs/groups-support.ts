import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { INTL_REQUIREMENT_TYPES } from '../../src/sandbox/requirements.js';
import { uploadDocuments, uploadExample, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
export type Json = any;

type Call = (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;

/**
 * Numbers chosen by last digit (src/sandbox/numbers.ts) so one order_create splits into six orders:
 * three US carriers (one with a number ending 9: the carrier rejects the first submit), a FastPort
 * order, a toll-free order needing verification codes (ending 6), and a GB order with its own requirements.
 */
export const GROUP_NUMBERS = [
  '+13035550102',
  '+13035550103',
  '+13035550112',
  '+13035550122',
  '+13035550129',
  '+13035550100',
  '+18005550106',
  '+442079460952',
];

export async function ok(call: Call, name: string, args: Record<string, unknown> = {}): Promise<Json> {
  const result = await call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

/** Creates the orders of a group with order_create, as a port from a spreadsheet would. */
export async function createGroup(call: Call, group: string, numbers = GROUP_NUMBERS): Promise<string[]> {
  const created = await ok(call, 'order_create', { phone_numbers: numbers, customer_group_reference: group });
  return created.data.map((o: Json) => o.id);
}

/** What every order of the group needs: the end user, an uploaded LOA and invoice. */
export async function groupFields(call: Call) {
  return { end_user: usEndUser('+13035550102', 'ACCT-7'), documents: await uploadDocuments(call) };
}

/** The GB order's own requirements: a proof of address (a file) and a company number. */
export async function intlRequirements(call: Call) {
  const proof = await uploadExample(call, 'invoice.pdf');
  const [address, company] = INTL_REQUIREMENT_TYPES;
  return [
    { requirement_type_id: address.id, field_value: proof },
    { requirement_type_id: company.id, field_value: '09876543' },
  ];
}

/** Verifies every number of an order that needs verification codes (the sandbox accepts 123456). */
export async function verifyNumbers(call: Call, orderId: string, numbers: string[]) {
  await ok(call, 'order_verification_code_send', {
    porting_order_id: orderId,
    verification_method: 'sms',
    confirm: true,
  });
  await ok(call, 'order_verification_code_verify', {
    porting_order_id: orderId,
    verification_codes: numbers.map((phone_number) => ({ phone_number, code: '123456' })),
  });
}
