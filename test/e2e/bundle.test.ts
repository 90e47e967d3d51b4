import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/stdio.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'mcpb-test-'));
const bundle = path.join(work, 'telnyx-porting-mcp.mcpb');
const unpacked = path.join(work, 'installed');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

/**
 * Builds the bundle, unpacks it, and starts the server the way Claude Desktop does: mcp_config from the
 * manifest, ${__dirname} and ${user_config.*} resolved into argv and env.
 */
describe('MCP Bundle', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('validates, builds under 10 MB with production files only, and runs unpacked in sandbox mode', async () => {
    execFileSync('npx', ['-y', '@anthropic-ai/mcpb@2.1.2', 'validate', 'manifest.json'], {
      cwd: root,
      stdio: 'pipe',
    });
    execFileSync(process.execPath, ['scripts/bundle.mjs', bundle], { cwd: root, stdio: 'pipe' });
    const size = readFileSync(bundle).length;
    console.log(`bundle: ${(size / 1024 / 1024).toFixed(2)} MB`);
    expect(size).toBeLessThan(10 * 1024 * 1024);
    execFileSync('npx', ['-y', '@anthropic-ai/mcpb@2.1.2', 'unpack', bundle, unpacked], { stdio: 'pipe' });

    const files = walk(unpacked).map((f) => path.relative(unpacked, f));
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('spec/telnyx-porting-openapi.json');
    expect(files).toContain('spec/telnyx-documents-openapi.json');
    expect(files.some((f) => f.startsWith('node_modules/@modelcontextprotocol/sdk/'))).toBe(true);
    expect(
      files.filter((f) => /\.(d\.ts|map)$/.test(f) || f.startsWith('test/') || f.includes('vitest')),
    ).toEqual([]);

    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
    const userConfig: Record<string, string> = {
      telnyx_api_key: '',
      read_only: 'false',
      toolsets: '',
      sandbox: 'true',
    };
    const resolve = (value: string) =>
      value
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the manifest's own placeholder
        .replaceAll('${__dirname}', unpacked)
        .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => userConfig[key] ?? '');
    const { command, args, env } = manifest.server.mcp_config as {
      command: string;
      args: string[];
      env: Record<string, string>;
    };
    expect(command).toBe('node');
    const resolvedEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, resolve(v)]));
    const server = spawnServer(resolvedEnv, args.map(resolve).slice(1), args.map(resolve)[0]);
    const init = JSON.parse(await server.initialize());
    expect(init.result.instructions).toMatch(/^SANDBOX MODE/);
    const list = JSON.parse(await server.request('tools/list'));
    // Sandbox mode adds its clock tool to the operations the manifest declares.
    expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual([
      ...manifest.tools.map((t: { name: string }) => t.name),
      'sandbox_clock_advance',
    ]);
    const call = JSON.parse(
      await server.request('tools/call', {
        name: 'portability_check',
        arguments: { phone_numbers: ['+13035550000'] },
      }),
    );
    expect(call.result.structuredContent.data[0].portable).toBe(true);
    expect(await server.stop()).toBe(0);
  }, 180_000);
});
