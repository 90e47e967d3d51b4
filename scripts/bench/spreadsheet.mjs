// Spreadsheet jobs against the sandbox at 50 ms latency and a 20 requests/second limit, beside the
// same numbers sent through portability_check calls of 1,000 (the most one call takes), in the same run.
// For each size: calls, characters the model writes and reads, wall time, rows that failed, and the
// peak RSS of the MCP server process (a child over stdio; the sandbox runs in this process).
// Run alone: npm run build && node scripts/bench/spreadsheet.mjs [rows ...]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSandbox } from '../../dist/sandbox/server.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const LATENCY_MS = 50;
export const RATE_LIMIT = 20;

/**
 * `rows` data rows as spreadsheets export them: mixed formats, US and GB numbers, every 12th row
 * unreadable, every 10th a duplicate of an earlier row.
 */
export function sheet(rows) {
  const lines = ['Name,Phone,Country'];
  for (let i = 0; i < rows; i++) {
    const n = String(i % 10_000_000).padStart(7, '0');
    if (i % 12 === 11) lines.push(`Bad ${i},not a number,US`);
    else if (i % 10 === 9) lines.push(`Again ${i},303${String(i - 9).padStart(7, '0')},US`);
    else if (i % 3 === 0) lines.push(`Name ${i},"+1 (303) ${n.slice(0, 3)}-${n.slice(3)}",`);
    else if (i % 3 === 1) lines.push(`Name ${i},303${n},US`);
    else lines.push(`Name ${i},+44 20 7${n},`);
  }
  return `${lines.join('\n')}\n`;
}

/** The MCP server as a client starts it: a child over stdio, pointed at the sandbox. */
async function serve(sandboxUrl, dir) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--files-dir', dir, '--output-dir', dir],
    env: { PATH: process.env.PATH ?? '', TELNYX_API_KEY: 'KEY_bench', TELNYX_BASE_URL: sandboxUrl },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  const peakRss = () =>
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${transport.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { client, peakRss };
}

const textOf = (result) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** portability_check_file until done: the calls a model makes (the same call continues the job). */
async function viaFile(sandbox, dir, file) {
  const { client, peakRss } = await serve(sandbox.url, dir);
  const started = performance.now();
  let calls = 0;
  let read = 0;
  let longest = 0;
  let answer;
  const args = { path: path.basename(file) };
  for (;;) {
    const result = await client.callTool({ name: 'portability_check_file', arguments: args }, undefined, {
      timeout: 600_000,
    });
    calls++;
    const text = textOf(result);
    read += text.length;
    longest = Math.max(longest, text.length);
    if (result.isError) throw new Error(`portability_check_file: ${text}`);
    answer = result.structuredContent;
    if (answer.status === 'done') break;
    if (calls > 20) throw new Error(`not done after 20 calls: ${text}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = peakRss();
  await client.close();
  // A failed row: a readable number that has no answer (portable is empty) in the results file.
  const results = readFileSync(
    path.join(dir, answer.results_file ? path.basename(answer.results_file) : ''),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const failed = results.filter((r) => r[2] && !r[5]).length;
  return {
    calls,
    written: JSON.stringify(args).length * calls,
    read,
    longest,
    seconds,
    failed,
    rss,
    rows: results.length,
  };
}

/** The same distinct numbers through portability_check, 1,000 a call, as a model would send them. */
async function viaCalls(sandbox, dir, numbers) {
  const { client, peakRss } = await serve(sandbox.url, dir);
  const started = performance.now();
  let calls = 0;
  let written = 0;
  let read = 0;
  let longest = 0;
  let failed = 0;
  for (let i = 0; i < numbers.length; i += 1000) {
    const args = { phone_numbers: numbers.slice(i, i + 1000) };
    const result = await client.callTool({ name: 'portability_check', arguments: args }, undefined, {
      timeout: 600_000,
    });
    calls++;
    written += JSON.stringify(args).length;
    const text = textOf(result);
    read += text.length;
    longest = Math.max(longest, text.length);
    if (result.isError) failed += args.phone_numbers.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = peakRss();
  await client.close();
  return { calls, written, read, longest, seconds, failed, rss };
}

/** One row per size and way: the figures the issue asks for, side by side. */
export async function spreadsheetBench(sizes = [100, 1000, 10_000, 100_000], log = () => {}) {
  const rows = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tpm-bench-sheet-'));
  try {
    for (const size of sizes) {
      const file = path.join(dir, `numbers-${size}.csv`);
      writeFileSync(file, sheet(size));
      const limited = () =>
        startSandbox({ speed: 0, rateLimit: RATE_LIMIT, faults: { latencyMs: LATENCY_MS } });
      let sandbox = await limited();
      const ours = await viaFile(sandbox, dir, file);
      await sandbox.close();
      const numbers = [
        ...new Set(
          readFileSync(path.join(dir, `numbers-${size}.results.csv`), 'utf8')
            .trim()
            .split('\n')
            .slice(1)
            .map((line) => line.split(',')[2])
            .filter(Boolean),
        ),
      ];
      sandbox = await limited();
      const base = await viaCalls(sandbox, dir, numbers);
      await sandbox.close();
      log(`${size} rows: file ${ours.seconds.toFixed(1)} s, calls of 1,000 ${base.seconds.toFixed(1)} s`);
      rows.push({ size, distinct: numbers.length, ours, base });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const n = (x) => Math.round(x).toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The table bench.mjs prints and writes: one line per size and way. */
export function spreadsheetTable(rows) {
  return [
    [
      'rows (distinct numbers)',
      'way',
      'calls',
      'model writes (chars)',
      'model reads (chars)',
      'longest answer',
      'wall time',
      'failed rows',
      'server peak RSS',
    ],
    ...rows.flatMap(({ size, distinct, ours, base }) => [
      [
        `${n(size)} (${n(distinct)})`,
        '**portability_check_file**',
        n(ours.calls),
        n(ours.written),
        n(ours.read),
        n(ours.longest),
        `${ours.seconds.toFixed(1)} s`,
        n(ours.failed),
        mb(ours.rss),
      ],
      [
        '',
        'portability_check, 1,000 a call',
        n(base.calls),
        n(base.written),
        n(base.read),
        n(base.longest),
        `${base.seconds.toFixed(1)} s`,
        n(base.failed),
        mb(base.rss),
      ],
    ]),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number);
  const rows = await spreadsheetBench(sizes.length ? sizes : undefined, (line) => console.error(line));
  for (const row of spreadsheetTable(rows)) console.log(`| ${row.join(' | ')} |`);
}
