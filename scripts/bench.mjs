// npm run bench: figures side by side with a baseline measured in the same run; prints the tables, and
// with `npm run bench -- --write` also rewrites BENCHMARKS.md. Numbers, not assertions: targets are
// reported as met or not.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Agent, request } from 'undici';
import { createServer } from '../dist/server.js';
import { benchArgs, publish } from './bench/output.mjs';

const args = benchArgs(process.argv.slice(2));
if (args.error) {
  console.error(args.error);
  process.exit(2);
}
const started = Date.now();
const ROOT = new URL('..', import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const ms = (n) => `${n.toFixed(2)} ms`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const sections = [];
const section = (title, rows, note) => {
  sections.push({ title, rows, note });
  console.log(`\n${title}`);
  for (const row of rows) console.log(`  ${row.join(' | ')}`);
  if (note) console.log(`  ${note}`);
};

// ---- 1. start-up and memory: spawn -> initialize result, RSS after initialize --------------------
async function startOnce(args) {
  const t = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { PATH: process.env.PATH },
  });
  const init = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  };
  child.stdin.write(`${JSON.stringify(init)}\n`);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
  const rss =
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  return { elapsed, rss };
}
{
  const runs = { ours: [], base: [] };
  for (let i = 0; i < 12; i++) {
    // Interleaved, so machine noise hits both alike.
    runs.base.push(await startOnce(['scripts/bench/minimal-server.mjs']));
    runs.ours.push(await startOnce(['dist/cli.js']));
  }
  const t = { ours: median(runs.ours.map((r) => r.elapsed)), base: median(runs.base.map((r) => r.elapsed)) };
  const m = { ours: median(runs.ours.map((r) => r.rss)), base: median(runs.base.map((r) => r.rss)) };
  section('Start-up (median of 12, interleaved)', [
    ['', 'telnyx-porting-mcp', 'minimal one-tool SDK server', 'ratio', 'target'],
    [
      'spawn -> initialize',
      ms(t.ours),
      ms(t.base),
      `${(t.ours / t.base).toFixed(2)}x`,
      `<= 1.3x ${t.ours / t.base <= 1.3 ? 'met' : 'NOT met'}`,
    ],
    [
      'RSS after initialize',
      mb(m.ours),
      mb(m.base),
      `${(m.ours / m.base).toFixed(2)}x`,
      `<= 1.2x ${m.ours / m.base <= 1.2 ? 'met' : 'NOT met'}`,
    ],
  ]);
}

