import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { servedToolNames } from '../../src/server.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

/** Runs a built demo to its end with no key and no network, as `npm run demo` does. */
function runDemo(file: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(DIST, file)],
      { env: { PATH: process.env.PATH }, timeout: 60_000 },
      (error, out) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
    );
    child.stdin?.end();
  });
}

describe('npm run demo', () => {
  it('walks the whole flow against the sandbox with no key and ports every order', async () => {
    const started = Date.now();
    const { code, stdout } = await runDemo('demo.js');
    console.log(`demo took ${Date.now() - started} ms`);
    expect(code, stdout).toBe(0);
    for (const marker of [
      'SANDBOX MODE',
      '+13035550107   NOT portable: No coverage',
      'split them into 3 draft orders',
      'Refused before sending, naming what is missing: end_user.admin.entity_name',
      '(fill with order_update)',
      'signed-loa.pdf: document',
      'invoice.pdf: document',
      'requirements_met=true',
      'porting_order.status_changed → ported',
      'page 2/2',
      '3 of 3 orders ported',
      // The count a normal start serves (README and package.json say the same), then the sandbox's own tool.
      `Connected over stdio: ${servedToolNames({}).length} tools, plus sandbox_clock_advance (sandbox mode only)`,
    ]) {
      expect(stdout).toContain(marker);
    }
  });

  it('npm run demo:spreadsheet: a spreadsheet to ported numbers in group steps, every answer small', async () => {
    const { code, stdout } = await runDemo('demo-spreadsheet.js');
    expect(code, stdout).toBe(0);
    for (const marker of [
      '26 rows: 20 portable (6 FastPort), 2 not portable, 3 unreadable, 1 duplicate',
      'row 16: "720-555-0113 x21" has an extension',
      'row 12 = row 2',
      '20 numbers in 9 draft orders; 2 not portable, 3 unreadable and 1 duplicate rows never sent',
      '9 of 9 orders updated',
      '6 orders (11 numbers) submitted in one step',
      'Done: 11 numbers ported in the sandbox',
      '1 cannot pass yet: unverified numbers',
      'exception ACCOUNT_NUMBER_MISMATCH',
      '1 order resubmitted',
      'acme-pbx.numbers.csv (20 rows)',
    ]) {
      expect(stdout).toContain(marker);
    }
    // What the client read stays small: the longest answer of the whole flow.
    const longest = Number(/the longest answer the client read was (\d+) characters/.exec(stdout)?.[1]);
    expect(longest).toBeGreaterThan(0);
    expect(longest).toBeLessThanOrEqual(8000);
  });
});
