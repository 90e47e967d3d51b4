import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

  // The contract's home is a sibling folder of the maintainers' checkout; a user's clone has none, so
  // the copy check runs only where it exists and is skipped (saying so) everywhere else.
  const shared = new URL('../../shared/telnyx/', import.meta.url);
  const hasShared = existsSync(shared);
  if (!hasShared) console.info('spec/ copy check skipped: no ../shared/telnyx/ beside this clone');
  it.skipIf(!hasShared)(
    'spec/ holds a byte-identical copy of every contract file in ../shared/telnyx/',
    () => {
      const files = readdirSync(shared);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const ours = new URL(`../spec/${file}`, import.meta.url);
        expect(existsSync(ours), `spec/${file} is missing`).toBe(true);
        expect(readFileSync(ours).equals(readFileSync(new URL(file, shared))), `spec/${file} differs`).toBe(
          true,
        );
      }
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
