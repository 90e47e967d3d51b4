// npm run bundle: telnyx-porting-mcp.mcpb, the MCP Bundle Claude Desktop installs with one click.
// Stages what runs (dist, spec, manifest, README, LICENSE) with production dependencies only, strips
// type files, maps and docs from node_modules, packs with @anthropic-ai/mcpb and checks the size.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'telnyx-porting-mcp.mcpb'));
const MAX_BYTES = 10 * 1024 * 1024;
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

const stage = mkdtempSync(path.join(tmpdir(), 'telnyx-porting-mcpb-'));
try {
  for (const entry of [
    'dist',
    'spec',
    'manifest.json',
    'package.json',
    'package-lock.json',
    'README.md',
    'LICENSE',
  ]) {
    cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stage);

  // What Node never loads at run time.
  const drop = /\.(d\.[cm]?ts|map|md|markdown)$|^(CHANGELOG|README|HISTORY)(\..*)?$/i;
  const prune = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) {
        if (/^(test|tests|__tests__|docs|example|examples)$/.test(name)) rmSync(file, { recursive: true });
        else prune(file);
      } else if (drop.test(name)) unlinkSync(file);
    }
  };
  prune(path.join(stage, 'node_modules'));
  writeFileSync(path.join(stage, '.mcpbignore'), 'package-lock.json\n');

  run('npx', ['-y', '@anthropic-ai/mcpb@2.1.2', 'validate', path.join(stage, 'manifest.json')], stage);
  rmSync(out, { force: true });
  run('npx', ['-y', '@anthropic-ai/mcpb@2.1.2', 'pack', stage, out], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const size = statSync(out).size;
console.log(`${path.relative(process.cwd(), out)}: ${(size / 1024 / 1024).toFixed(2)} MB`);
if (size >= MAX_BYTES) {
  console.error(`The bundle must stay under ${MAX_BYTES / 1024 / 1024} MB`);
  process.exit(1);
}
