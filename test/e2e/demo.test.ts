import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { servedToolNames } from '../../src/server.js';

const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/demo.js');

describe('npm run demo', () => {
  it('walks the whole flow against the sandbox with no key and ports every order', async () => {
    const started = Date.now();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [DEMO],
        { env: { PATH: process.env.PATH }, timeout: 60_000 },
        (error, out) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
      child.stdin?.end();
    });
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
});
