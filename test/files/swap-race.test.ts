import { type ChildProcess, spawn } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate, openLocated } from '../../src/files/allowed.js';
import { json, type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

const INSIDE = 'inside the allowed folder\n';
const OUTSIDE = 'OUTSIDE-SECRET never to be uploaded\n';

/**
 * A child process that keeps swapping allowed/sub between a real directory and a symlink to an outside
 * directory holding a file of the same name, as fast as it can, until its stdin closes (or 120 s pass).
 */
const SWAPPER = `
const fs = require('node:fs');
const [sub, parked, outside] = process.argv.slice(1);
let stop = false;
process.stdin.on('close', () => { stop = true; });
process.stdin.resume();
const end = Date.now() + 120000;
let swaps = 0;
const pause = new Int32Array(new SharedArrayBuffer(4));
function round() {
  for (let i = 0; i < 200 && !stop; i++) {
    try {
      fs.renameSync(sub, parked);
      fs.symlinkSync(outside, sub);
      Atomics.wait(pause, 0, 0, 0.2);
      fs.unlinkSync(sub);
      fs.renameSync(parked, sub);
      Atomics.wait(pause, 0, 0, 0.2);
      swaps++;
    } catch {}
  }
  if (stop || Date.now() > end) { process.stderr.write(swaps + '\\n'); process.exit(0); }
  setImmediate(round);
}
round();
`;

describe('confinement holds against a directory swapped for a symlink while uploads run', () => {
  let root: string;
  let allowed: string;
  let api: Loopback;
  let swapper: ChildProcess | undefined;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-race-'));
    allowed = path.join(root, 'allowed');
    mkdirSync(path.join(allowed, 'sub'), { recursive: true });
    mkdirSync(path.join(root, 'outside', 'sub'), { recursive: true });
    writeFileSync(path.join(allowed, 'sub', 'doc.txt'), INSIDE);
    writeFileSync(path.join(root, 'outside', 'sub', 'doc.txt'), OUTSIDE);
    writeFileSync(path.join(root, 'outside', 'secret.txt'), OUTSIDE);
    api = await startLoopback((_req, res) =>
      json(res, 200, { data: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', record_type: 'document' } }),
    );
  });
  afterAll(async () => {
    swapper?.kill();
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Starts the swapper; `stop` ends it and resolves with the number of swaps it made. */
  const startSwapper = () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        SWAPPER,
        path.join(allowed, 'sub'),
        path.join(allowed, 'sub.parked'),
        path.join(root, 'outside', 'sub'),
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    swapper = child;
    let swaps = '';
    child.stderr?.on('data', (c: Buffer) => {
      swaps += c.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      stop: async () => {
        child.stdin?.end();
        await exited;
        return Number(swaps.trim());
      },
    };
  };

  it('1,000 uploads while the swapper runs: none carries the outside file', async () => {
    const mcp = await connect({ baseUrl: api.url, filesDir: [allowed], maxRetries: 0 });
    const swapping = startSwapper();
    let swaps = 0;
    let uploaded = 0;
    try {
      for (let round = 0; round < 100; round++) {
        const results = await Promise.all(
          Array.from({ length: 10 }, () => mcp.call('document_upload', { path: 'sub/doc.txt' })),
        );
        uploaded += results.filter((r) => !r.isError).length;
      }
    } finally {
      swaps = await swapping.stop();
      await mcp.close();
    }
    const leaked = api.requests.filter((r) => r.body?.includes('OUTSIDE-SECRET')).length;
    const inside = api.requests.filter((r) => r.body?.includes(INSIDE)).length;
    console.log(
      `swap race: ${swaps} swaps, 1000 uploads tried, ${api.requests.length} sent (${inside} inside, ${leaked} outside), ${uploaded} succeeded`,
    );
    expect(swaps).toBeGreaterThan(100);
    // The control: some uploads did read the inside file while the swapper ran.
    expect(inside).toBeGreaterThan(0);
    expect(leaked).toBe(0);
  }, 120_000);

  it('the portable check (no /proc, as on macOS and Windows) holds against the same swapper', async () => {
    const swapping = startSwapper();
    let inside = 0;
    let leaked = 0;
    let swaps = 0;
    try {
      for (let i = 0; i < 1000; i++) {
        const located = await locate('sub/doc.txt', [allowed]);
        if (typeof located === 'string') continue;
        const opened = await openLocated(located, path.join(root, 'no-proc'));
        if (typeof opened === 'string') continue;
        const text = (await opened.handle.readFile()).toString();
        await opened.close();
        if (text === INSIDE) inside++;
        else leaked++;
      }
    } finally {
      swaps = await swapping.stop();
    }
    console.log(`swap race, portable check: ${swaps} swaps, 1000 tries, ${inside} inside, ${leaked} outside`);
    expect(inside).toBeGreaterThan(0);
    expect(leaked).toBe(0);
  }, 120_000);

  it('a hard link to an outside file is refused, and nothing is sent', async () => {
    const mcp = await connect({ baseUrl: api.url, filesDir: [allowed], maxRetries: 0 });
    const before = api.requests.length;
    try {
      linkSync(path.join(root, 'outside', 'secret.txt'), path.join(allowed, 'hard.txt'));
      const result = await mcp.call('document_upload', { path: 'hard.txt' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/nothing was sent to Telnyx[\s\S]*hard\.txt has more than one name/);
      expect(api.requests.length).toBe(before);
    } finally {
      await mcp.close();
    }
  });
});
