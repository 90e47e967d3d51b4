import { countTokens } from '@anthropic-ai/tokenizer';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOOLS } from '../support/served.js';
import { spawnServer } from '../support/stdio.js';

describe('stdio server (the built CLI)', () => {
  it('starts without TELNYX_API_KEY, lists every tool, and a call says how to set the key', async () => {
    const server = spawnServer({});
    const init = JSON.parse(await server.initialize());
    expect(init.result.serverInfo.name).toBe('telnyx-porting-mcp');
    expect(init.result.instructions.length).toBeLessThan(2048);
    const list = JSON.parse(await server.request('tools/list'));
    expect(list.result.tools).toHaveLength(DEFAULT_TOOLS);
    const call = JSON.parse(await server.request('tools/call', { name: 'order_list', arguments: {} }));
    expect(call.result.isError).toBe(true);
    expect(call.result.content[0].text).toMatch(/Set TELNYX_API_KEY/);
    expect(await server.stop()).toBe(0);
    // stdout carried only JSON-RPC; diagnostics went to stderr
    for (const line of server.stdout.trim().split('\n')) expect(JSON.parse(line).jsonrpc).toBe('2.0');
    expect(server.stderr).toContain(`ready on stdio: ${DEFAULT_TOOLS} tools`);
  });

  it('keeps tools/list within its 10,000-token budget (what the client receives)', async () => {
    const server = spawnServer({});
    await server.initialize();
    const raw = await server.request('tools/list');
    await server.stop();
    const result = JSON.stringify(JSON.parse(raw).result);
    const tokens = countTokens(result);
    console.log(`tools/list: ${Buffer.byteLength(result)} bytes, ${tokens} tokens`);
    expect(tokens).toBeLessThanOrEqual(10_000);
    // what SDK-registered tools would add and we do not send
    expect(result).not.toContain('"$schema"');
    expect(result).not.toContain('taskSupport');
    expect(result).not.toContain('9007199254740991');
  });
});
