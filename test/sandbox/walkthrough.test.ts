import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { HOUR, MINUTE } from '../../src/sandbox/clock.js';
import { uploadDocuments, uploadExample, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

const loaFields = {
  name: 'Acme LOA',
  company_name: 'Acme Ltd',
  address: {
    street_address: '600 Congress Avenue',
    city: 'Austin',
    state: 'TX',
    zip_code: '78701',
    country_code: 'US',
  },
  contact: { email: 'ops@acme.example', phone_number: '+12003270001' },
  logo: { document_id: '' }, // the uploaded examples/logo.png, set where it is used
};
const US_END_USER = usEndUser('+13035550000');
let DOCS: { loa: string; invoice: string };

/**
 * All 62 tools (54 porting, 8 documents), through the SDK Client, against the sandbox: the workflows a porting specialist runs,
 * with every request checked by the sandbox against the spec and every answer validated by the test.
 */
describe('sandbox walkthrough: every tool, spec-valid both ways', () => {
  let s: Awaited<ReturnType<typeof sandboxSession>>;
  const called = new Set<string>();
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> => {
    called.add(name);
    return s.mcp.call(name, args);
  };
  const ok = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = await call(name, args);
    expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
    return result.structuredContent ?? result;
  };
  const skip = (ms: number) => s.sandbox.clock.skip(ms);
  const statusOf = async (id: string) => (await ok('order_get', { porting_order_id: id })).data.status.value;

  let usFast: string;
  let usSlow: string;
  let gb: string;

  beforeAll(async () => {
    s = await sandboxSession();
    DOCS = await uploadDocuments(call);
  });
  afterAll(() => s.close());

  it('reference data', async () => {
    expect((await ok('uk_carrier_list')).data.length).toBeGreaterThan(0);
    expect((await ok('order_exception_types_list')).data).toHaveLength(21);
  });

  it('portability check: deterministic outcomes by last digit', async () => {
    const { data } = await ok('portability_check', {
      phone_numbers: ['+13035550000', '+13035550003', '+13035550007', '+13035550008', '+442079460004'],
    });
    expect(
      data.map((r: Json) => [r.phone_number, r.portable, r.fast_portable, r.not_portable_reason]),
    ).toEqual([
      ['+13035550000', true, true, ''],
      ['+13035550003', true, false, ''],
      ['+13035550007', false, false, 'No coverage'],
      ['+13035550008', false, false, 'Number is not active with the current carrier'],
      ['+442079460004', true, false, ''],
    ]);
  });

  it('a non-portable number is refused with the reason, naming the field', async () => {
    const result = await call('order_create', { phone_numbers: ['+13035550000', '+13035550007'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTTP 422/);
    expect(textOf(result)).toMatch(/\+13035550007 is not portable: No coverage \(field phone_numbers\[1\]\)/);
  });

  it('creating an order splits by country, number type and FastPort, and emits split events', async () => {
    const { data } = await ok('order_create', {
      phone_numbers: ['+13035550000', '+13035550001', '+13035550003', '+442079460004'],
      customer_reference: 'walkthrough',
    });
    expect(data).toHaveLength(3);
    for (const order of data) {
      expect(order.status.value).toBe('draft');
      expect(order.requirements_met).toBe(false);
    }
    usFast = data.find((o: Json) => o.activation_settings.fast_port_eligible).id;
    usSlow = data.find(
      (o: Json) => o.phone_number_type === 'local' && !o.activation_settings.fast_port_eligible,
    ).id;
    gb = data.find((o: Json) => o.phone_numbers[0].phone_number.startsWith('+44')).id;
    expect(data.find((o: Json) => o.id === usFast).porting_phone_numbers_count).toBe(2);
    const splits = await ok('event_list', { filter: { type: 'porting_order.split' } });
    expect(splits.data).toHaveLength(2);
  });

  it('submitting with requirements missing is refused, naming each missing field', async () => {
    const result = await call('order_confirm', { porting_order_id: usFast, confirm: true });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    // Refused by the gate (src/mcp/gates.ts) before any write, in tool terms.
    for (const field of [
      'end_user.admin.entity_name',
      'end_user.location.postal_code',
      'documents.loa',
      'Latest invoice',
      'order_update',
    ]) {
      expect(text).toContain(field);
    }
    expect(text).toMatch(/upload the file with document_upload .* order_update documents\.loa/);
    expect(text).not.toMatch(/PATCH|\/porting_orders\/[0-9a-f-]+\./);
  });

  it('filling end user and documents flips requirements_met', async () => {
    const reqs = await ok('order_requirements_list', { porting_order_id: usFast });
    expect(reqs.data.map((r: Json) => r.requirement_status)).toEqual(['pending', 'pending']);
    const windows = (await ok('order_foc_windows_list', { porting_order_id: usFast })).data;
    expect(windows.length).toBe(5);
    const updated = await ok('order_update', {
      porting_order_id: usFast,
      end_user: US_END_USER,
      documents: DOCS,
      activation_settings: { foc_datetime_requested: windows[1].started_at },
      messaging: { enable_messaging: true },
    });
    expect(updated.data.requirements_met).toBe(true);
    // The REST link becomes the tool call that lists the order's numbers.
    expect(updated.meta).toEqual({
      phone_numbers: `porting_number_list with filter.porting_order_id ["${usFast}"]`,
    });
    const after = await ok('order_requirements_list', { porting_order_id: usFast });
    expect(after.data.map((r: Json) => r.requirement_status)).toEqual(['approved', 'approved']);
  });

  it('a FOC date outside the allowed windows is refused', async () => {
    const result = await call('order_update', {
      porting_order_id: usSlow,
      activation_settings: { foc_datetime_requested: '2020-01-01T00:00:00Z' },
    });
    expect(textOf(result)).toMatch(
      /outside the allowed windows; see order_foc_windows_list\. \(field activation_settings\.foc_datetime_requested\)/,
    );
  });

  it('side records: comments, documents, share token, sub-request, LOA template', async () => {
    const comment = await ok('order_comment_create', {
      porting_order_id: usFast,
      body: 'Please port on Tuesday.',
    });
    expect(comment.data.body).toBe('Please port on Tuesday.');
    expect((await ok('order_comment_list', { porting_order_id: usFast })).data).toHaveLength(1);
    const docs = await ok('order_document_create', {
      porting_order_id: usFast,
      additional_documents: [{ document_id: DOCS.loa, document_type: 'csr' }],
    });
    expect(
      (await ok('order_document_list', { porting_order_id: usFast, filter: { document_type: ['csr'] } }))
        .data,
    ).toHaveLength(1);
    await ok('order_document_delete', {
      porting_order_id: usFast,
      additional_document_id: docs.data[0].id,
      confirm: true,
    });
    expect((await ok('order_document_list', { porting_order_id: usFast })).data).toHaveLength(0);
    const token = await ok('order_share', {
      porting_order_id: usFast,
      expires_in_seconds: 600,
      confirm: true,
    });
    expect(token.data.permissions).toEqual(['porting_order.document.read']);
    // What the token is for, as far as Telnyx documents it, and no claim beyond that.
    expect(token.note).toMatch(/without a Telnyx account read or upload this order's documents/);
    expect(token.note).toMatch(/not documented/);
    expect(
      (await ok('order_sub_request_get', { porting_order_id: usFast })).data.port_request_id,
    ).toBeTruthy();
    const pdf = await call('order_loa_template_get', { porting_order_id: usFast });
    const blob = pdf.content.find((c) => c.type === 'resource');
    const bytes = Buffer.from(
      blob?.type === 'resource' && 'blob' in blob.resource ? blob.resource.blob : '',
      'base64',
    );
    expect(bytes.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(bytes.toString('latin1')).toContain('(+13035550000) Tj');
  });

  it('numbers: list across orders (JSON and CSV) and user bundle assignment', async () => {
    const numbers = await ok('porting_number_list', { filter: { porting_order_id: [usFast] } });
    expect(numbers.data.map((n: Json) => n.phone_number).sort()).toEqual(['+13035550000', '+13035550001']);
    const csv = await call('porting_number_list', { format: 'csv', filter: { porting_order_id: [usFast] } });
    expect(textOf(csv).split('\n')[0]).toBe(
      'phone_number,phone_number_type,porting_order_id,support_key,porting_order_status',
    );
    const bundle = '0a4b78a0-d416-4761-94f7-46c72ec56547';
    await ok('number_config_create', {
      phone_number_configurations: [{ porting_phone_number_id: numbers.data[0].id, user_bundle_id: bundle }],
    });
    const configs = await ok('number_config_list', { filter: { user_bundle_id: [bundle] } });
    expect(configs.data).toHaveLength(1);
  });

  it('happy path: submit, carrier confirms the FOC date, FastPort activation, ported', async () => {
    const submitted = await ok('order_confirm', { porting_order_id: usFast, confirm: true });
    expect(submitted.data.status.value).toBe('in-process');
    expect(submitted.data.support_key).toMatch(/^sr_/);
    skip(11 * MINUTE);
    expect(await statusOf(usFast)).toBe('submitted');
    skip(2 * HOUR);
    const confirmed = await ok('order_get', { porting_order_id: usFast });
    expect(confirmed.data.status.value).toBe('foc-date-confirmed');
    expect(confirmed.data.activation_settings.foc_datetime_actual).toBeTruthy();
    const job = await ok('order_activate', { porting_order_id: usFast, confirm: true });
    expect(job.data.status).toBe('in-process');
    const windows = job.data.activation_windows;
    const rescheduled = await ok('order_activation_job_update', {
      porting_order_id: usFast,
      activation_job_id: job.data.id,
      activate_at: windows[0].start_at,
    });
    expect(rescheduled.data.activation_type).toBe('scheduled');
    expect((await ok('order_activation_job_list', { porting_order_id: usFast })).data).toHaveLength(1);
    skip(3 * 24 * HOUR);
    expect(
      (await ok('order_activation_job_get', { porting_order_id: usFast, activation_job_id: job.data.id }))
        .data.status,
    ).toBe('completed');
    const ported = await ok('order_get', { porting_order_id: usFast });
    expect(ported.data.status.value).toBe('ported');
    expect(ported.data.phone_numbers.map((n: Json) => n.activation_status)).toEqual(['Active', 'Active']);
    expect(ported.data.messaging.messaging_port_status).toBe('ported');
    const history = await ok('event_list', {
      filter: { porting_order_id: usFast, type: 'porting_order.status_changed' },
    });
    expect(history.data.map((e: Json) => e.payload.status.value)).toEqual([
      'ported',
      'foc-date-confirmed',
      'submitted',
      'in-process',
    ]);
    const event = await ok('event_get', { id: history.data[0].id });
    expect(event.data.porting_order_id).toBe(usFast);
    await ok('event_republish', { id: event.data.id });
  });

  it('cancel: submitted -> cancel-pending -> cancelled; delete is refused outside draft', async () => {
    await ok('order_update', {
      porting_order_id: usSlow,
      end_user: { ...US_END_USER, admin: { ...US_END_USER.admin, billing_phone_number: '+13035550003' } },
      documents: DOCS,
    });
    await ok('order_confirm', { porting_order_id: usSlow, confirm: true });
    const refused = await call('order_delete', { porting_order_id: usSlow, confirm: true });
    expect(textOf(refused)).toMatch(/only drafts can be deleted; stop a submitted order with order_cancel/);
    expect((await ok('order_cancel', { porting_order_id: usSlow, confirm: true })).data.status.value).toBe(
      'cancel-pending',
    );
    skip(2 * HOUR);
    expect(await statusOf(usSlow)).toBe('cancelled');
    expect(textOf(await call('order_cancel', { porting_order_id: usSlow, confirm: true }))).toMatch(
      /cancelled order is final/,
    );
  });

  it('GB order: international requirements, associated numbers, blocks, extensions, then delete the draft', async () => {
    const reqs = await ok('order_requirements_list', { porting_order_id: gb });
    expect(reqs.data.map((r: Json) => r.requirement_type.name)).toEqual([
      'Letter of Authorization',
      'Proof of address',
      'Company registration number',
    ]);
    const assoc = await ok('order_associated_number_create', {
      porting_order_id: gb,
      action: 'keep',
      phone_number_range: { start_at: '+442079460010', end_at: '+442079460019' },
    });
    expect(
      (await ok('order_associated_number_list', { porting_order_id: gb, filter: { action: 'keep' } })).data,
    ).toHaveLength(1);
    await ok('order_associated_number_delete', { porting_order_id: gb, id: assoc.data.id, confirm: true });
    const block = await ok('order_number_block_create', {
      porting_order_id: gb,
      phone_number_range: { start_at: '+442079460100', end_at: '+442079460199' },
      activation_ranges: [{ start_at: '+442079460100', end_at: '+442079460149' }],
    });
    expect(
      (
        await ok('order_number_block_list', {
          porting_order_id: gb,
          filter: { phone_number: ['+442079460120'] },
        })
      ).data,
    ).toHaveLength(1);
    await ok('order_number_block_delete', { porting_order_id: gb, id: block.data.id, confirm: true });
    const number = (await ok('porting_number_list', { filter: { porting_order_id: [gb] } })).data[0];
    const ext = await ok('order_number_extension_create', {
      porting_order_id: gb,
      porting_phone_number_id: number.id,
      extension_range: { start_at: 100, end_at: 199 },
      activation_ranges: [{ start_at: 100, end_at: 120 }],
    });
    expect((await ok('order_number_extension_list', { porting_order_id: gb })).data).toHaveLength(1);
    await ok('order_number_extension_delete', { porting_order_id: gb, id: ext.data.id, confirm: true });
    await ok('order_delete', { porting_order_id: gb, confirm: true });
    expect(textOf(await call('order_get', { porting_order_id: gb }))).toMatch(/HTTP 404/);
    expect((await ok('event_list', { filter: { type: 'porting_order.deleted' } })).data).toHaveLength(1);
  });

  it('verification codes for a number that needs them block submission until verified', async () => {
    const { data } = await ok('order_create', { phone_numbers: ['+13035550016'] });
    const id = data[0].id;
    expect(data[0].additional_steps).toEqual(['phone_number_verification_codes']);
    await ok('order_update', {
      porting_order_id: id,
      end_user: { ...US_END_USER, admin: { ...US_END_USER.admin, billing_phone_number: '+13035550016' } },
      documents: DOCS,
    });
    expect(textOf(await call('order_confirm', { porting_order_id: id, confirm: true }))).toMatch(
      /\+13035550016: order_verification_code_send/,
    );
    await ok('order_verification_code_send', {
      porting_order_id: id,
      verification_method: 'sms',
      confirm: true,
    });
    const wrong = await ok('order_verification_code_verify', {
      porting_order_id: id,
      verification_codes: [{ phone_number: '+13035550016', code: '000000' }],
    });
    expect(wrong.data[0].verified).toBe(false);
    await ok('order_verification_code_verify', {
      porting_order_id: id,
      verification_codes: [{ phone_number: '+13035550016', code: '123456' }],
    });
    expect(
      (await ok('order_verification_code_list', { porting_order_id: id, filter: { verified: true } })).data,
    ).toHaveLength(1);
    expect((await ok('order_confirm', { porting_order_id: id, confirm: true })).data.status.value).toBe(
      'in-process',
    );
  });

  it('AU order: an ID-verification action requirement to start', async () => {
    const { data } = await ok('order_create', { phone_numbers: ['+61291234561'] });
    const list = await ok('order_action_requirement_list', { porting_order_id: data[0].id });
    expect(list.data[0].action_type).toBe('au_id_verification');
    const started = await ok('order_action_requirement_initiate', {
      porting_order_id: data[0].id,
      id: list.data[0].id,
      params: { first_name: 'Jane', last_name: 'Roe' },
    });
    expect(started.data.status).toBe('pending');
  });

  it('LOA configurations: create, list, get, update, previews, delete', async () => {
    const invented = await call('loa_config_create', {
      ...loaFields,
      logo: { document_id: DOCS.loa.replace(/^.{8}/, '00000000') },
    });
    expect(textOf(invented)).toMatch(/No document with id 00000000.*\(field logo\.document_id\)/);
    const notPng = await call('loa_config_create', { ...loaFields, logo: { document_id: DOCS.loa } });
    expect(textOf(notPng)).toMatch(/logo must be a PNG image.*\(field logo\.document_id\)/);
    // Uploaded here: an upload nobody links within 30 sandbox minutes is gone.
    loaFields.logo.document_id = await uploadExample(call, 'logo.png');
    const created = await ok('loa_config_create', loaFields);
    const id = created.data.id;
    expect((await ok('loa_config_list')).data).toHaveLength(1);
    expect((await ok('loa_config_get', { id })).data.company_name).toBe('Acme Ltd');
    expect(
      (await ok('loa_config_update', { id, ...loaFields, company_name: 'Acme Group' })).data.company_name,
    ).toBe('Acme Group');
    for (const [tool, args] of [
      ['loa_config_preview', { id }],
      ['loa_config_preview_draft', loaFields],
    ] as const) {
      const result = await call(tool, args);
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.content[1]?.type).toBe('resource');
    }
    await ok('loa_config_delete', { id, confirm: true });
    expect(textOf(await call('loa_config_get', { id }))).toMatch(/HTTP 404/);
  });

  it('reports: the CSV export completes with a document that downloads as CSV', async () => {
    const report = await ok('report_create', {
      report_type: 'export_porting_orders_csv',
      params: { filters: { status__in: ['ported'] } },
    });
    expect(report.data.status).toBe('pending');
    skip(2 * MINUTE);
    const documentId = (await ok('report_get', { id: report.data.id })).data.document_id;
    expect((await ok('report_list', { filter: { status: 'completed' } })).data).toHaveLength(1);
    const csv = await call('document_download', { id: documentId });
    expect(csv.isError, textOf(csv)).toBeFalsy();
    const file = csv.content.find((c) => c.type === 'resource');
    expect(file?.type === 'resource' && file.resource.mimeType).toBe('text/csv');
    const text = file?.type === 'resource' && 'text' in file.resource ? String(file.resource.text) : '';
    const [header, ...rows] = text.trim().split('\n');
    expect(header).toBe('id,status,customer_reference,phone_numbers,created_at');
    const ported = [...s.sandbox.store.orders.values()].filter((o) => o.status === 'ported');
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(ported.map((o) => o.id).sort());
  });

  it('documents: upload, read, rename, links, download, link, delete only when unlinked', async () => {
    const doc = (await ok('document_get', { id: DOCS.loa })).data;
    expect(doc).toMatchObject({ filename: 'signed-loa.pdf', content_type: 'application/pdf' });
    expect(doc.size.amount).toBe(
      readFileSync(new URL('../../examples/signed-loa.pdf', import.meta.url)).length,
    );
    expect(doc.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(new URL('../../examples/signed-loa.pdf', import.meta.url)))
        .digest('hex'),
    );
    expect((await ok('document_list', { filter: { filename: { contains: 'invoice' } } })).data).toHaveLength(
      1,
    );
    const renamed = await ok('document_update', { id: DOCS.invoice, customer_reference: 'Acct 123' });
    expect(renamed.data.customer_reference).toBe('Acct 123');
    const links = await ok('document_link_list', { filter: { linked_resource_id: usFast } });
    expect(links.data.map((l: Json) => l.document_id).sort()).toEqual([DOCS.loa, DOCS.invoice].sort());
    const pdf = await call('document_download', { id: DOCS.loa });
    const blob = pdf.content.find((c) => c.type === 'resource');
    expect(
      Buffer.from(blob?.type === 'resource' && 'blob' in blob.resource ? blob.resource.blob : '', 'base64'),
    ).toEqual(readFileSync(new URL('../../examples/signed-loa.pdf', import.meta.url)));
    expect((await ok('document_download_link', { id: DOCS.loa, confirm: true })).data.url).toMatch(
      /^https:\/\//,
    );
    const linked = await call('document_delete', { id: DOCS.loa, confirm: true });
    expect(textOf(linked)).toMatch(/HTTP 422[\s\S]*linked to porting_order/);
    const spare = await uploadExample(call, 'invoice.pdf');
    expect((await ok('document_delete', { id: spare, confirm: true })).data.id).toBe(spare);
    expect(textOf(await call('document_get', { id: spare }))).toMatch(/HTTP 404/);
  });

  it('pagination, filters and sort across pages', async () => {
    const all = await ok('order_list', { page_size: 2, sort: 'created_at', include_phone_numbers: false });
    expect(all.meta).toMatchObject({ page_number: 1, page_size: 2, next_page_number: 2 });
    const seen = [...all.data.map((o: Json) => o.id)];
    for (let page = 2; page <= all.meta.total_pages; page++) {
      seen.push(
        ...(await ok('order_list', { page_size: 2, page_number: page, sort: 'created_at' })).data.map(
          (o: Json) => o.id,
        ),
      );
    }
    expect(new Set(seen).size).toBe(all.meta.total_results);
    const cancelled = await ok('order_list', { filter: { status: ['cancelled'] } });
    expect(cancelled.data.map((o: Json) => o.id)).toEqual([usSlow]);
  });

  it('called all 62 tools, and every sandbox answer matched the spec', () => {
    expect([...called].sort()).toEqual(catalog.map((e) => e.name).sort());
    expect(s.problems).toEqual([]);
    // The sandbox checks every request against the spec; none of the tools' requests was refused for shape.
    const shapeRejections = s.exchanges.filter(
      (e) => e.status === 422 && String(e.body).includes('Invalid parameter'),
    );
    expect(shapeRejections).toEqual([]);
    expect(new Set(s.exchanges.map((e) => e.operationId)).size).toBe(62);
  });
});
