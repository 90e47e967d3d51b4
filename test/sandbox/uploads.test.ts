import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Telnyx from 'telnyx';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/sandbox/clock.js';
import { DOCUMENT_REQUIREMENTS } from '../../src/sandbox/requirements.js';
import {
  type Exchange,
  MAX_UPLOADS_IN_FLIGHT,
  type Sandbox,
  startSandbox,
} from '../../src/sandbox/server.js';
import { EXAMPLES, exampleBase64, usEndUser } from '../fixtures/orders.js';
import { connect, textOf } from '../support/mcp.js';
import { checkExchange } from '../support/sandbox.js';
import { headOnly, raw } from './raw.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as the API's JSON
type Json = any;

let sandbox: Sandbox | undefined;
let problems: string[] = [];
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  expect(problems).toEqual([]);
  problems = [];
});

/** A held sandbox whose every answer is checked against the spec; `wall` is its real-time source. */
async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  let wall = 1_000_000;
  sandbox = await startSandbox({
    speed: 0,
    wallClock: () => wall,
    onExchange: (e: Exchange) => problems.push(...checkExchange(e).map((p) => `${e.method} ${e.url}: ${p}`)),
    ...options,
  });
  const moveWall = (ms: number) => {
    wall += ms;
  };
  return { sandbox, moveWall };
}

const sb = () => sandbox as Sandbox;
const uploadJson = (name: string, filename = name) =>
  raw(sb().url, 'POST', '/documents', { body: { file: exampleBase64(name), filename } });
async function uploaded(name: string): Promise<string> {
  const answer = await uploadJson(name);
  expect(answer.status, answer.text).toBe(200);
  return answer.json.data.id;
}
async function draft(phone = '+13035550002'): Promise<string> {
  const answer = await raw(sb().url, 'POST', '/porting_orders', { body: { phone_numbers: [phone] } });
  return answer.json.data[0].id;
}

