import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byName } from '../../src/catalog/index.js';
import { locate, openLocated } from '../../src/files/allowed.js';
import { TelnyxClient } from '../../src/telnyx/client.js';
import { TelnyxError } from '../../src/telnyx/errors.js';
import { connect, textOf } from '../support/mcp.js';

const KEY = 'KEYupload_canary_7f3e9a2b4c6d8e0f';

/**
 * An upstream that records every body byte it receives, whether or not the request ever completes (a
 * body cut off midway is recorded as far as it came), and answers a completed one with 200. Headers are
 * left out: the key goes there, as the Authorization every request carries.
 */
async function recordingUpstream() {
  const received: Buffer[] = [];
  const server = http.createServer((req, res) => {
    req.on('data', (chunk: Buffer) => received.push(chunk));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ data: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', record_type: 'document' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
    /** Everything received so far, joined, so a key split across packets is still found. */
    all: () => Buffer.concat(received),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Text of `size` bytes with the key starting at `at`. */
const withKeyAt = (size: number, at: number) => {
  const bytes = Buffer.alloc(size, 'x');
  for (let i = 1023; i < size; i += 1024) bytes[i] = 0x0a;
  bytes.write(KEY, at, 'utf8');
  return bytes;
};

describe('no upload carries the API key to the upstream', () => {
  let dir: string;
  let api: Awaited<ReturnType<typeof recordingUpstream>>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tpm-key-'));
    writeFileSync(path.join(dir, 'notes.txt'), `my settings\nTELNYX_API_KEY=${KEY}\n`);
    // Across the scan's 1 MiB reads, and across the 64 KiB chunks of the stream.
    writeFileSync(path.join(dir, 'split-scan.txt'), withKeyAt(2 * 1024 * 1024, 1024 * 1024 - 7));
    writeFileSync(path.join(dir, 'split-stream.txt'), withKeyAt(300 * 1024, 64 * 1024 - 5));
    writeFileSync(path.join(dir, 'clean.txt'), 'nothing secret here\n');
    api = await recordingUpstream();
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('path uploads of files holding the key are refused before any request; a clean file goes', async () => {
    const mcp = await connect({ baseUrl: api.url, apiKey: KEY, filesDir: [dir], maxRetries: 0 });
    try {
      for (const file of ['notes.txt', 'split-scan.txt', 'split-stream.txt']) {
        const result = await mcp.call('document_upload', { path: file });
        expect(result.isError, file).toBe(true);
        expect(textOf(result)).toMatch(/nothing was sent to Telnyx[\s\S]*contains the Telnyx API key/);
        expect(textOf(result)).not.toContain(KEY);
      }
      expect(api.all().length).toBe(0);
      const clean = await mcp.call('document_upload', { path: 'clean.txt' });
      expect(clean.isError, textOf(clean)).toBeFalsy();
      expect(api.all().includes('nothing secret here')).toBe(true);
      expect(api.all().includes(KEY)).toBe(false);
    } finally {
      await mcp.close();
    }
  });

  it('base64 content holding the key is refused after decoding, wherever the key falls in the encoding', async () => {
    const mcp = await connect({ baseUrl: api.url, apiKey: KEY, maxRetries: 0 });
    const before = api.all().length;
    try {
      for (const at of [0, 1, 2, 100_000]) {
        const content = withKeyAt(200_000, at).toString('base64');
        expect(content.includes(KEY)).toBe(false);
        const result = await mcp.call('document_upload', { content, filename: 'notes.txt' });
        expect(result.isError, `at ${at}`).toBe(true);
        expect(textOf(result)).toMatch(/content: the file contains the Telnyx API key/);
      }
      expect(api.all().length).toBe(before);
    } finally {
      await mcp.close();
    }
  });

  it('the client stops a streamed file that holds the key before any byte of the key goes out', async () => {
    // What the tool checks first is skipped here: the client's own guard must hold alone (a file
    // changed after its scan). The key straddles two 64 KiB chunks of the stream.
    const client = new TelnyxClient({
      baseUrl: api.url,
      apiKey: KEY,
      userAgent: 'test',
      timeoutMs: 5000,
      maxRetries: 0,
    });
    const before = api.all().length;
    const located = await locate('split-stream.txt', [dir]);
    if (typeof located === 'string') throw new Error(located);
    const local = await openLocated(located);
    if (typeof local === 'string') throw new Error(local);
    try {
      const upload = byName.get('document_upload');
      if (!upload) throw new Error('no document_upload');
      const outcome = await client.request(upload, { path: 'split-stream.txt' }, { local }).then(
        () => 'sent',
        (e: unknown) => e,
      );
      expect(outcome).toBeInstanceOf(TelnyxError);
      expect((outcome as TelnyxError).kind).toBe('refused');
      expect((outcome as TelnyxError).message).toMatch(/contains the Telnyx API key/);
      // Some bytes before the key may have gone out; not one of the key.
      const sent = api.all().subarray(before);
      expect(sent.includes(KEY.slice(0, 8))).toBe(false);
      expect(sent.includes(KEY)).toBe(false);
    } finally {
      await local.close();
      await client.close();
    }
  });
});
