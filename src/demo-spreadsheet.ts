#!/usr/bin/env node
/**
 * `npm run demo:spreadsheet`: a real MCP client starts this server in sandbox mode over stdio and ports
 * a spreadsheet of numbers the way an agent would with the spreadsheet tools: check the file, create
 * the orders of one group, fill them in once, submit the group, then follow it. What the client reads
 * is one summary per step, whatever the number of rows. No key, no network, nothing real.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

// biome-ignore lint/suspicious/noExplicitAny: the demo reads the summaries as they come
type Json = any;

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const GROUP = 'acme-pbx';
const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (title: string) => say(`\n▶ ${title}`);
const counts = (o: Record<string, unknown> = {}) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(', ');
const byStatus = (o: Record<string, { orders: number; numbers: number }> = {}) =>
  Object.entries(o)
    .map(([status, n]) => `${status} ${n.orders} (${n.numbers} numbers)`)
    .join(', ');

async function main(): Promise<void> {
  // The user's folder: the spreadsheet is read from it and the results are written beside it.
  const work = mkdtempSync(path.join(os.tmpdir(), 'telnyx-porting-demo-'));
  copyFileSync(path.join(EXAMPLES, 'numbers.csv'), path.join(work, 'numbers.csv'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      fileURLToPath(new URL('./cli.js', import.meta.url)),
      '--sandbox',
      '--files-dir',
      work,
      '--files-dir',
      EXAMPLES,
      '--output-dir',
      work,
    ],
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'telnyx-porting-demo', version: '1.0.0' });
  await client.connect(transport);
  let answered = 0;
  let ported = 0;
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join(' ');
    answered = Math.max(answered, text.length);
    if (result.isError) throw new Error(`${name} failed: ${text}`);
    return result.structuredContent ?? text;
  };

  try {
    say('telnyx-porting-mcp spreadsheet demo: SANDBOX mode (simulated, nothing is ported)');
    const rows = readFileSync(path.join(work, 'numbers.csv'), 'utf8').trim().split('\n').length - 1;

    step(`User: "Can the numbers in numbers.csv port?" (${rows} rows) → portability_check_file`);
    const check = await call('portability_check_file', { path: 'numbers.csv' });
    say(`  read as: ${counts(check.read_as)}`);
    say(
      `  ${check.rows} rows: ${check.portable} portable (${check.fast_portable} FastPort), ${check.not_portable} not portable, ${check.invalid_rows?.count ?? 0} unreadable, ${check.duplicate_rows?.count ?? 0} duplicate`,
    );
    say(`  not portable: ${counts(check.not_portable_reasons)}`);
    for (const line of [...(check.invalid_rows?.first ?? []), ...(check.duplicate_rows?.first ?? [])])
      say(`  ${line}`);
    say(`  every row's result: ${path.basename(check.results_file)}, beside the spreadsheet`);

    step(`User: "Port the portable ones for Acme" → order_create_from_file (group "${GROUP}")`);
    const created = await call('order_create_from_file', {
      path: 'numbers.csv',
      customer_group_reference: GROUP,
    });
    const orders = created.orders;
    say(
      `  ${created.numbers_ordered_this_call} numbers in ${orders.count} draft orders; ${created.skipped.not_portable} not portable, ${created.skipped.invalid_rows} unreadable and ${created.skipped.duplicate_rows} duplicate rows never sent`,
    );
    say(`  orders by country: ${counts(orders.by_country)}; by carrier: ${counts(orders.by_carrier)}`);
    say(
      `  orders by number type: ${counts(orders.by_number_type)}; numbers per order: ${counts(orders.numbers_per_order)}`,
    );

    step('User: "The signed LOA and the invoice are in examples/" → document_upload (path)');
    const documents: Record<string, string> = {};
    for (const [kind, file] of [
      ['loa', 'signed-loa.pdf'],
      ['invoice', 'invoice.pdf'],
    ] as const) {
      documents[kind] = (await call('document_upload', { path: path.join(EXAMPLES, file) })).data.id;
      say(`  ${file}: document ${documents[kind]?.slice(0, 8)}`);
    }

    step('Agent: the same end user and documents on every order → order_group_update (one call)');
    const endUser = {
      admin: {
        entity_name: 'Acme Ltd',
        auth_person_name: 'Jane Roe',
        billing_phone_number: '+13035550100',
        account_number: 'ACCT-42',
      },
      location: {
        street_address: '600 Congress Avenue',
        locality: 'Austin',
        administrative_area: 'TX',
        postal_code: '78701',
        country_code: 'US',
      },
    };
    const updated = await call('order_group_update', {
      customer_group_reference: GROUP,
      end_user: endUser,
      documents,
    });
    say(
      `  ${updated.updated} of ${updated.orders} orders updated; requirements met: ${counts(updated.requirements_met)}`,
    );
    for (const m of updated.still_missing ?? []) say(`  still missing on ${m.orders}: ${m.what} → ${m.fix}`);

    step('User: "Submit them" (the user said yes) → order_group_confirm');
    const confirmed = await call('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    say(`  ${confirmed.submitted} orders (${confirmed.numbers_submitted} numbers) submitted in one step`);
    for (const p of confirmed.cannot_pass_by_problem ?? [])
      say(`  ${p.orders} cannot pass yet: ${p.problem.split(' (')[0]} → ${p.fix}`);

    step('Sandbox: two days later → sandbox_clock_advance, then order_group_status');
    await call('sandbox_clock_advance', { hours: 48 });
    const status = await call('order_group_status', { customer_group_reference: GROUP });
    say(`  ${status.orders} orders, ${status.numbers} numbers: ${byStatus(status.by_status)}`);
    for (const a of status.needs_action ?? []) say(`  needs action (${a.orders}): ${a.action} → ${a.fix}`);
    say(`  changes since ${status.changes.since}: ${counts(status.changes.status_changes_to)}`);

    step('Agent: the carrier wants another account number → order_group_update, order_group_confirm');
    await call('order_group_update', {
      customer_group_reference: GROUP,
      end_user: { admin: { account_number: 'ACCT-42-B' } },
    });
    const again = await call('order_group_confirm', { customer_group_reference: GROUP, confirm: true });
    say(`  ${again.submitted} order resubmitted; orders already on their way were left as they are`);

    step('Sandbox: a week later → sandbox_clock_advance, then order_group_status with export');
    await call('sandbox_clock_advance', { hours: 168 });
    const final = await call('order_group_status', { customer_group_reference: GROUP, export: true });
    say(`  ${byStatus(final.by_status)}; FOC dates ${final.foc.earliest} to ${final.foc.latest}`);
    say(
      `  every number with its order and status: ${path.basename(final.export.path)} (${final.export.rows} rows)`,
    );
    ported = final.by_status?.ported?.numbers ?? 0;
  } finally {
    await client.close();
    rmSync(work, { recursive: true, force: true });
  }
  say(
    `\nDone: ${ported} numbers ported in the sandbox; the longest answer the client read was ${answered} characters, whatever the size of the spreadsheet.`,
  );
  if (!ported) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
