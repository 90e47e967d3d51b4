import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_NAME, SERVER_VERSION } from '../src/version.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));

describe('project metadata stays in step', () => {
  it('version.ts, package.json and manifest.json agree', () => {
    const pkg = read('package.json');
    const manifest = read('manifest.json');
    expect(SERVER_VERSION).toBe(pkg.version);
    expect(manifest.version).toBe(pkg.version);
    expect(SERVER_NAME).toBe(pkg.name);
    expect(manifest.name).toBe(pkg.name);
    expect(pkg.bin['telnyx-porting-mcp']).toBe('dist/cli.js');
  });

  it.each(['telnyx-porting-openapi.json', 'telnyx-documents-openapi.json', 'DOCUMENTS.md'])(
    'ships a byte-identical copy of the contract: spec/%s = ../shared/telnyx/',
    (file) => {
      const ours = readFileSync(new URL(`../spec/${file}`, import.meta.url));
      const shared = readFileSync(new URL(`../../shared/telnyx/${file}`, import.meta.url));
      expect(ours.equals(shared)).toBe(true);
    },
  );

  it('pins every dependency to an exact version', () => {
    const pkg = read('package.json');
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
  it('the npm package holds what runs, and its bin', () => {
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = (pack?.files ?? []).map((f) => f.path);
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('spec/telnyx-porting-openapi.json');
    expect(files).toContain('spec/telnyx-documents-openapi.json');
    expect(files.filter((f) => /^(src|test|scripts|scratch)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });
});
