// Memory of one 19 MB document_upload, by path (multipart streamed from the open file) and by base64
// content (the file arrives inside the tool arguments), against a loopback API that discards bodies.
//   npm run build && node --expose-gc scripts/upload-memory.mjs

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createServer } from '../dist/server.js';

const SIZE = 19 * 1024 * 1024;
const dir = mkdtempSync(path.join(os.tmpdir(), 'upload-memory-'));
const file = path.join(dir, 'big.pdf');
writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(SIZE - 9)]));

// The API runs in a child process, so its buffers do not count here.
const API = `
  let received = 0;
  require('node:http').createServer((req, res) => {
    req.on('data', (c) => { received += c.length; });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-received': String(received) });
      received = 0;
      res.end(JSON.stringify({ data: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', record_type: 'document' } }));
    });
  }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;
const child = spawn(process.execPath, ['-e', API], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((r) => child.stdout.once('data', (d) => r(String(d).trim())));
const baseUrl = `http://127.0.0.1:${port}/v2`;

const server = createServer({ apiKey: 'KEY_memory_check', baseUrl, filesDir: [dir] });
const client = new Client({ name: 'upload-memory', version: '1.0.0' });
const [a, b] = InMemoryTransport.createLinkedPair();
await server.connect(b);
await client.connect(a);

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
async function measure(label, args) {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peak = { rss: 0, heap: 0, buffers: 0 };
  // Collected before each sample: what is measured is what the upload holds, not garbage awaiting GC.
  const timer = setInterval(() => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    peak = {
      rss: Math.max(peak.rss, m.rss - base.rss),
      heap: Math.max(peak.heap, m.heapUsed - base.heapUsed),
      buffers: Math.max(peak.buffers, m.arrayBuffers - base.arrayBuffers),
    };
  }, 5);
  const result = await client.callTool({ name: 'document_upload', arguments: args() });
  clearInterval(timer);
  if (result.isError) throw new Error(JSON.stringify(result.content));
  console.log(
    `${label.padEnd(34)} peak over baseline: rss +${mb(peak.rss)}, heap +${mb(peak.heap)}, array buffers +${mb(peak.buffers)}`,
  );
}

console.log(`file: ${mb(SIZE)}`);
await measure('path (multipart, streamed)', () => ({ path: 'big.pdf' }));
const { readFileSync } = await import('node:fs');
await measure('content (base64 in the arguments)', () => ({
  content: readFileSync(file).toString('base64'),
  filename: 'big.pdf',
}));
await client.close();
await server.close();
child.kill();
rmSync(dir, { recursive: true, force: true });
