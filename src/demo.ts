#!/usr/bin/env node
/**
 * `npm run demo`: a real MCP client starts this server in sandbox mode over stdio and walks the
 * porting flow an agent would, printing a readable transcript. No key, no network, nothing real.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

// biome-ignore lint/suspicious/noExplicitAny: the demo reads the API's JSON as it comes
type Json = any;

const NUMBERS = ['+13035550100', '+13035550101', '+13035550103', '+13035550107', '+442079460104'];
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const started = Date.now();
const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (title: string) => say(`\n▶ ${title}`);

async function main(): Promise<void> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    // The sandbox clock is held: it moves only when this script advances it (sandbox_clock_advance), so
    // every step sees the same sandbox time however long the previous one took.
    // examples/ (the signed LOA and invoice the demo uploads) is the one folder it may read files from.
    args: [fileURLToPath(new URL('./cli.js', import.meta.url)), '--sandbox', '--files-dir', EXAMPLES],
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'telnyx-porting-demo', version: '1.0.0' });
  await client.connect(transport);

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join(' ');
    if (result.isError) throw new Error(`${name} failed: ${text}`);
    return result.structuredContent ?? text;
  };

  say(
    'telnyx-porting-mcp demo: an MCP client driving the server in SANDBOX mode (simulated, nothing is ported)',
  );
  const { tools } = await client.listTools();
  // Sandbox mode serves its clock tool beside the ones every start serves.
  const sandboxOnly = tools.filter((t) => t.name.startsWith('sandbox_')).map((t) => t.name);
  say(
    `Connected over stdio: ${tools.length - sandboxOnly.length} tools, plus ${sandboxOnly.join(', ')} (sandbox mode only). Instructions begin: "${client.getInstructions()?.split('\n')[0]}"`,
  );

  step(`User: "Check if these numbers are portable" → portability_check`);
  const checks = (await call('portability_check', { phone_numbers: NUMBERS })).data;
  for (const c of checks) {
    say(
      `  ${c.phone_number.padEnd(14)} ${c.portable ? `portable${c.fast_portable ? ', FastPort' : ''}` : `NOT portable: ${c.not_portable_reason}`}`,
    );
  }
  const portable = checks.filter((c: Json) => c.portable).map((c: Json) => c.phone_number);

  step(`User: "Port the portable ones" → order_create (${portable.length} numbers)`);
  const orders = (await call('order_create', { phone_numbers: portable, customer_reference: 'demo' })).data;
  say(
    `  Telnyx split them into ${orders.length} draft orders (by country, number type and FastPort eligibility):`,
  );
  for (const o of orders)
    say(`  ${o.id}  ${o.description}: ${o.phone_numbers.map((n: Json) => n.phone_number).join(', ')}`);

  step('Agent: what does each order still need? → order_confirm is refused until requirements are met');
  const first = orders[0];
  try {
    await call('order_confirm', { porting_order_id: first.id, confirm: true });
  } catch (error) {
    // Refused by the server's gate before anything is sent, naming the fields and the tool that fills them.
    const line = String((error as Error).message)
      .split('\n')
      .find((l) => l.startsWith('- empty '));
    const [fields, tool] = (line ?? '').slice('- empty '.length).split(': set them with ');
    say(`  Refused before sending, naming what is missing: ${fields} (fill with ${tool})`);
  }

  step('User: "The signed LOA and the invoice are in examples/" → document_upload (path)');
  const documents: Record<string, string> = {};
  for (const [kind, file] of [
    ['loa', 'signed-loa.pdf'],
    ['invoice', 'invoice.pdf'],
  ] as const) {
    const doc = (await call('document_upload', { path: file })).data;
    documents[kind] = doc.id;
    say(
      `  ${file}: document ${doc.id.slice(0, 8)}, ${doc.content_type}, ${doc.size.amount} bytes, sha256 ${doc.sha256.slice(0, 12)}…`,
    );
  }

  step(
    'Agent: fill end user, service address, attach the documents, pick a FOC date → order_update, order_requirements_list',
  );
  for (const o of orders) {
    const windows = (await call('order_foc_windows_list', { porting_order_id: o.id })).data;
    const us = o.phone_numbers[0].phone_number.startsWith('+1');
    const updated = await call('order_update', {
      porting_order_id: o.id,
      end_user: {
        admin: {
          entity_name: 'Acme Ltd',
          auth_person_name: 'Jane Roe',
          billing_phone_number: o.phone_numbers[0].phone_number,
          account_number: 'ACCT-42',
        },
        location: us
          ? {
              street_address: '600 Congress Avenue',
              locality: 'Austin',
              administrative_area: 'TX',
              postal_code: '78701',
              country_code: 'US',
            }
          : {
              street_address: '10 Downing Street',
              locality: 'London',
              postal_code: 'SW1A 2AA',
              country_code: 'GB',
            },
      },
      documents: { loa: documents.loa, invoice: documents.invoice },
      activation_settings: { foc_datetime_requested: windows[0].started_at },
    });
    if (!updated.data.requirements_met) {
      const reqs = (await call('order_requirements_list', { porting_order_id: o.id })).data;
      const values = reqs
        .filter(
          (r: Json) =>
            r.requirement_status !== 'approved' && r.requirement_type.name !== 'Letter of Authorization',
        )
        .map((r: Json) => ({
          requirement_type_id: r.requirement_type.id,
          field_value: r.field_type === 'document' ? documents.invoice : '09876543',
        }));
      const open = reqs
        .filter((r: Json) => r.requirement_status !== 'approved')
        .map((r: Json) => r.requirement_type.name);
      say(`  ${o.id.slice(0, 8)}: this international order also needs: ${open.join(', ')}`);
      await call('order_update', { porting_order_id: o.id, requirements: values });
    }
    const check = (await call('order_get', { porting_order_id: o.id, include_phone_numbers: false })).data;
    say(
      `  ${o.id.slice(0, 8)}: requirements_met=${check.requirements_met}, FOC requested ${check.activation_settings.foc_datetime_requested}`,
    );
  }

  step('User: "Submit them" (the user said yes) → order_confirm');
  for (const o of orders) {
    const submitted = (await call('order_confirm', { porting_order_id: o.id, confirm: true })).data;
    say(`  ${o.id.slice(0, 8)}: ${submitted.status.value}, support key ${submitted.support_key}`);
  }

  step('Sandbox: skip ahead to each scheduled change → sandbox_clock_advance, then order_get');
  const last = new Map<string, string>(orders.map((o: Json) => [o.id, 'in-process']));
  const allPorted = () => [...last.values()].every((s) => s === 'ported');
  for (let i = 0; i < 20 && !allPorted(); i++) {
    const tick = await call('sandbox_clock_advance', { to_next_change: true });
    for (const o of orders) {
      const status = (await call('order_get', { porting_order_id: o.id, include_phone_numbers: false })).data
        .status.value;
      if (last.get(o.id) !== status) say(`  ${tick.now}  ${o.id.slice(0, 8)}: ${status}`);
      last.set(o.id, status);
    }
  }

  step(`Agent: the history of ${first.id.slice(0, 8)} → event_list`);
  const events = (await call('event_list', { filter: { porting_order_id: first.id } })).data;
  for (const e of [...events].reverse())
    say(`  ${e.created_at}  ${e.event_type}${e.payload?.status ? ` → ${e.payload.status.value}` : ''}`);

  step('Agent: list porting numbers two at a time → porting_number_list with pagination');
  let page = 1;
  for (;;) {
    const result = await call('porting_number_list', { page_size: 2, page_number: page });
    say(
      `  page ${result.meta.page_number}/${result.meta.total_pages}: ${result.data.map((n: Json) => `${n.phone_number} (${n.activation_status})`).join(', ')}`,
    );
    if (!result.meta.next_page_number) break;
    page = result.meta.next_page_number;
  }

  await client.close();
  const ported = [...last.values()].filter((s) => s === 'ported').length;
  say(
    `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s: ${ported} of ${orders.length} orders ported in the sandbox.`,
  );
  if (ported !== orders.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