// ---- a loopback "API" that answers a page of porting orders ----------------------------------------
const page = JSON.stringify({
  data: Array.from({ length: 20 }, (_, i) => ({
    id: `3fa85f64-5717-4562-b3fc-2c963f66a${String(100 + i)}`,
    record_type: 'porting_order',
    status: { value: 'draft', details: [] },
    requirements_met: false,
    created_at: '2026-01-01T00:00:00Z',
  })),
  meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 20 },
});
let sockets = 0;
const api = http.createServer((_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(page),
);
api.on('connection', () => sockets++);
await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${api.address().port}/v2`;

async function mcpClient(config = {}) {
  const server = createServer({ apiKey: 'KEY_bench', baseUrl: base, ...config });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  await client.connect(a);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

// ---- 2. per-call overhead: order_list through MCP vs a raw undici request ---------------------------
{
  const mcp = await mcpClient();
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  const raw = async () => {
    const res = await request(`${base}/porting_orders`, {
      dispatcher: agent,
      headers: { authorization: 'Bearer KEY_bench', accept: 'application/json' },
    });
    JSON.parse(await res.body.text());
  };
  const tool = () => mcp.client.callTool({ name: 'order_list', arguments: {} });
  for (let i = 0; i < 50; i++) {
    await raw();
    await tool();
  }
  const times = { raw: [], tool: [] };
  for (let i = 0; i < 400; i++) {
    let t = performance.now();
    await raw();
    times.raw.push(performance.now() - t);
    t = performance.now();
    await tool();
    times.tool.push(performance.now() - t);
  }
  const added = median(times.tool) - median(times.raw);
  section(
    'Per-call overhead (400 calls each, interleaved, after 50 warm-up calls)',
    [
      ['', 'order_list via MCP client', 'raw undici request', 'added'],
      ['median', ms(median(times.tool)), ms(median(times.raw)), ms(added)],
      ['p95', ms(p95(times.tool)), ms(p95(times.raw)), ms(p95(times.tool) - p95(times.raw))],
    ],
    `target: <= 2 ms added at the median: ${added <= 2 ? 'met' : 'NOT met'}. The MCP figure includes the SDK client, the in-memory transport, validation and result shaping.`,
  );
  await mcp.close();
  await agent.close();
}

// ---- 3. 200 concurrent tool calls ------------------------------------------------------------------
{
  const mcp = await mcpClient();
  sockets = 0;
  let t = performance.now();
  const results = await Promise.all(
    Array.from({ length: 200 }, () => mcp.client.callTool({ name: 'order_list', arguments: {} })),
  );
  const ours = { ok: results.filter((r) => !r.isError).length, wall: performance.now() - t, sockets };
  await mcp.close();
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  sockets = 0;
  t = performance.now();
  const raw = await Promise.allSettled(
    Array.from({ length: 200 }, async () => {
      const res = await request(`${base}/porting_orders`, {
        dispatcher: agent,
        headers: { accept: 'application/json' },
      });
      return JSON.parse(await res.body.text());
    }),
  );
  const baseline = {
    ok: raw.filter((r) => r.status === 'fulfilled').length,
    wall: performance.now() - t,
    sockets,
  };
  await agent.close();
  section('200 concurrent calls', [
    ['', 'order_list via MCP', 'raw undici (same Agent settings)'],
    ['succeeded', `${ours.ok}/200`, `${baseline.ok}/200`],
    ['wall time', ms(ours.wall), ms(baseline.wall)],
    ['sockets opened', String(ours.sockets), String(baseline.sockets)],
  ]);
}
api.close();

// ---- 4. tools/list size per profile, 5. memory walking 10,000 items ------------------------------------
const run = (script, args = []) =>
  execFileSync(process.execPath, [...args, script], { cwd: ROOT, encoding: 'utf8' }).trim();
const profiles = run('scripts/profile-sizes.mjs');
console.log(`\ntools/list per profile\n${profiles}`);

// Baseline: what a plain OpenAPI-to-MCP generator serves for the same 54 operations (operationId as
// name, summary and description, parameters and body schema with every $ref inlined).
const spec = JSON.parse(readFileSync(new URL('spec/telnyx-porting-openapi.json', ROOT), 'utf8'));
const inline = (node, depth = 0) => {
  if (Array.isArray(node)) return node.map((n) => inline(n, depth));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && depth < 12) {
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce((o, k) => o?.[k], spec);
    return inline(target, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, depth)]));
};
const generated = Object.entries(spec.paths).flatMap(([, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'patch', 'delete'].includes(method))
    .map(([, op]) => {
      const properties = {};
      for (const param of inline(op.parameters ?? []))
        properties[param.name] = { ...param.schema, description: param.description };
      const body = inline(op.requestBody)?.content?.['application/json']?.schema;
      if (body) properties.body = body;
      return {
        name: op.operationId,
        description: `${op.summary}. ${op.description ?? ''}`,
        inputSchema: { type: 'object', properties },
      };
    }),
);
const { countTokens } = await import('@anthropic-ai/tokenizer');
const tokenizer = JSON.parse(
  readFileSync(new URL('node_modules/@anthropic-ai/tokenizer/package.json', ROOT), 'utf8'),
).version;
const generatedJson = JSON.stringify({ tools: generated });
const baselineRow = `| baseline: a plain OpenAPI-to-MCP generation of the porting spec | ${generated.length} | ${Buffer.byteLength(generatedJson).toLocaleString('en-US')} | ${countTokens(generatedJson).toLocaleString('en-US')} |`;
console.log(baselineRow);
const walk = run('scripts/walk-memory.mjs', ['--expose-gc']);
console.log(`\nMemory walking 10,000 porting phone numbers\n${walk}`);

// ---- 6. spreadsheet jobs: a file in, a summary out, beside portability_check calls of 1,000 ---------------
{
  const { LATENCY_MS, RATE_LIMIT, spreadsheetBench, spreadsheetTable } = await import(
    './bench/spreadsheet.mjs'
  );
  const rows = await spreadsheetBench(undefined, (line) => console.log(`  ${line}`));
  section(
    `Spreadsheet jobs (sandbox at ${LATENCY_MS} ms latency and ${RATE_LIMIT} requests/second; scripts/bench/spreadsheet.mjs)`,
    spreadsheetTable(rows),
    'Each size runs through an MCP client against the built server over stdio (a new process per way, so its peak RSS is its own). portability_check_file is called until it answers done (the same call continues a job its time budget cut); the other way sends the distinct numbers of the results file, 1,000 per portability_check call, as a model would have to. Rows: mixed formats, every 12th unreadable, every 10th a duplicate. Failed rows: readable numbers left without an answer.',
  );
}

// ---- BENCHMARKS.md -------------------------------------------------------------------------------------
const cpu = os.cpus();
const machine = `${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${mb(os.totalmem())} RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const table = ({ title, rows, note }) =>
  [
    `## ${title}`,
    '',
    `| ${rows[0].join(' | ')} |`,
    `|${rows[0].map(() => '---').join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
    '',
    note ?? '',
  ].join('\n');
const doc = `# Benchmarks

Measured by \`npm run bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}: ${machine}.
Every figure stands beside a baseline measured in the same run. Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.

${sections.map(table).join('\n\n')}

## tools/list per profile (what a client receives)

${profiles}
${baselineRow}

Tokens are counted on the JSON of the \`tools/list\` result with \`@anthropic-ai/tokenizer\` ${tokenizer},
Anthropic's older public tokenizer: an approximation of what current Claude models count.
The baseline row is built in the same run from spec/telnyx-porting-openapi.json: operationId as the name,
summary and description, every parameter and the request body with all \`$ref\`s inlined, no annotations.

## Memory while walking 10,000 porting phone numbers (scripts/walk-memory.mjs)

\`\`\`
${walk}
\`\`\`
`;
console.log(
  `\nMeasured in ${((Date.now() - started) / 1000).toFixed(0)} s. ${publish(doc, { write: args.write, file: fileURLToPath(new URL('BENCHMARKS.md', ROOT)) })}`,
);
