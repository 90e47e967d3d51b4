import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog/index.js';
import { OPTIONS } from '../src/config.js';
import { workflows } from '../src/jobs/index.js';
import { promptTemplates } from '../src/mcp/prompts.js';
import { servedOrder } from '../src/mcp/tools.js';

/** Every tool of the default profile, in tools/list order: operations and the workflows over many. */
const allTools = servedOrder(catalog, workflows);

const README = new URL('../README.md', import.meta.url);
const START = '<!-- tools:start (generated from src/catalog by `npm run docs`) -->';
const END = '<!-- tools:end -->';

const EFFECT = { read: 'read', write: 'write', destructive: '**destructive**' } as const;

function toolTable(): string {
  const rows = allTools.map((e) => {
    const call =
      'method' in e ? `\`${e.method} ${e.path}\`` : `many: ${e.uses.map((u) => `\`${u}\``).join(', ')}`;
    return `| \`${e.name}\` | ${e.toolset} | ${EFFECT[e.effect]} | ${call} | ${e.description} |`;
  });
  return ['| Tool | Toolset | Effect | API call | What it does |', '|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

describe('README', () => {
  it('lists exactly the tools the catalog serves (run `npm run docs` to refresh)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, 'README has the tools markers').toBeGreaterThan(-1);
    const expected = `${START}\n${toolTable()}\n${END}`;
    const actual = readme.slice(start, end + END.length);
    if (process.env.UPDATE_DOCS && actual !== expected) {
      writeFileSync(README, readme.replace(actual, expected));
      return;
    }
    expect(actual).toBe(expected);
  });

  it('states the tools/list size of the committed snapshot', () => {
    const snapshot = JSON.parse(
      readFileSync(new URL('./__snapshots__/tools-list.json', import.meta.url), 'utf8'),
    );
    const n = (x: number) => x.toLocaleString('en-US');
    expect(readFileSync(README, 'utf8')).toContain(
      `${n(snapshot.tokens)} tokens (${n(snapshot.bytes)} bytes)`,
    );
  });

  it('shows the tools/list size of every profile as scripts/profile-sizes.mjs measures it', () => {
    const script = fileURLToPath(new URL('../scripts/profile-sizes.mjs', import.meta.url));
    const table = execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim();
    expect(readFileSync(README, 'utf8')).toContain(table);
  });

  it('documents every option: its environment variable and its flag', () => {
    const readme = readFileSync(README, 'utf8');
    for (const option of OPTIONS) {
      expect(readme).toContain(`\`${option.env}\``);
      if (option.flag) expect(readme).toContain(`\`--${option.flag}\``);
    }
  });
});

describe('manifest.json (MCP Bundle)', () => {
  const MANIFEST = new URL('../manifest.json', import.meta.url);

  it('declares exactly the tools and prompts the default profile serves (run `npm run docs` to refresh)', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const tools = allTools.map((e) => ({ name: e.name, description: e.description }));
    const prompts = promptTemplates();
    if (process.env.UPDATE_DOCS) {
      writeFileSync(MANIFEST, `${JSON.stringify({ ...manifest, tools, prompts }, null, 2)}\n`);
      return;
    }
    expect(manifest.tools).toEqual(tools);
    expect(manifest.prompts).toEqual(prompts);
  });

  it('passes every user_config value to an environment variable the server reads', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const envs = new Set(OPTIONS.map((o) => o.env));
    const env = manifest.server.mcp_config.env as Record<string, string>;
    // A `multiple` directory field expands into separate arguments: after `--`, the server takes them
    // as upload folders (src/config.ts).
    const args = manifest.server.mcp_config.args as string[];
    for (const [key, field] of Object.entries(manifest.user_config) as Array<
      [string, { multiple?: boolean }]
    >) {
      if (field.multiple) {
        expect(args.slice(args.indexOf('--') + 1), key).toEqual([`\${user_config.${key}}`]);
        continue;
      }
      const entry = Object.entries(env).find(([, value]) => value === `\${user_config.${key}}`);
      expect(entry, key).toBeDefined();
      expect(envs.has(entry?.[0] ?? '')).toBe(true);
    }
    expect(manifest.user_config.telnyx_api_key.sensitive).toBe(true);
    // Every variable the bundle sets is an option (documented in README, the test above), the install
    // marker included: hints name the bundle's settings only because the server reads it.
    expect(Object.keys(env).filter((name) => !envs.has(name))).toEqual([]);
    expect(env.TELNYX_PORTING_INSTALL).toBe('mcpb');
  });
});
