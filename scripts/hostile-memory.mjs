// Peak memory of the server against a hostile upstream, printed, not asserted:
//   npm run build && node scripts/hostile-memory.mjs
// The upstream runs in a child process (its own memory is not counted) and answers every request
// with ~7 MB of JSON: many items, and a page count that never ends. The server (in this process,
// driven by a real SDK client) must stay within its per-call budgets whatever it is sent.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createServer } from '../dist/server.js';

const UPSTREAM = `
const http = require('node:http');
const item = (i) => ({ id: '3fa85f64-5717-4562-b3fc-' + String(i).padStart(12, '0'), record_type: 'porting_comment',
  phone_number: '+1303555' + String(i % 10000).padStart(4, '0'), portable: true, body: 'x'.repeat(400) });
const items = Array.from({ length: 14000 }, (_, i) => item(i));
const big = JSON.stringify({ data: items, meta: { page_number: 1, total_pages: 1000000, page_size: 250 } });
const deep = '{"data":' + '['.repeat(200000) + ']'.repeat(200000) + '}';
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = req.url.includes('deep') || process.env.MODE === 'deep' ? deep : big;
    res.writeHead(200, { 'content-type': req.headers.accept === 'application/pdf' ? 'application/pdf' : 'application/json' });
    res.end(body);
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

async function upstream(mode) {
  const child = spawn(process.execPath, ['-e', UPSTREAM], {
    env: { ...process.env, MODE: mode },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout, 'data');
  return { url: `http://127.0.0.1:${String(line).trim()}/v2`, stop: () => child.kill() };
}

const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const maxRss = () => process.resourceUsage().maxRSS; // kilobytes, the process's peak so far

async function scenario(label, mode, run) {
  const api = await upstream(mode);
  const server = createServer({
    apiKey: 'KEY_memory_test',
    baseUrl: api.url,
    maxRetries: 0,
    timeoutMs: 60_000,
  });
  const client = new Client({ name: 'hostile-memory', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  await client.connect(a);
  const started = Date.now();
  let outcome;
  try {
    outcome = await run(client);
  } catch (error) {
    outcome = `error: ${error.message}`;
  }
  await client.close();
  await server.close();
  api.stop();
  const size = Buffer.byteLength(JSON.stringify(outcome ?? ''));
  console.log(
    `${label.padEnd(44)} peak RSS so far ${mb(maxRss()).padStart(7)} | answer ${size} bytes | ${Date.now() - started} ms`,
  );
  const text = JSON.stringify(outcome ?? '');
  console.log(`    ${text.slice(0, 150)}`);
  return outcome;
}

console.log(`node ${process.version}; start RSS ${mb(maxRss())}`);
const numbers = Array.from({ length: 1000 }, (_, i) => `+1303555${String(i).padStart(4, '0')}`);
await scenario('portability_check, 1000 numbers (10 chunks)', 'big', (c) =>
  c.callTool({ name: 'portability_check', arguments: { phone_numbers: numbers } }),
);
await scenario('order_list (one 7 MB page)', 'big', (c) => c.callTool({ name: 'order_list', arguments: {} }));
await scenario('resources/read of a per-order collection', 'big', (c) =>
  c.readResource({ uri: 'telnyx-porting://porting-orders/3fa85f64-5717-4562-b3fc-2c963f66afa6/comments' }),
);
await scenario('resources/list', 'big', (c) => c.listResources());
await scenario('order_get answered 200,000 levels deep', 'deep', (c) =>
  c.callTool({ name: 'order_get', arguments: { porting_order_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' } }),
);
const last = await scenario('completion/complete', 'big', (c) =>
  c.complete({
    ref: { type: 'ref/resource', uri: 'telnyx-porting://porting-orders/{porting_order_id}' },
    argument: { name: 'porting_order_id', value: '3' },
  }),
);
void last;
console.log(`peak RSS of the whole run: ${mb(maxRss())}`);
