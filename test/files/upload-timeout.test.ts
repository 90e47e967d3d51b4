import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadSlots } from '../../src/files/upload-slots.js';
import { type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

// A real garbage collection on demand: load is what made uploads outlive their timeout.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('an upload against an upstream that never answers ends at the configured timeout', () => {
  let dir: string;
  let api: Loopback;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tpm-timeout-'));
    writeFileSync(path.join(dir, 'note.txt'), 'a document\n'.repeat(10_000));
    // Reads every request to its end, then never answers.
    api = await startLoopback(() => new Promise(() => {}));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends as a timeout even when garbage is collected meanwhile, and frees its upload slot', async () => {
    const mcp = await connect({ baseUrl: api.url, filesDir: [dir], maxRetries: 0, timeoutMs: 300 });
    try {
      let settled = false;
      const call = mcp.call('document_upload', { path: 'note.txt' }).finally(() => {
        settled = true;
      });
      // Collect garbage while the call waits, until it ends (the test's own timeout bounds this).
      while (!settled) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const result = await call;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/\(timeout\) No complete answer within 300 ms/);
      expect(uploadSlots.inUse).toBe(0);
    } finally {
      await mcp.close();
    }
  });
});
