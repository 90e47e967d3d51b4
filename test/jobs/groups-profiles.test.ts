import { afterEach, describe, expect, it } from 'vitest';
import { workflowByName } from '../../src/jobs/index.js';
import { openOrders } from '../../src/sandbox/order-factory.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { GROUP_NUMBERS, type Json } from './groups-support.js';

/** The group tools follow the profile: read-only, exclusions, toolsets and compact mode. */
const GROUP = 'Profiled port';
/** In tools/list order: each follows order_get, order_update, order_confirm. */
const GROUP_TOOLS = ['order_group_status', 'order_group_update', 'order_group_confirm'];
let s: Awaited<ReturnType<typeof sandboxSession>>;
afterEach(() => s?.close());

async function start(config: Record<string, unknown>) {
  s = await sandboxSession({}, config);
  // The group is set up in the sandbox directly: a read-only server cannot create it.
  openOrders(s.sandbox.store, s.sandbox.clock.now(), GROUP_NUMBERS, { customer_group_reference: GROUP });
}

const served = async () => (await s.mcp.client.listTools()).tools.map((t) => t.name);
const groupTools = async () => (await served()).filter((n) => GROUP_TOOLS.includes(n));
const prompts = async () => {
  try {
    return (await s.mcp.client.listPrompts()).prompts.map((p) => p.name);
  } catch {
    return [];
  }
};

describe('group tools and profiles', () => {
  it('default: all three, each right after the single-order tool it repeats', async () => {
    await start({});
    const names = await served();
    expect(await groupTools()).toEqual(GROUP_TOOLS);
    expect(names.slice(names.indexOf('order_get'), names.indexOf('order_get') + 2)).toEqual([
      'order_get',
      'order_group_status',
    ]);
    expect(names[names.indexOf('order_update') + 1]).toBe('order_group_update');
    expect(names[names.indexOf('order_confirm') + 1]).toBe('order_group_confirm');
    const tools = (await s.mcp.client.listTools()).tools;
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(hints.order_group_status).toEqual({ readOnlyHint: true });
    expect(hints.order_group_update).toEqual({ destructiveHint: false, idempotentHint: true });
    expect(hints.order_group_confirm).toEqual({ destructiveHint: true });
    const confirm = tools.find((t) => t.name === 'order_group_confirm');
    expect(Object.keys(confirm?.inputSchema.properties ?? {})).toEqual([
      'customer_group_reference',
      'confirm',
    ]);
  });

  it('read-only: group status stays, update and confirm go (and the spreadsheet prompt with them)', async () => {
    await start({ readOnly: true });
    expect(await groupTools()).toEqual(['order_group_status']);
    expect(await prompts()).not.toContain('port_from_spreadsheet');
    const status = await s.mcp.call('order_group_status', { customer_group_reference: GROUP });
    expect(status.isError, textOf(status)).toBeFalsy();
    expect((status.structuredContent as Json).orders).toBe(6);
    // Not registered at all: a call is an unknown tool, as for order_confirm.
    await expect(
      s.mcp.call('order_group_confirm', { customer_group_reference: GROUP, confirm: true }),
    ).rejects.toThrow(/Unknown tool: order_group_confirm/);
    expect(s.exchanges.filter((e) => e.method !== 'GET')).toHaveLength(0);
  });

  it('excluding order_confirm removes order_group_confirm; excluding order_update removes order_group_update', async () => {
    await start({ excludeTools: ['order_confirm'] });
    expect(await groupTools()).toEqual(['order_group_status', 'order_group_update']);
    await s.close();
    await start({ excludeTools: ['order_update'] });
    expect(await groupTools()).toEqual(['order_group_status', 'order_group_confirm']);
    await s.close();
    // And the group tools can be excluded by name themselves.
    await start({ excludeTools: ['order_group_confirm'] });
    expect(await groupTools()).toEqual(['order_group_status', 'order_group_update']);
    expect(await served()).toContain('order_confirm');
  });

  it('the orders toolset alone: status works without the events it may use, and says changes are unavailable', async () => {
    await start({ toolsets: ['orders'] });
    expect(await groupTools()).toEqual(GROUP_TOOLS);
    const status = (await s.mcp.call('order_group_status', { customer_group_reference: GROUP }))
      .structuredContent as Json;
    expect(status.changes.unavailable).toMatch(/event_list is not exposed/);
    expect(s.exchanges.some((e) => e.url.includes('/porting/events'))).toBe(false);
  });

  it('compact mode: found, described and invoked through porting_invoke like any operation', async () => {
    await start({ tools: 'compact' });
    const found = (await s.mcp.call('porting_find', { query: 'group' })).structuredContent as Json;
    expect(found.operations.map((o: Json) => o.name).sort()).toEqual([...GROUP_TOOLS].sort());
    const described = (await s.mcp.call('porting_describe', { name: 'order_group_confirm' }))
      .structuredContent as Json;
    expect(described.annotations).toEqual({ destructiveHint: true });
    const invoked = await s.mcp.call('porting_invoke', {
      name: 'order_group_status',
      arguments: { customer_group_reference: GROUP },
    });
    expect(invoked.isError, textOf(invoked)).toBeFalsy();
    expect((invoked.structuredContent as Json).by_status).toEqual({ draft: { orders: 6, numbers: 8 } });
    const bad = await s.mcp.call('porting_invoke', {
      name: 'order_group_update',
      arguments: { customer_group_reference: GROUP, webhook_url: 'https://example.com/hook' },
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/webhook_url: unknown property/);
  });

  it.skipIf(!workflowByName.has('order_create_from_file'))(
    'the spreadsheet prompt is offered where every tool it needs is served, and names only served tools',
    async () => {
      const named = async () => {
        const result = await s.mcp.client.getPrompt({
          name: 'port_from_spreadsheet',
          arguments: { path: 'acme.csv', customer_group_reference: 'Acme' },
        });
        const content = result.messages[0]?.content;
        const text = content?.type === 'text' ? content.text : '';
        return { text, tools: new Set(text.match(/\b(?:portability|order|document)_[a-z_]+\b/g)) };
      };
      await start({});
      expect(await prompts()).toContain('port_from_spreadsheet');
      expect((await named()).tools).toContain('order_verification_code_verify');
      for (const config of [
        { toolsets: ['portability', 'orders', 'documents'] },
        { excludeTools: ['order_verification_code_send'] },
      ]) {
        await s.close();
        await start(config);
        expect(await prompts(), JSON.stringify(config)).toContain('port_from_spreadsheet');
        const { text, tools } = await named();
        const exposed = new Set(await served());
        for (const tool of tools) expect(exposed, `${tool} in ${JSON.stringify(config)}`).toContain(tool);
        expect(text).toMatch(
          /numbers to verify cannot be submitted until each number is verified, which this server cannot do/,
        );
      }
    },
  );
});
