import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startHttpServer } from '../../src/http/server.js';
import { addDocument, MAX_DOCUMENTS } from '../../src/sandbox/documents.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { createServer } from '../../src/server.js';
import { usEndUser } from '../fixtures/orders.js';
import { startContractApi } from '../support/contract-api.js';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;

describe('document_upload from an allowed folder, through to a submitted order', () => {
  let root: string;
  let files: string;
  let s: Awaited<ReturnType<typeof sandboxSession>>;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-uploads-'));
    files = path.join(root, 'signed');
    mkdirSync(files);
    copyFileSync(example('signed-loa.pdf'), path.join(files, 'signed-loa.pdf'));
    copyFileSync(example('invoice.pdf'), path.join(files, 'invoice.pdf'));
    s = await sandboxSession({}, { filesDir: [files] });
  });
  afterAll(async () => {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  const ok = async (name: string, args: Record<string, unknown>): Promise<Json> => {
    const result = await s.mcp.call(name, args);
    expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
    return result.structuredContent;
  };

  it('uploads (multipart, streamed), attaches as LOA and invoice, meets requirements, submits', async () => {
    const loa = (await ok('document_upload', { path: path.join(files, 'signed-loa.pdf') })).data;
    const invoice = (await ok('document_upload', { path: 'invoice.pdf', customer_reference: 'Acct 1' })).data;
    expect(loa).toMatchObject({ filename: 'signed-loa.pdf', content_type: 'application/pdf' });
    expect(loa.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(example('signed-loa.pdf')))
        .digest('hex'),
    );
    expect(invoice.customer_reference).toBe('Acct 1');

    const { data } = await ok('order_create', { phone_numbers: ['+13035550003'] });
    const id = data[0].id;
    const updated = await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550003'),
      documents: { loa: loa.id, invoice: invoice.id },
    });
    expect(updated.data.requirements_met).toBe(true);
    const reqs = await ok('order_requirements_list', { porting_order_id: id });
    expect(reqs.data.map((r: Json) => r.requirement_status)).toEqual(['approved', 'approved']);
    const links = await ok('document_link_list', { filter: { linked_resource_id: id } });
    expect(links.data.map((l: Json) => l.document_id).sort()).toEqual([loa.id, invoice.id].sort());

    // Linked documents outlive the 30-minute rule; the order is submitted with them.
    s.sandbox.clock.skip(31 * 60_000);
    expect((await ok('document_get', { id: loa.id })).data.av_scan_status).toBe('scanned');
    const confirmed = await ok('order_confirm', { porting_order_id: id, confirm: true });
    expect(confirmed.data.status.value).toBe('in-process');
    expect(s.problems).toEqual([]);
  });

  it('an invented document id is refused, naming the field and the upload and attach tools', async () => {
    const { data } = await ok('order_create', { phone_numbers: ['+13035550004'] });
    const result = await s.mcp.call('order_update', {
      porting_order_id: data[0].id,
      documents: { loa: randomUUID() },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTTP 422[\s\S]*No document with id .*\(field documents\.loa\)/);
    expect(textOf(result)).toMatch(/document_upload .*order_update documents\.loa/);
    const extra = await s.mcp.call('order_document_create', {
      porting_order_id: data[0].id,
      additional_documents: [{ document_id: randomUUID(), document_type: 'csr' }],
    });
    expect(textOf(extra)).toMatch(/\(field additional_documents\[0\]\.document_id\)/);
  });

  it('a document requirement takes an uploaded file; the requirement list says how', async () => {
    const { data } = await ok('order_create', { phone_numbers: ['+442079460004'] });
    const id = data[0].id;
    const reqs = await ok('order_requirements_list', { porting_order_id: id });
    expect(reqs.note).toMatch(/document_upload it, then .* order_update \(documents\.loa/);
    const proof = reqs.data.find((r: Json) => r.requirement_type.name === 'Proof of address');
    const invented = await s.mcp.call('order_update', {
      porting_order_id: id,
      requirements: [{ requirement_type_id: proof.requirement_type.id, field_value: randomUUID() }],
    });
    expect(textOf(invented)).toMatch(/\(field requirements\[0\]\.field_value\)[\s\S]*document_upload/);
    const doc = (await ok('document_upload', { path: 'invoice.pdf' })).data;
    await ok('order_update', {
      porting_order_id: id,
      requirements: [{ requirement_type_id: proof.requirement_type.id, field_value: doc.id }],
    });
    const links = await ok('document_link_list', { filter: { linked_resource_id: id } });
    expect(links.data.map((l: Json) => l.document_id)).toEqual([doc.id]);
  });

  it('a download too big to attach points to document_download_link instead', async () => {
    // A 3 MB PDF: over the 1 MiB answer limit once base64-encoded.
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    writeFileSync(path.join(files, 'scan.pdf'), big);
    const doc = (await ok('document_upload', { path: 'scan.pdf' })).data;
    const result = await s.mcp.call('document_download', { id: doc.id });
    expect(result.isError).toBeFalsy();
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(1024 * 1024);
    expect(textOf(result)).toMatch(
      /over the \d+-byte limit\. Get a temporary link to it with document_download_link/,
    );
    expect(result.content.some((c) => c.type === 'resource')).toBe(false);
  });

  it('base64 content may be a real-sized file (past the 10,000-character bound of other strings)', async () => {
    // 4 MB: also past where the contract's stock base64 (`byte`) check overflowed the stack.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4 * 1024 * 1024, 0x41)]);
    const content = pdf.toString('base64');
    expect(content.length).toBeGreaterThan(10_000);
    const doc = (await ok('document_upload', { content, filename: 'scan.pdf' })).data;
    expect(doc).toMatchObject({
      content_type: 'application/pdf',
      size: { amount: pdf.length, unit: 'bytes' },
    });
    // The generic bound still holds for every other field of the same call.
    const refused = await s.mcp.call('document_upload', { content, filename: 'x'.repeat(10_001) });
    expect(textOf(refused)).toMatch(/filename: longer than 10000 characters/);
  });

  it('compact mode keeps the same cap for content inside porting_invoke arguments', async () => {
    const compact = await sandboxSession({}, { tools: 'compact' });
    try {
      const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300 * 1024, 0x41)]).toString(
        'base64',
      );
      const result = await compact.mcp.call('porting_invoke', {
        name: 'document_upload',
        arguments: { content, filename: 'scan.pdf' },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect((result.structuredContent as Json).data.content_type).toBe('application/pdf');
    } finally {
      await compact.close();
    }
  });

  it('a url upload answers as the API does for a file it cannot fetch', async () => {
    const result = await s.mcp.call('document_upload', { url: 'https://files.example/loa.pdf' });
    expect(textOf(result)).toMatch(/HTTP 422[\s\S]*could not be downloaded.*\(field url\)/);
    expect(s.problems).toEqual([]);
  });

  it('base64 content uploads too, typed by its bytes', async () => {
    const png = readFileSync(example('logo.png')).toString('base64');
    const doc = (await ok('document_upload', { content: png, filename: 'logo' })).data;
    expect(doc).toMatchObject({ content_type: 'image/png', filename: 'logo.png' });
    const wrong = await s.mcp.call('document_upload', {
      content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]).toString('base64'),
      filename: 'x.pdf',
    });
    expect(textOf(wrong)).toMatch(/nothing was sent[\s\S]*content: not a type the Documents API accepts/);
  });
});

