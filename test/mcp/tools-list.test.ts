import { countTokens } from '@anthropic-ai/tokenizer';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { effectiveHints } from '../../src/mcp/tools.js';
import { connect } from '../support/mcp.js';

const DESTRUCTIVE = [
  'order_delete',
  'order_confirm',
  'order_cancel',
  'order_activate',
  'order_verification_code_send',
  'order_document_delete',
  'order_associated_number_delete',
  'order_number_block_delete',
  'order_number_extension_delete',
  'loa_config_delete',
  'document_delete',
  'order_group_confirm',
].sort();

function propertyNames(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, out);
  else if (schema && typeof schema === 'object') {
    const o = schema as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') out.push(...Object.keys(o.properties));
    for (const v of Object.values(o)) propertyNames(v, out);
  }
  return out;
}

describe('tools/list: what the model reads', () => {
  let tools: Tool[];
  let close: () => Promise<void>;
  beforeAll(async () => {
    const mcp = await connect({});
    close = mcp.close;
    tools = (await mcp.client.listTools()).tools;
  });
  afterAll(() => close());

  it('follows the naming rules', () => {
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(tool.name.length).toBeLessThanOrEqual(40);
      for (const name of propertyNames(tool.inputSchema)) expect(name).toMatch(/^[a-zA-Z0-9_.-]{1,64}$/);
    }
  });

  it('gives every tool a title, a description and annotations matching its effect', () => {
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(20);
      // Hints are read with the MCP spec's defaults; only values that differ from them are sent.
      const hints = effectiveHints(tool.annotations);
      expect(hints.openWorld, tool.name).toBe(true);
      expect(tool.annotations?.openWorldHint, tool.name).toBeUndefined();
      const method = catalog.find((e) => e.name === tool.name)?.method;
      if (method === 'GET') expect(hints.readOnly, tool.name).toBe(true);
      if (method === 'PATCH') expect(hints.idempotent, tool.name).toBe(true);
      if (hints.readOnly) expect(hints.destructive, tool.name).toBe(false);
    }
    expect(
      tools
        .filter((t) => effectiveHints(t.annotations).destructive)
        .map((t) => t.name)
        .sort(),
    ).toEqual(DESTRUCTIVE);
  });

  it('matches the committed snapshot (any change to what the model reads is reviewed)', async () => {
    const body = JSON.stringify({ tools });
    const snapshot = { bytes: Buffer.byteLength(body), tokens: countTokens(body), tools };
    await expect(`${JSON.stringify(snapshot, null, 2)}\n`).toMatchFileSnapshot(
      '../__snapshots__/tools-list.json',
    );
  });
});
