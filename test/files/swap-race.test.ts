import { type ChildProcess, spawn } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/files/allowed.js';
import { openedPath } from '../../src/files/opened.js';
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

  // Without /proc the opened file is tied to its path by resolving the path again (src/files/opened.ts),
  // which narrows the window but cannot close it (README, Security). Racing it against a swapper would
  // make a test that fails at random; these are the cases it must decide, each made on purpose.
  it('the portable check (no /proc, as on macOS and Windows) refuses a file that is not the one the path names', async () => {
    const noProc = path.join(root, 'no-proc');
    const insidePath = path.join(allowed, 'sub', 'doc.txt');
    const outsidePath = path.join(root, 'outside', 'sub', 'doc.txt');
    const tie = async (file: string, requested: string) => {
      const handle = await open(file, 'r');
      try {
        return await openedPath(handle, await handle.stat({ bigint: true }), requested, noProc);
      } finally {
        await handle.close();
      }
    };
    // The file that is open is the one the path names: its real path.
    expect(await tie(insidePath, insidePath)).toBe(realpathSync(insidePath));
    // Swapped before the open, swapped back after it: the outside file is open, the path names the inside one.
    expect(await tie(outsidePath, insidePath)).toBeUndefined();
    // Still swapped: the path resolves outside, and the caller refuses a real path outside the folders.
    const link = path.join(allowed, 'link');
    symlinkSync(path.join(root, 'outside', 'sub'), link);
    try {
      expect(await tie(outsidePath, path.join(link, 'doc.txt'))).toBe(realpathSync(outsidePath));
      const located = await locate('link/doc.txt', [allowed]);
      expect(typeof located === 'string' ? located : 'located').toMatch(/does not exist in the allowed/);
    } finally {
      unlinkSync(link);
    }
  });

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