describe('path uploads refuse everything outside the allowed folders, sending nothing', () => {
  let root: string;
  let files: string;
  let s: Awaited<ReturnType<typeof sandboxSession>>;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-attacks-'));
    files = path.join(root, 'allowed');
    mkdirSync(files);
    mkdirSync(path.join(files, 'folder'));
    copyFileSync(example('signed-loa.pdf'), path.join(root, 'secret.pdf'));
    symlinkSync(path.join(root, 'secret.pdf'), path.join(files, 'link-out.pdf'));
    symlinkSync('/dev/null', path.join(files, 'null.pdf'));
    execFileSync('mkfifo', [path.join(files, 'pipe.pdf')]);
    const big = path.join(files, 'big.pdf');
    writeFileSync(big, '%PDF-1.4\n');
    truncateSync(big, 20 * 1024 * 1024 + 1); // sparse: no 20 MB written
    writeFileSync(path.join(files, 'program.pdf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]));
    writeFileSync(path.join(files, 'archive.docx'), Buffer.from('PK\u0003\u0004not an office file'));
    // /dev is allowed too, so a device is refused for what it is, not only for where it is.
    s = await sandboxSession({}, { filesDir: [files, '/dev'] });
  });
  afterAll(async () => {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  const attacks: Array<[string, () => Record<string, unknown>, RegExp]> = [
    ['.. out of the folder', () => ({ path: `${files}/../secret.pdf` }), /contains "\.\."/],
    ['relative ..', () => ({ path: '../secret.pdf' }), /contains "\.\."/],
    ['an absolute path elsewhere', () => ({ path: path.join(root, 'secret.pdf') }), /outside the allowed/],
    ['a symlink out of the folder', () => ({ path: 'link-out.pdf' }), /outside the allowed/],
    ['a symlink to a device', () => ({ path: 'null.pdf' }), /not a regular file/],
    ['a device', () => ({ path: '/dev/null' }), /not a regular file/],
    ['a directory', () => ({ path: 'folder' }), /not a regular file/],
    ['a FIFO', () => ({ path: 'pipe.pdf' }), /not a regular file/],
    ['over 20 MB', () => ({ path: 'big.pdf' }), /limit is 20 MB/],
    ['a program named .pdf', () => ({ path: 'program.pdf' }), /not a type the Documents API accepts/],
    ['a zip named .docx', () => ({ path: 'archive.docx' }), /not a type the Documents API accepts/],
    ['a missing file', () => ({ path: 'nope.pdf' }), /does not exist/],
    ['two sources at once', () => ({ path: 'big.pdf', url: 'https://x.example/a.pdf' }), /exactly one/],
  ];

  it.each(attacks)('%s', async (_, args, reason) => {
    const before = s.exchanges.length;
    const result = await s.mcp.call('document_upload', args());
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/nothing was sent to Telnyx/);
    expect(text).toMatch(reason);
    if (!/exactly one/.test(text)) expect(text).toContain(`Allowed directories: ${files}, /dev.`);
    expect(s.exchanges.length, 'no HTTP request').toBe(before);
  });

  it('with no folder allowed, a path upload says how to allow one, and sends nothing', async () => {
    const plain = await sandboxSession();
    try {
      const result = await plain.mcp.call('document_upload', { path: example('signed-loa.pdf') });
      expect(textOf(result)).toMatch(/--files-dir DIR or TELNYX_PORTING_FILES_DIR/);
      expect(plain.exchanges).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe('allowed folders in the configuration', () => {
  it('--files-dir repeats, the environment is a path list, and bundle folders follow --', () => {
    const flags = loadConfig(['--files-dir', '/a', '--files-dir', '/b'], {}).config;
    expect(flags.filesDir).toEqual(['/a', '/b']);
    const env = loadConfig([], { TELNYX_PORTING_FILES_DIR: ['/c', '/d'].join(path.delimiter) }).config;
    expect(env.filesDir).toEqual(['/c', '/d']);
    const bundle = loadConfig(['--', '/e', '/f'], {}).config;
    expect(bundle.filesDir).toEqual(['/e', '/f']);
    const unset = ['$', '{user_config.upload_folders}'].join(''); // what a bundle passes for an empty field
    expect(loadConfig(['--', unset], {}).config.filesDir).toEqual([]);
  });

  it('~ expands to the home folder', async () => {
    const home = mkdtempSync(path.join(os.homedir(), '.tpm-home-'));
    copyFileSync(example('invoice.pdf'), path.join(home, 'invoice.pdf'));
    const s = await sandboxSession({}, { filesDir: [`~/${path.basename(home)}`] });
    try {
      const result = await s.mcp.call('document_upload', { path: `~/${path.basename(home)}/invoice.pdf` });
      expect(result.isError, textOf(result)).toBeFalsy();
    } finally {
      await s.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the port_numbers prompt asks for the files and walks the document steps in order', () => {
  it('LOA template -> upload -> attach -> requirements_met -> review -> submit', async () => {
    const s = await sandboxSession();
    try {
      const port = await s.mcp.client.getPrompt({
        name: 'port_numbers',
        arguments: { numbers: '+13035550003' },
      });
      const text = (port.messages[0]?.content as { text: string } | undefined)?.text ?? '';
      expect(text).toMatch(/ask me for the files, as local paths or URLs/);
      expect(text).not.toMatch(/document ids/);
      const steps = [
        'order_loa_template_get',
        'document_upload',
        'order_update documents.loa',
        'requirements_met with order_get',
        'Review',
        'order_confirm',
      ].map((step) => text.indexOf(step));
      expect(
        steps.every((at) => at >= 0),
        String(steps),
      ).toBe(true);
      expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    } finally {
      await s.close();
    }
  });
});

describe('over Streamable HTTP, path uploads only with folders configured explicitly', () => {
  it('off by default, on with --files-dir; document_delete says what it will delete', async () => {
    const sandbox = await startSandbox({ speed: 0 });
    const serve = async (extra: Record<string, unknown>) => {
      const config = { baseUrl: sandbox.url, apiKey: 'KEY_sandbox', sandbox: true, ...extra };
      const handle = await startHttpServer(() => createServer(config, { elicitation: false }), {
        host: '127.0.0.1',
        port: 0,
        token: 'tok_0123456789abcdef0123',
      });
      const client = new Client({ name: 'http-upload', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(handle.url), {
          requestInit: { headers: { authorization: 'Bearer tok_0123456789abcdef0123' } },
        }),
      );
      const call = (name: string, args: Record<string, unknown>) =>
        client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
      const close = async () => {
        await client.close();
        await handle.close();
      };
      return { call, close };
    };
    const off = await serve({});
    const on = await serve({ filesDir: [path.dirname(example('invoice.pdf'))] });
    try {
      const refused = await off.call('document_upload', { path: example('invoice.pdf') });
      expect(textOf(refused)).toMatch(/Reading local files is off/);
      expect(sandbox.store.files.size).toBe(0);
      const uploaded = await on.call('document_upload', { path: 'invoice.pdf' });
      expect(uploaded.isError, textOf(uploaded)).toBeFalsy();
      const id = (uploaded.structuredContent as Json).data.id;
      const ask = await on.call('document_delete', { id });
      expect(textOf(ask)).toMatch(new RegExp(`Delete document ${id} from the Telnyx Documents API`));
      expect(sandbox.store.files.has(id)).toBe(true);
    } finally {
      await off.close();
      await on.close();
      await sandbox.close();
    }
  });
});

describe('contract and sandbox limits for uploads', () => {
  it('a path upload sends one multipart request that validates against the documents contract', async () => {
    const { api, errors } = await startContractApi();
    const mcp = await connect({ baseUrl: api.url, filesDir: [path.dirname(example('signed-loa.pdf'))] });
    try {
      const result = await mcp.call('document_upload', {
        path: 'signed-loa.pdf',
        customer_reference: 'ACME',
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(api.requests).toHaveLength(1);
      expect(String(api.requests[0]?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
      expect(errors.get('CreateDocument')).toEqual([]);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('the sandbox store caps documents with a clear error', async () => {
    const s = await sandboxSession();
    try {
      const pdf = readFileSync(example('invoice.pdf'));
      for (let i = 0; i < MAX_DOCUMENTS; i++)
        addDocument(s.sandbox.store, s.sandbox.clock.now(), pdf, `f${i}.pdf`);
      const result = await s.mcp.call('document_upload', {
        content: pdf.toString('base64'),
        filename: 'one-more.pdf',
      });
      expect(textOf(result)).toMatch(/HTTP 422[\s\S]*Sandbox limit reached: .*at most 500 documents/);
      expect(s.problems).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
