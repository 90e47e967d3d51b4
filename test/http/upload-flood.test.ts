import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_UPLOADS } from '../../src/files/upload-slots.js';
import { type Loopback, startLoopback } from '../support/loopback.js';
import { CLI } from '../support/stdio.js';

const TOKEN = 'tok_flood_0123456789abcdef';
const MiB = 1024 * 1024;

/** One POST to /mcp; resolves with the status and the raw answer. */
function post(url: string, body: unknown) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-06-18',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const uploads = (count: number, file: string, from = 1) =>
  Array.from({ length: count }, (_, i) => ({
    jsonrpc: '2.0',
    id: from + i,
    method: 'tools/call',
    params: { name: 'document_upload', arguments: { path: file } },
  }));

/** The tool results in an answer (JSON or one SSE event per message). */
function results(text: string): Array<{ id: number; isError?: boolean; text: string }> {
  const messages = text.startsWith('[') || text.startsWith('{') ? [JSON.parse(text)].flat() : [];
  for (const line of text.split('\n'))
    if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)));
  return messages
    .flat()
    .map((m: { id: number; result?: { isError?: boolean; content: Array<{ text: string }> } }) => ({
      id: m.id,
      isError: m.result?.isError,
      text: m.result?.content.map((c) => c.text).join('\n') ?? JSON.stringify(m),
    }));
}

/** The built CLI serving HTTP, with its pid for /proc readings. */
async function serve(baseUrl: string, filesDir: string, extraEnv: Record<string, string> = {}) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [CLI, '--transport', 'http', '--port', '0', '--files-dir', filesDir],
    {
      env: {
        PATH: process.env.PATH,
        TELNYX_API_KEY: 'KEY_flood_test_0123456789',
        TELNYX_BASE_URL: baseUrl,
        MCP_HTTP_TOKEN: TOKEN,
        TELNYX_MAX_RETRIES: '0',
        ...extraEnv,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const found = /serving MCP at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`server exited: ${stderr}`)));
  });
  const proc = (what: string) => `/proc/${child.pid}/${what}`;
  return {
    url,
    child,
    fds: () => (existsSync(proc('fd')) ? readdirSync(proc('fd')).length : 0),
    rssMiB: () => {
      const line = /VmRSS:\s+(\d+)/.exec(
        existsSync(proc('status')) ? readFileSync(proc('status'), 'utf8') : '',
      );
      return line ? Math.round(Number(line[1]) / 1024) : 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('uploads over HTTP are bounded across the whole process', () => {
  let dir: string;
  let api: Loopback;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tpm-flood-'));
    writeFileSync(path.join(dir, 'one.txt'), 'a line of text\n'.repeat(MiB / 16));
    writeFileSync(path.join(dir, 'four.txt'), Buffer.alloc(4 * MiB, 'text\n'));
    // Answers every upload only once the test lets it: a slow upstream, without any timing.
    api = await startLoopback(async (_req, res) => {
      await held;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ data: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', record_type: 'document' } }),
      );
    });
  });
  afterAll(async () => {
    release();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(existsSync('/proc/self/fd'))(
    'a flood of batched path uploads keeps descriptors bounded while another client is answered',
    async () => {
      const server = await serve(api.url, dir, { TELNYX_TIMEOUT_MS: '60000' });
      try {
        const baseline = server.fds();
        const flood = Array.from({ length: 40 }, (_, r) => post(server.url, uploads(20, 'one.txt', r * 100)));
        let peakFds = baseline;
        let peakRss = server.rssMiB();
        let listed = 0;
        // While the upstream holds every upload, another client keeps getting tools/list answered.
        for (let i = 0; i < 20; i++) {
          const list = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
          if (list.status === 200 && /document_upload/.test(list.text)) listed++;
          peakFds = Math.max(peakFds, server.fds());
          peakRss = Math.max(peakRss, server.rssMiB());
        }
        // Sampled once every upload the process admits at a time has reached the held upstream: a state,
        // not a time (the loop bound only ends a hung test).
        for (let i = 0; i < 4_000 && api.requests.length < MAX_CONCURRENT_UPLOADS; i++)
          await new Promise((resolve) => setTimeout(resolve, 5));
        expect(api.requests.length).toBeGreaterThanOrEqual(MAX_CONCURRENT_UPLOADS);
        peakFds = Math.max(peakFds, server.fds());
        peakRss = Math.max(peakRss, server.rssMiB());
        release();
        const answers = (await Promise.all(flood)).flatMap((a) => results(a.text));
        const ok = answers.filter((a) => !a.isError).length;
        const busy = answers.filter((a) => /uploads are in progress/.test(a.text)).length;
        console.log(
          `flood: 40 requests x 20 uploads; fds baseline ${baseline}, peak ${peakFds}; RSS peak ${peakRss} MiB; ${ok} uploaded, ${busy} refused as busy; tools/list answered ${listed}/20`,
        );
        expect(listed).toBe(20);
        expect(answers).toHaveLength(800);
        expect(ok + busy).toBe(800);
        expect(peakFds - baseline).toBeLessThan(120);
      } finally {
        release();
        await server.stop();
      }
    },
    120_000,
  );

  it('one HTTP request may upload 40 MB: a batch of 100 uploads of 4 MiB sends 10 and refuses the rest', async () => {
    let received = 0;
    const upstream = await startLoopback((req, res) => {
      received += Buffer.byteLength(req.body ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ data: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', record_type: 'document' } }),
      );
    });
    const server = await serve(upstream.url, dir);
    try {
      const batch = uploads(100, 'four.txt');
      const answer = await post(server.url, batch);
      const all = results(answer.text);
      const ok = all.filter((a) => !a.isError);
      const refused = all.filter((a) =>
        /would pass the 40 MB that one HTTP request \(a batch\) may upload/.test(a.text),
      );
      console.log(
        `byte budget: request of ${Buffer.byteLength(JSON.stringify(batch))} bytes, ${upstream.requests.length} uploads sent, ${Math.round(received / MiB)} MiB upstream, ${refused.length} refused`,
      );
      expect(all).toHaveLength(100);
      expect(ok).toHaveLength(10);
      expect(refused).toHaveLength(90);
      expect(upstream.requests).toHaveLength(10);
      expect(received).toBeLessThanOrEqual(40 * MiB + 10 * 1024);
    } finally {
      await server.stop();
      await upstream.close();
    }
  }, 60_000);
});