describe('sandbox uploads: refused by length before reading, a few at a time', () => {
  it('a Content-Length over the cap gets 413 while the body was never sent', async () => {
    await start();
    const big = headOnly(sb().url, '/documents', {
      'content-type': 'application/json',
      'content-length': String(64 * 1024 * 1024),
    });
    const answer = await big.answer; // no byte of the body was written
    expect(answer.status).toBe(413);
    expect(answer.head).toMatch(/Payload too large/);
    const small = headOnly(sb().url, '/porting_orders', {
      'content-type': 'application/json',
      'content-length': String(2 * 1024 * 1024),
    });
    expect((await small.answer).status).toBe(413);
  });

  it(`reads at most ${MAX_UPLOADS_IN_FLIGHT} uploads at once; more get 429 with Retry-After, then go through`, async () => {
    await start();
    const body = Buffer.from(JSON.stringify({ file: exampleBase64('invoice.pdf'), filename: 'invoice.pdf' }));
    const head = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      connection: 'close',
    };
    // Uploads whose bodies are still on their way: each holds a slot.
    const held = Array.from({ length: MAX_UPLOADS_IN_FLIGHT }, () =>
      headOnly(sb().url, '/documents', head, body.subarray(0, 10).toString('latin1')),
    );
    await waitFor(() => sb().uploadsInFlight() === MAX_UPLOADS_IN_FLIGHT);
    const extra = await Promise.all([1, 2].map(() => headOnly(sb().url, '/documents', head).answer));
    expect(extra.map((a) => a.status)).toEqual([429, 429]);
    expect(extra[0]?.head).toMatch(/retry-after: 1\r\n/i);
    expect(extra[0]?.head).toMatch(/"code":"10011"/);
    expect(sb().faults.uploads_refused).toBe(2);
    // The held ones finish; a slot is free again.
    for (const h of held) h.socket.end(body.subarray(10));
    expect((await Promise.all(held.map((h) => h.answer))).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(sb().uploadsInFlight()).toBe(0);
    expect((await uploadJson('invoice.pdf')).status).toBe(200);
  });

  it('document_upload (multipart from a file) turned away by the cap is sent again after Retry-After', async () => {
    await start();
    // Big enough that the answer comes while the file is still being sent.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'sandbox-uploads-'));
    writeFileSync(
      path.join(folder, 'big.pdf'),
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(8 << 20)]),
    );
    const mcp = await connect({ baseUrl: sb().url, filesDir: [folder] });
    try {
      const body = Buffer.from(JSON.stringify({ file: exampleBase64('invoice.pdf'), filename: 'a.pdf' }));
      const head = {
        'content-type': 'application/json',
        'content-length': String(body.length),
        connection: 'close',
      };
      const held = Array.from({ length: MAX_UPLOADS_IN_FLIGHT }, () =>
        headOnly(sb().url, '/documents', head, '{'),
      );
      await waitFor(() => sb().uploadsInFlight() === MAX_UPLOADS_IN_FLIGHT);
      const upload = mcp.call('document_upload', { path: 'big.pdf' });
      await waitFor(() => sb().faults.uploads_refused === 1);
      for (const h of held) h.socket.end(body.subarray(1));
      await Promise.all(held.map((h) => h.answer));
      const result = await upload; // the client waits the Retry-After second, then sends the file again
      expect(result.isError, textOf(result)).toBeFalsy();
      expect((result.structuredContent as Json).data.size.amount).toBe((8 << 20) + 9);
    } finally {
      await mcp.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** Polls a condition of the sandbox's own state (nothing is timed; the bound only ends a hung test). */
async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 4_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('sandbox: the official Telnyx Node SDK (telnyx 7.24.0)', () => {
  it('uploads with documents.upload (POST /documents?content-type=multipart) and attaches by requirements', async () => {
    await start();
    const client = new Telnyx({ apiKey: 'KEY_sandbox', baseURL: sb().url, maxRetries: 0 });
    const loa = await client.documents.upload({
      document: { file: exampleBase64('signed-loa.pdf'), filename: 'signed-loa.pdf' },
    });
    const invoice = await client.documents.upload({
      document: { file: exampleBase64('invoice.pdf'), filename: 'invoice.pdf' },
    });
    expect(loa.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(loa.data?.content_type).toBe('application/pdf');

    const created = await client.portingOrders.create({ phone_numbers: ['+13035550002'] });
    const id = created.data?.[0]?.id as string;
    const updated = await client.portingOrders.update(id, {
      end_user: usEndUser('+13035550002'),
      requirements: [
        { requirement_type_id: DOCUMENT_REQUIREMENTS.loa.id, field_value: loa.data?.id as string },
        { requirement_type_id: DOCUMENT_REQUIREMENTS.invoice.id, field_value: invoice.data?.id as string },
      ],
    });
    expect(updated.data?.requirements_met).toBe(true);
    expect(updated.data?.documents).toEqual({ loa: loa.data?.id, invoice: invoice.data?.id });
    const confirmed = await client.portingOrders.actions.confirm(id);
    expect(confirmed.data?.status?.value).toBe('in-process');
  });
});

describe('sandbox: requirement documents meet the requirement', () => {
  it('the LOA and invoice given in requirements[] approve them, link them, and let the order submit', async () => {
    await start();
    const [loa, invoice] = [await uploaded('signed-loa.pdf'), await uploaded('invoice.pdf')];
    const id = await draft();
    const types = (await raw(sb().url, 'GET', `/porting_orders/${id}/requirements`)).json.data.map(
      (r: Json) => r.requirement_type.id,
    );
    const patch = await raw(sb().url, 'PATCH', `/porting_orders/${id}`, {
      body: {
        end_user: usEndUser('+13035550002'),
        requirements: [
          { requirement_type_id: types[0], field_value: loa },
          { requirement_type_id: types[1], field_value: invoice },
        ],
      },
    });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.json.data.requirements_met).toBe(true);
    const after = (await raw(sb().url, 'GET', `/porting_orders/${id}/requirements`)).json.data;
    expect(after.map((r: Json) => [r.requirement_status, r.field_value])).toEqual([
      ['approved', loa],
      ['approved', invoice],
    ]);
    const links = (await raw(sb().url, 'GET', `/document_links?filter[linked_resource_id]=${id}`)).json.data;
    expect(links.map((l: Json) => l.document_id).sort()).toEqual([loa, invoice].sort());
    expect((await raw(sb().url, 'POST', `/porting_orders/${id}/actions/confirm`)).status).toBe(200);
  });
});

describe('sandbox: unlinked uploads expire on real time, at any sandbox speed', () => {
  it('upload, then attach after 31 sandbox minutes (half a real second at 3600x): it works', async () => {
    await start({ speed: 3600 });
    const loa = await uploaded('signed-loa.pdf');
    sb().clock.skip(31 * MINUTE); // what half a real second does at 3600x; the wall clock has not moved
    const id = await draft();
    const patch = await raw(sb().url, 'PATCH', `/porting_orders/${id}`, { body: { documents: { loa } } });
    expect(patch.status, patch.text).toBe(200);
  });

  it('after 30 real minutes unlinked, using it says it expired and to upload it again', async () => {
    const { moveWall } = await start();
    const loa = await uploaded('signed-loa.pdf');
    const kept = await uploaded('invoice.pdf');
    const id = await draft();
    await raw(sb().url, 'PATCH', `/porting_orders/${id}`, { body: { documents: { invoice: kept } } });
    moveWall(29 * MINUTE);
    expect((await raw(sb().url, 'GET', `/documents/${loa}`)).status).toBe(200);
    moveWall(MINUTE);
    const patch = await raw(sb().url, 'PATCH', `/porting_orders/${id}`, { body: { documents: { loa } } });
    expect(patch.status).toBe(422);
    expect(patch.json.errors).toEqual([
      expect.objectContaining({
        source: { pointer: '/documents/loa' },
        detail: `Document ${loa} expired: it was never attached within 30 minutes; upload it again.`,
      }),
    ]);
    const get = await raw(sb().url, 'GET', `/documents/${loa}`);
    expect(get.status).toBe(404);
    expect(get.json.errors[0].detail).toMatch(/expired: it was never attached within 30 minutes/);
    // The linked one stays.
    expect((await raw(sb().url, 'GET', `/documents/${kept}`)).status).toBe(200);
  });
});

describe('sandbox: what the contract and DOCUMENTS.md refuse or allow', () => {
  it('refuses a filename with control characters, on upload (JSON and multipart) and on update', async () => {
    await start();
    const json = await uploadJson('invoice.pdf', 'in\u0007voice.pdf');
    expect(json.status).toBe(422);
    expect(json.json.errors[0]).toMatchObject({ source: { pointer: '/filename' } });
    expect(json.json.errors[0].detail).toMatch(/control characters/);

    const boundary = 'sandbox-test-boundary';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u001bb.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      readFileSync(`${EXAMPLES}invoice.pdf`),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const part = await raw(sb().url, 'POST', '/documents', {
      body: multipart,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(part.status).toBe(422);
    expect(part.json.errors[0].detail).toMatch(/control characters/);
    expect(sb().store.files.size).toBe(0);

    const id = await uploaded('invoice.pdf');
    const renamed = await raw(sb().url, 'PATCH', `/documents/${id}`, { body: { filename: 'bill\n.pdf' } });
    expect(renamed.status).toBe(422);
    expect(renamed.json.errors[0]).toMatchObject({ source: { pointer: '/filename' } });
  });

  it('refuses an empty filename on update', async () => {
    await start();
    const id = await uploaded('invoice.pdf');
    for (const filename of ['', '   ']) {
      const answer = await raw(sb().url, 'PATCH', `/documents/${id}`, { body: { filename } });
      expect(answer.status).toBe(422);
      expect(answer.json.errors[0]).toMatchObject({ source: { pointer: '/filename' } });
    }
    expect((await raw(sb().url, 'GET', `/documents/${id}`)).json.data.filename).toBe('invoice.pdf');
  });

  it('refuses an LOA configuration preview whose logo was never uploaded', async () => {
    await start();
    const fields = {
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
    };
    const invented = await raw(sb().url, 'POST', '/porting/loa_configurations/preview', {
      body: { ...fields, logo: { document_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' } },
      headers: { accept: 'application/pdf' },
    });
    expect(invented.status).toBe(422);
    expect(invented.json.errors[0]).toMatchObject({ source: { pointer: '/logo/document_id' } });
    const logo = await uploaded('logo.png');
    const real = await raw(sb().url, 'POST', '/porting/loa_configurations/preview', {
      body: { ...fields, logo: { document_id: logo } },
      headers: { accept: 'application/pdf' },
    });
    expect(real.status).toBe(200);
    expect(real.headers['content-type']).toBe('application/pdf');
  });

  it('refuses a CSV as an order LOA (or its LOA requirement): a signed letter is a PDF or an image', async () => {
    await start();
    const csv = (
      await raw(sb().url, 'POST', '/documents', {
        body: {
          file: Buffer.from('phone_number\n+13035550002\n').toString('base64'),
          filename: 'numbers.csv',
        },
      })
    ).json.data;
    expect(csv.content_type).toBe('text/csv');
    const id = await draft();
    for (const body of [
      { documents: { loa: csv.id } },
      { requirements: [{ requirement_type_id: DOCUMENT_REQUIREMENTS.loa.id, field_value: csv.id }] },
    ]) {
      const answer = await raw(sb().url, 'PATCH', `/porting_orders/${id}`, { body });
      expect(answer.status).toBe(422);
      expect(answer.json.errors[0].detail).toMatch(/is text\/csv; a signed LOA or an invoice must be a PDF/);
    }
    const png = await uploaded('logo.png'); // a scan is fine
    expect(
      (await raw(sb().url, 'PATCH', `/porting_orders/${id}`, { body: { documents: { loa: png } } })).status,
    ).toBe(200);
  });

  it('answers a request without an Accept header (no 406)', async () => {
    await start();
    const answer = await raw(sb().url, 'GET', '/porting_orders', { headers: { accept: undefined } });
    expect(answer.status).toBe(200);
    const unacceptable = await raw(sb().url, 'GET', '/porting_orders', { headers: { accept: 'image/gif' } });
    expect(unacceptable.status).toBe(406);
  });

  it('FOC windows carry the record_type the contract declares for them', async () => {
    await start();
    const id = await draft();
    const windows = (await raw(sb().url, 'GET', `/porting_orders/${id}/allowed_foc_windows`)).json.data;
    const { at } = await import('../../src/sandbox/contract.js');
    const declared = (at('#/components/schemas/PortingOrdersAllowedFocWindow') as Json).properties
      .record_type;
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) expect(w.record_type).toBe(declared.enum?.[0] ?? declared.example);
  });
});

describe('sandbox: the Date header is the sandbox clock', () => {
  it('every answer, errors included, is dated by the sandbox clock as an IMF-fixdate', async () => {
    await start({ rateLimit: 2, monotonic: () => 0 });
    sb().clock.skip(10 * 24 * 60 * MINUTE);
    const expected = new Date(sb().clock.now()).toUTCString();
    expect(expected).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const answers = [
      await raw(sb().url, 'GET', '/porting_orders'),
      await raw(sb().url, 'GET', '/porting_orders/3fa85f64-5717-4562-b3fc-2c963f66afa6', {
        headers: { authorization: undefined },
      }),
      await raw(sb().url, 'GET', '/porting_orders'), // over the rate limit: 429
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 429]);
    for (const a of answers) expect(a.headers.date).toBe(expected);
  });
});
