// Peak memory of the sandbox under concurrent big uploads (issue 17, B1): 16 uploads of a 20 MB file
// at once, as JSON base64 (27 MB bodies) and as multipart. The sandbox runs in a child process; its
// peak RSS (VmHWM) is read from /proc (Linux). A 429 is retried after its Retry-After, as clients do.
//   npm run build && [CONCURRENT=16] node scripts/sandbox-upload-memory.mjs [json|multipart]
// SANDBOX_DIST=path/to/dist picks another build (to compare with an older one).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONCURRENT = Number(process.env.CONCURRENT ?? 16);
const mode = process.argv[2] ?? 'json';
const dist =
  process.env.SANDBOX_DIST ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const child = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { startSandbox } = await import(${JSON.stringify(`${dist}/sandbox/server.js`)});
     const s = await startSandbox({ speed: 0 });
     console.log(s.url);`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = new URL(await new Promise((r) => child.stdout.once('data', (d) => r(String(d).trim()))));
const vm = (key) => {
  const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(key));
  return `${(Number(line?.split(/\s+/)[1]) / 1024).toFixed(0)} MB`;
};

const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20 * 1024 * 1024 - 9)]);
const boundary = 'sandbox-upload-memory';
const body =
  mode === 'json'
    ? Buffer.from(JSON.stringify({ file: file.toString('base64'), filename: 'big.pdf' }))
    : Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
const contentType = mode === 'json' ? 'application/json' : `multipart/form-data; boundary=${boundary}`;

function upload() {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `${url.pathname}/documents`,
        headers: {
          authorization: 'Bearer KEY_memory',
          accept: 'application/json',
          'content-type': contentType,
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] }));
      },
    );
    // A refusal closes the connection while the body is still going out.
    req.on('error', () => {});
    req.end(body);
  });
}

const baseline = vm('VmRSS');
const statuses = {};
const start = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENT }, async () => {
    for (;;) {
      const { status, retryAfter } = await upload();
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 429) return;
      await new Promise((r) => setTimeout(r, Number(retryAfter ?? 1) * 1000));
    }
  }),
);
console.log(
  `node ${process.version}, ${CONCURRENT} concurrent ${mode} uploads of a 20 MB file (${(body.length / 1024 / 1024).toFixed(1)} MB bodies), sandbox ${dist}`,
);
console.log(
  `answers ${JSON.stringify(statuses)} in ${((performance.now() - start) / 1000).toFixed(1)} s; sandbox RSS ${baseline} before, peak ${vm('VmHWM')}`,
);
child.kill();
