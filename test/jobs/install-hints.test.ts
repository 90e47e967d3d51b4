import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/jobs/csv-out.js';
import { ResultsStore } from '../../src/jobs/results-store.js';
import { JobError } from '../../src/jobs/workflow.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const BUNDLE_SETTING =
  /the "Folder for results" setting in Claude Desktop → Settings → Extensions → Telnyx Number Porting → Configure/;

/** Where to set an output folder is said the way the server was installed: the bundle's form, or the option. */
describe('output folder hints name the setting of the install', () => {
  let root: string;
  let files: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-hints-'));
    files = path.join(root, 'in');
    mkdirSync(files);
    writeFileSync(path.join(files, 'two.csv'), 'Phone\n+13035550100\n+13035550101\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const install of ['mcpb', undefined] as const) {
    it(`results kept in memory (${install ?? 'npm'})`, async () => {
      const s = await sandboxSession({}, { filesDir: [files], ...(install ? { install } : {}) });
      const result = await s.mcp.call('portability_check_file', { path: 'two.csv' });
      const kept = (result.structuredContent as Json).results_kept as string;
      if (install) {
        expect(kept).toMatch(BUNDLE_SETTING);
        expect(kept).not.toMatch(/--output-dir|TELNYX_PORTING_OUTPUT_DIR/);
      } else expect(kept).toMatch(/--output-dir or TELNYX_PORTING_OUTPUT_DIR/);
      await s.close();
    });
  }

  it('results too large to keep in memory (the check, under the bundle)', async () => {
    const s = await sandboxSession(
      {},
      { filesDir: [files], install: 'mcpb' },
      { deps: { results: new ResultsStore(20, 100) } },
    );
    const result = await s.mcp.call('portability_check_file', { path: 'two.csv' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /too large to keep in memory; allow an output folder \(the "Folder for results"/,
    );
    expect(textOf(result)).not.toMatch(/--output-dir/);
    await s.close();
  });

  it('an export too large to keep in memory (under the bundle)', async () => {
    const refusal = await writeCsv(
      {
        settings: { filesDirs: [], concurrency: 1, timeMs: 1000, install: 'mcpb' },
        results: new ResultsStore(20, 100),
      },
      'group.export.csv',
      ['phone_number'],
      Array.from({ length: 50 }, (_, i) => [`+1303555${String(1000 + i)}`]),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(JobError);
    expect((refusal as Error).message).toMatch(BUNDLE_SETTING);
  });
});
