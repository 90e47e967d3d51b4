import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script module, without types
import { benchArgs, publish } from '../../scripts/bench/output.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run bench changes no tracked file unless asked', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints only; --write alone writes the file', () => {
    const file = path.join(work, 'BENCHMARKS.md');
    expect(publish('# figures\n', { ...benchArgs([]), file })).toMatch(/BENCHMARKS\.md is unchanged/);
    expect(existsSync(file)).toBe(false);
    expect(publish('# figures\n', { ...benchArgs(['--write']), file })).toBe(`Wrote ${file}`);
    expect(readFileSync(file, 'utf8')).toBe('# figures\n');
  });

  it('stops before measuring anything on an argument it does not know, and leaves BENCHMARKS.md alone', () => {
    const before = readFileSync(path.join(root, 'BENCHMARKS.md'), 'utf8');
    const result = spawnSync(process.execPath, ['scripts/bench.mjs', '--wirte'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown argument: --wirte\nusage: npm run bench \[-- --write\]/);
    expect(readFileSync(path.join(root, 'BENCHMARKS.md'), 'utf8')).toBe(before);
  });
});
