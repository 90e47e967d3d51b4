import { afterEach, describe, expect, it } from 'vitest';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

let s: Awaited<ReturnType<typeof sandboxSession>> | undefined;
afterEach(async () => {
  expect(s?.problems ?? []).toEqual([]);
  await s?.close();
  s = undefined;
});

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await s?.mcp.call(name, args);
  expect(result?.isError, `${name}: ${result && textOf(result)}`).toBeFalsy();
  return result?.structuredContent;
}

describe('requirements through the MCP tools', () => {
  it('document ids given as requirements[] meet the LOA and invoice requirements; the order submits', async () => {
    s = await sandboxSession();
    const docs = await uploadDocuments((name, args) => (s as NonNullable<typeof s>).mcp.call(name, args));
    const id = (await ok('order_create', { phone_numbers: ['+13035550002'] })).data[0].id;
    const listed = (await ok('order_requirements_list', { porting_order_id: id })).data as Json[];
    const typeOf = (name: RegExp) =>
      listed.find((r) => name.test(r.requirement_type.name)).requirement_type.id;
    const updated = await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550002'),
      requirements: [
        { requirement_type_id: typeOf(/Authorization/), field_value: docs.loa },
        { requirement_type_id: typeOf(/invoice/i), field_value: docs.invoice },
      ],
    });
    expect(updated.data.requirements_met).toBe(true);
    const after = (await ok('order_requirements_list', { porting_order_id: id })).data as Json[];
    expect(after.every((r) => r.requirement_status === 'approved')).toBe(true);
    const confirmed = await ok('order_confirm', { porting_order_id: id, confirm: true });
    expect(confirmed.data.status.value).toBe('in-process');
  });
});
