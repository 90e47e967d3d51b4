// Spreadsheet jobs, measured: answer size, requests and time of portability_check_file for 100, 1,000
// and 10,000 rows (through an MCP client, against the sandbox), and the peak RSS of a 100,000-row check
// from the terminal (`check --sandbox`: the job and the sandbox in one process).
// Run: npm run build && node scripts/bench-spreadsheet.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { startSandbox } from '../dist/sandbox/server.js';
import { createServer } from '../dist/server.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tpm-bench-sheet-'));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** `rows` data rows: US/GB numbers in mixed formats, every 12th unreadable, every 10th a duplicate. */
function sheet(rows) {
  const lines = ['Name,Phone,Country'];
  for (let i = 0; i < rows; i++) {
    const n = String(i % 10_000_000).padStart(7, '0');
    if (i % 12 === 11) lines.push(`Bad ${i},not a number,US`);
    else if (i % 10 === 9) lines.push(`Again ${i},+1 303 ${String(i - 9).padStart(7, '0')},`);
    else if (i % 3 === 0) lines.push(`Name ${i},"+1 (303) ${n.slice(0, 3)}-${n.slice(3)}",`);
    else if (i % 3 === 1) lines.push(`Name ${i},303${n},US`);
    else lines.push(`Name ${i},+44 20 7${n},`);
  }
  return `${lines.join('\n')}\n`;
}

async function viaMcp(rows) {
  const file = path.join(root, `n${rows}.csv`);
  writeFileSync(file, sheet(rows));
  let checks = 0;
  const sandbox = await startSandbox({
    speed: 0,
    onExchange: (e) => {
      if (e.operationId === 'PostPortabilityCheck') checks++;
    },
  });
  const server = createServer({ apiKey: 'KEY_bench', baseUrl: sandbox.url, filesDir: [root] });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  await client.connect(a);
  const started = performance.now();
  const result = await client.callTool({ name: 'portability_check_file', arguments: { path: file } });
  const ms = performance.now() - started;
  const text = result.content[0].text;
  const answer = JSON.parse(text);
  await client.close();
  await server.close();
  await sandbox.close();
  return { rows, status: answer.status, answerChars: text.length, requests: checks, ms: Math.round(ms) };
}

const results = [];
for (const rows of [100, 1000, 10_000]) results.push(await viaMcp(rows));
console.log('| rows | status | answer characters | portability requests | time |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.rows.toLocaleString('en-US')} | ${r.status} | ${r.answerChars.toLocaleString('en-US')} | ${r.requests} | ${(r.ms / 1000).toFixed(1)} s |`,
  );
}

// 100,000 rows from the terminal, in a child process that reports its own peak RSS.
const big = path.join(root, 'n100000.csv');
writeFileSync(big, sheet(100_000));
const wrapper = path.join(root, 'rss.mjs');
writeFileSync(
  wrapper,
  `process.on('exit', () => process.stderr.write('maxrss_kb=' + process.resourceUsage().maxRSS + '\\n'));
process.argv = [process.argv[0], ${JSON.stringify(cli)}, 'check', ${JSON.stringify(big)}, '--sandbox'];
await import(${JSON.stringify(cli)});
`,
);
const started = performance.now();
const { stdout, stderr } = spawnSync(process.execPath, [wrapper], { encoding: 'utf8', maxBuffer: 1 << 24 });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const rss = /maxrss_kb=(\d+)/.exec(stderr)?.[1];
console.log(
  `\n100,000 rows, \`check --sandbox\` (job and sandbox in one process): ${seconds} s, peak RSS ${rss ? Math.round(Number(rss) / 1024) : '?'} MB`,
);
console.log(stdout.split('\n').slice(0, 4).join('\n'));
rmSync(root, { recursive: true, force: true });
