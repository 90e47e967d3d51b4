import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptTemplates } from '../../src/mcp/prompts.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

/**
 * Each prompt is followed as written: the test reads the tool calls out of the rendered text, makes
 * them against a seeded sandbox, and checks the outcome the prompt promises.
 */
let s: Awaited<ReturnType<typeof sandboxSession>>;
beforeAll(async () => {
  s = await sandboxSession({ seed: 400 });
});
afterAll(() => s?.close());

async function prompt(name: string, args: Record<string, string> = {}): Promise<string> {
  const result = await s.mcp.client.getPrompt({ name, arguments: args });
  const content = result.messages[0]?.content;
  return content?.type === 'text' ? content.text : '';
}

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await s.mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

describe('prompts are tested recipes', () => {
  it('status_report: its order_list call, cursor followed, finds every open order', async () => {
    const text = await prompt('status_report');
    const [, statuses, size] =
      /order_list with filter\.status = (\[[^\]]+\]).*?page_size (\d+)/.exec(text) ?? [];
    expect(text).toMatch(/follow next_cursor until there is none/);
    const found: string[] = [];
    let page = await ok('order_list', {
      filter: { status: JSON.parse(String(statuses)) },
      page_size: Number(size),
    });
    for (;;) {
      found.push(...page.data.map((o: Json) => o.id));
      if (!page.next_cursor) break;
      page = await ok('order_list', { cursor: page.next_cursor });
    }
    const open = [...s.sandbox.store.orders.values()]
      .filter((o) => o.status !== 'ported' && o.status !== 'cancelled')
      .map((o) => o.id);
    expect(open.length).toBeGreaterThan(20);
    expect(found.sort()).toEqual(open.sort());
  });

  it('diagnose_order: its steps reach the exception code of an exception order and its meaning', async () => {
    const order = [...s.sandbox.store.orders.values()].find((o) => o.status === 'exception');
    const text = await prompt('diagnose_order', { porting_order_id: String(order?.id) });
    const steps = [...text.matchAll(/^\d\. (\w+)/gm)].map((m) => m[1]);
    expect(steps.slice(0, 2)).toEqual(['order_get', 'For']);
    // Step 1: order_get -> status.details (exception codes); step 2: order_exception_types_list.
    expect(text).toMatch(/1\. order_get: status\.value and status\.details \(exception codes\)/);
    const got = await ok('order_get', { porting_order_id: order?.id });
    expect(got.data.status.value).toBe('exception');
    const code = got.data.status.details[0].code;
    expect(text).toMatch(/order_exception_types_list gives their meaning/);
    const types = await ok('order_exception_types_list', {});
    expect(types.data.find((t: Json) => t.code === code)?.description).toMatch(/account number/);
    const history = await ok('event_list', { filter: { porting_order_id: order?.id } });
    expect(history.data.some((e: Json) => e.payload?.status?.value === 'exception')).toBe(true);
  });

  it('check_portability: one portability_check of a mixed list classifies every number', async () => {
    const numbers = '(303) 555-0001, +44 20 7946 0952\n1-800-555-0103, 303-555-0007; +1 303 555 0008';
    const text = await prompt('check_portability', { numbers, country: 'US' });
    expect(text).toMatch(/Call portability_check once with all of them with country "US"/);
    const given = numbers.split(/[,;\n]+/).map((n) => n.trim());
    const result = await ok('portability_check', { phone_numbers: given, country: 'US' });
    expect(text).toMatch(/number \(E\.164\) \| type \(number_type_derived/);
    const rows = result.data.map((r: Json) => [
      r.phone_number,
      r.number_type_derived,
      r.portable ? (r.fast_portable ? 'portable with FastPort' : 'portable') : 'not portable',
    ]);
    expect(rows).toEqual([
      ['+13035550001', 'fixed line or mobile', 'portable with FastPort'],
      ['+442079460952', 'fixed line', 'portable'],
      ['+18005550103', 'toll-free', 'portable'],
      ['+13035550007', 'fixed line or mobile', 'not portable'],
      ['+13035550008', 'fixed line or mobile', 'not portable'],
    ]);
    expect(result.normalized).toHaveLength(5);
  });

  it('port_from_spreadsheet: its group steps create, fill in and submit every order of the group', async () => {
    const args = { path: 'acme.csv', customer_group_reference: 'Acme 2026' };
    // Offered once portability_check_file and order_create_from_file are served; until then, its template.
    const offered = (await s.mcp.client.listPrompts()).prompts.some(
      (p) => p.name === 'port_from_spreadsheet',
    );
    const template = promptTemplates().find((p) => p.name === 'port_from_spreadsheet')?.text ?? '';
    const text = offered
      ? await prompt('port_from_spreadsheet', args)
      : template.replace(/\$\{arguments\.(\w+)\}/g, (_, k: string) => args[k as keyof typeof args] ?? '');
    // Every tool it names is one this server serves (or, in steps 1 and 2, the spreadsheet tools).
    const served = new Set((await s.mcp.client.listTools()).tools.map((t) => t.name));
    const named = new Set(text.match(/\b(?:portability|order|document)_[a-z_]+\b/g));
    for (const tool of named) {
      if (!['portability_check_file', 'order_create_from_file'].includes(tool))
        expect(served, tool).toContain(tool);
    }
    expect(text).toMatch(/1\. portability_check_file with path "acme\.csv"/);
    expect(text).toMatch(
      /order_create_from_file with the same path and customer_group_reference "Acme 2026"/,
    );
    // Step 2 stand-in: the orders of a spreadsheet port, created as one group.
    const phones = ['+13035550402', '+13035550412', '+13035550400', '+18005550406'];
    await ok('order_create', { phone_numbers: phones, customer_group_reference: 'Acme 2026' });
    // Steps 3-4: the end user and documents once, for the whole group.
    expect(text).toMatch(
      /4\. .*order_group_update with customer_group_reference "Acme 2026", end_user, and documents\.loa and documents\.invoice/,
    );
    const update = await ok('order_group_update', {
      customer_group_reference: 'Acme 2026',
      end_user: usEndUser('+13035550402'),
      documents: await uploadDocuments(s.mcp.call),
    });
    expect(update).toMatchObject({ updated: 4, requirements_met: { true: 4, false: 0 } });
    // Step 5: the status names the order with numbers to verify.
    expect(text).toMatch(
      /5\. order_group_status with customer_group_reference "Acme 2026".*order_verification_code_send.*order_verification_code_verify/,
    );
    const status = await ok('order_group_status', { customer_group_reference: 'Acme 2026' });
    const verify = status.needs_action.find((a: Json) => a.action === 'numbers to verify');
    expect(verify.orders).toBe(1);
    await ok('order_verification_code_send', {
      porting_order_id: verify.first[0],
      verification_method: 'sms',
      confirm: true,
    });
    await ok('order_verification_code_verify', {
      porting_order_id: verify.first[0],
      verification_codes: [{ phone_number: '+18005550406', code: '123456' }],
    });
    // Step 6: after the user's yes, one group confirm submits all.
    expect(text).toMatch(
      /6\. STOP and ask me whether to submit.*Only after I say yes: order_group_confirm with customer_group_reference "Acme 2026"/s,
    );
    const confirm = await ok('order_group_confirm', { customer_group_reference: 'Acme 2026', confirm: true });
    expect(confirm).toMatchObject({ submitted: 4, numbers_submitted: 4, cannot_pass: 0 });
    // Step 7: later, the group's status (the seeded sandbox has other groups; this one has these numbers).
    expect(text).toMatch(
      /7\. .*order_group_status with customer_group_reference "Acme 2026" \(since: when I last asked\), and export: true/,
    );
    const later = await ok('order_group_status', { customer_group_reference: 'Acme 2026' });
    expect(later.numbers).toBe(phones.length);
    expect(later.by_status).toEqual({ 'in-process': { orders: 4, numbers: 4 } });
  });
});
