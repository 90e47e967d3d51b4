// A flood of batched path uploads over the HTTP transport, measured, not asserted (Linux: reads /proc):
//   npm run build && node scripts/upload-flood.mjs [requests] [uploads per request] [timeoutMs] [never|slow] [cli]
// Starts the built CLI (or `cli`) with --transport http against a loopback upstream that reads every
// upload and then never answers (`never`) or answers after 1 s (`slow`), sends the batches all at once
// while another client keeps asking tools/list, and prints one JSON line: how many HTTP requests were
// answered before a deadline (10 x timeoutMs + 30 s), the server's peak descriptors and RSS, the bytes
// that reached the upstream, and the results by kind. Everything stops by itself at the deadline.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [requests = 60, perRequest = 50, timeoutMs = 2000] = process.argv.slice(2, 5).map(Number);
const mode = process.argv[5] ?? 'never';
const cli = process.argv[6] ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TOKEN = 'tok_flood_0123456789abcdef';

const dir = mkdtempSync(path.join(os.tmpdir(), 'upload-flood-'));
writeFileSync(path.join(dir, 'one.txt'), 'a line of text\n'.repeat(65536)); // 960 KiB
let upstreamBytes = 0;
const upstream = http.createServer((req, res) => {
  req.on('data', (c) => {
    upstreamBytes += c.length;
  });
  req.on('end', () => {
    if (mode !== 'slow') return;
    const body = '{"data":{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","record_type":"document"}}';
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), 1000);
  });
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));

const child = spawn(process.execPath, [cli, '--transport', 'http', '--port', '0', '--files-dir', dir], {
  env: {
    PATH: process.env.PATH,
    TELNYX_API_KEY: 'KEY_flood_0123456789',
    TELNYX_BASE_URL: `http://127.0.0.1:${upstream.address().port}/v2`,
    MCP_HTTP_TOKEN: TOKEN,
    TELNYX_TIMEOUT_MS: String(timeoutMs),
    TELNYX_MAX_RETRIES: '0',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const url = await new Promise((resolve, reject) => {
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
    const found = /serving MCP at (\S+\/mcp)/.exec(stderr);
    if (found) resolve(found[1]);
  });
  child.once('exit', () => reject(new Error(stderr)));
});

const post = (body) =>
  new Promise((resolve) => {
    const started = Date.now();
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ ms: Date.now() - started, text }));
      },
    );
    req.on('error', (e) => resolve({ ms: Date.now() - started, text: `ERROR ${e.code}` }));
    req.end(JSON.stringify(body));
  });

let peakFds = 0;
let peakRss = 0;
const sample = setInterval(() => {
  try {
    peakFds = Math.max(peakFds, readdirSync(`/proc/${child.pid}/fd`).length);
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    peakRss = Math.max(peakRss, Number(rss?.[1] ?? 0) / 1024);
  } catch {}
}, 50);

const started = Date.now();
const batch = (r) =>
  Array.from({ length: perRequest }, (_, i) => ({
    jsonrpc: '2.0',
    id: r * 1000 + i,
    method: 'tools/call',
    params: { name: 'document_upload', arguments: { path: 'one.txt' } },
  }));
const answered = [];
const flood = Array.from({ length: requests }, (_, r) => post(batch(r)).then((a) => answered.push(a)));
const lists = [];
for (let i = 0; i < 10; i++) lists.push(await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
const deadline = 10 * timeoutMs + 30_000;
await Promise.race([Promise.all(flood), new Promise((resolve) => setTimeout(resolve, deadline))]);
clearInterval(sample);

const kinds = {};
for (const { text } of answered) {
  for (const m of text.matchAll(/"text":"([^"]{0,90})/g)) {
    const kind = /\((\w+)\)/.exec(m[1])?.[1] ?? m[1].slice(0, 40);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
}
console.log(
  JSON.stringify({
    cli: path.relative(process.cwd(), cli),
    requests,
    perRequest,
    timeoutMs,
    upstream: mode,
    answered: answered.length,
    unansweredAtDeadline: requests - answered.length,
    deadlineMs: deadline,
    slowestAnsweredMs: Math.max(0, ...answered.map((a) => a.ms)),
    toolsListAnswered: lists.filter((l) => l.text.includes('document_upload')).length,
    toolsListSlowestMs: Math.max(...lists.map((l) => l.ms)),
    peakFds,
    peakRssMiB: Math.round(peakRss),
    upstreamMiB: Math.round(upstreamBytes / 1048576),
    wallMs: Date.now() - started,
    results: kinds,
  }),
);
child.kill('SIGTERM');
upstream.closeAllConnections();
upstream.close();
rmSync(dir, { recursive: true, force: true });
