import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from './support/mcp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json'));

describe('what README and package.json say is what the code does', () => {
  it('the tool count: package.json, README and the served tools/list agree', async () => {
    // From the server itself, never a literal: tools are added over time.
    const mcp = await connect({});
    const { tools } = await mcp.client.listTools();
    await mcp.close();
    const count = tools.length;
    expect(pkg.description).toMatch(new RegExp(`(^|\\D)${count} tools`));
    expect([...pkg.description.matchAll(/(\d+) tools/g)].map((m) => Number(m[1]))).toEqual([count]);
    const readme = read('README.md');
    expect(readme).toContain(`**${count} tools**`);
    expect(readme).toMatch(new RegExp(`tokens \\([\\d,]+ bytes\\) for ${count} tools`));
  });

  it('names the tokenizer behind every token figure, at its pinned version', () => {
    const named = `\`@anthropic-ai/tokenizer\` ${pkg.devDependencies['@anthropic-ai/tokenizer']}`;
    expect(read('README.md')).toContain(named);
    expect(read('BENCHMARKS.md')).toContain(named);
  });
});

describe('the npm package', () => {
  let shipped: Set<string>;
  beforeAll(() => {
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    shipped = new Set((pack?.files ?? []).map((f) => f.path));
  });

  /** Relative link targets of a Markdown file, without their #anchor, as paths from the root. */
  const links = (file: string) =>
    [...read(file).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] as string)
      .filter((target) => !/^[a-z]+:|^#/i.test(target))
      .map((target) => path.posix.join(path.posix.dirname(file), target.split('#')[0] as string));

  it('ships every file its README links, and every file those link', () => {
    const markdown = [...shipped].filter((f) => f.endsWith('.md'));
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'SECURITY.md', 'CONTRIBUTING.md']));
    for (const file of markdown) {
      for (const target of links(file)) {
        expect(existsSync(path.join(root, target)), `${file} links ${target}, which does not exist`).toBe(
          true,
        );
        expect(shipped.has(target), `${file} links ${target}, which the package does not ship`).toBe(true);
      }
    }
    expect(links('README.md')).toEqual(expect.arrayContaining(['SECURITY.md', 'CONTRIBUTING.md']));
  });
});
