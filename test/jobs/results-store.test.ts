import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsStore } from '../../src/jobs/results-store.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const file = (name: string, size: number) => ({
  name,
  title: name,
  mimeType: 'text/csv',
  bytes: Buffer.alloc(size, 'x'),
});
const names = (store: ResultsStore) => store.list().map((f) => f.name);

/** Results kept in memory are bounded in count and bytes: the least recently written go first. */
describe('ResultsStore drops its oldest files past its limits', () => {
  it('keeps at most maxFiles, dropping the least recently written', () => {
    const store = new ResultsStore(3, 1000);
    store.put(file('a', 10), 1);
    store.put(file('b', 10), 2);
    store.put(file('c', 10), 3);
    store.put(file('d', 10), 4);
    expect(names(store)).toEqual(['d', 'c', 'b']);
    expect(store.get(ResultsStore.uriFor('a'))).toBeUndefined();
    // Writing b again makes it the newest: c is now the oldest.
    store.put(file('b', 10), 5);
    store.put(file('e', 10), 6);
    expect(names(store)).toEqual(['e', 'b', 'd']);
  });

  it('keeps at most maxBytes in all, never dropping the file just written, and refuses one larger than the store', () => {
    const store = new ResultsStore(20, 100);
    store.put(file('x', 40), 1);
    store.put(file('y', 40), 2);
    expect(names(store)).toEqual(['y', 'x']);
    store.put(file('z', 40), 3);
    expect(names(store)).toEqual(['z', 'y']);
    store.put(file('w', 100), 4);
    expect(names(store)).toEqual(['w']);
    expect(store.put(file('v', 101), 5)).toBeUndefined();
    expect(names(store)).toEqual(['w']);
    // Replacing a file counts its new size, not both.
    store.put(file('w', 90), 6);
    store.put(file('u', 10), 7);
    expect(names(store)).toEqual(['u', 'w']);
  });

  describe('as resources', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'tpm-store-'));
      mkdirSync(path.join(root, 'in'));
      for (const n of ['one', 'two', 'three'])
        writeFileSync(path.join(root, 'in', `${n}.csv`), 'Phone\n+13035550100\n');
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('a results resource dropped for a newer one is gone from resources/list and says so when read', async () => {
      const s = await sandboxSession(
        {},
        { filesDir: [path.join(root, 'in')] },
        { deps: { results: new ResultsStore(2) } },
      );
      const uris: string[] = [];
      for (const n of ['one', 'two', 'three']) {
        const result = await s.mcp.call('portability_check_file', { path: `${n}.csv` });
        uris.push((result.structuredContent as Json).results_resource);
      }
      const listed = (await s.mcp.client.listResources()).resources.map((r) => r.uri);
      expect(listed).toEqual(expect.arrayContaining([uris[1], uris[2]]));
      expect(listed).not.toContain(uris[0]);
      await expect(s.mcp.client.readResource({ uri: uris[0] as string })).rejects.toThrow(
        /No results at .*one\.results\.csv: they last until the server stops; run the job again/,
      );
      const read = await s.mcp.client.readResource({ uri: uris[2] as string });
      expect((read.contents[0] as { text: string }).text).toMatch(/^row,number,e164/);
      await s.close();
    });
  });
});
