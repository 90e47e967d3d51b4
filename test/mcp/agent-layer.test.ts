import type { ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { workflows } from '../../src/jobs/index.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { GATE_ORDERS, startContractApi } from '../support/contract-api.js';
import { type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';
import { DEFAULT_TOOLS, READ_ONLY_TOOLS } from '../support/served.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

const END_USER = usEndUser('+13035550003');

/** A draft order in a sandbox, ready to submit. */
async function readyOrder(s: Awaited<ReturnType<typeof sandboxSession>>): Promise<string> {
  const { data } = (await s.mcp.call('order_create', { phone_numbers: ['+13035550003', '+13035550004'] }))
    .structuredContent as Json;
  const documents = await uploadDocuments(s.mcp.call);
  await s.mcp.call('order_update', { porting_order_id: data[0].id, end_user: END_USER, documents });
  return data[0].id;
}

describe('confirmation of destructive steps', () => {
  it('elicitation accepted: the user saw what will happen, and it happened', async () => {
    const asked: ElicitRequest[] = [];
    const s = await sandboxSession(
      {},
      {},
      {
        elicit: (request) => {
          asked.push(request);
          return { action: 'accept', content: { confirm: true } };
        },
      },
    );
    try {
      const id = await readyOrder(s);
      const result = await s.mcp.call('order_confirm', { porting_order_id: id });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect((result.structuredContent as Json).data.status.value).toBe('in-process');
      expect(asked).toHaveLength(1);
      expect(asked[0]?.params.message).toMatch(
        new RegExp(
          `^Submit porting order ${id} with 2 numbers \\(\\+13035550003, \\+13035550004\\) to the losing carrier`,
        ),
      );
    } finally {
      await s.close();
    }
  });

  it('elicitation declined: nothing is sent, even with confirm: true from the model', async () => {
    const s = await sandboxSession({}, {}, { elicit: () => ({ action: 'decline' }) });
    try {
      const id = await readyOrder(s);
      const result = await s.mcp.call('order_confirm', { porting_order_id: id, confirm: true });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^Not done: the user declined\. Nothing was sent to Telnyx\./);
      expect(s.exchanges.filter((e) => e.operationId === 'ConfirmPortingOrder')).toHaveLength(0);
      expect(s.sandbox.store.orders.get(id)?.status).toBe('draft');
    } finally {
      await s.close();
    }
  });

  it('elicitation unsupported: refused with what would happen until confirm: true', async () => {
    const s = await sandboxSession();
    try {
      const id = await readyOrder(s);
      const refused = await s.mcp.call('order_confirm', { porting_order_id: id });
      // A question for the user is a normal step: not isError, flagged in structuredContent.
      expect(refused.isError).toBeFalsy();
      expect(refused.structuredContent).toMatchObject({ confirmation_required: true, tool: 'order_confirm' });
      expect(textOf(refused)).toMatch(
        /^Confirmation needed, nothing was sent: Submit porting order .* with 2 numbers/,
      );
      expect(textOf(refused)).toMatch(/call order_confirm again with the same arguments and confirm: true/);
      expect(s.exchanges.filter((e) => e.operationId === 'ConfirmPortingOrder')).toHaveLength(0);
      const deleted = await s.mcp.call('order_delete', { porting_order_id: id, confirm: true });
      expect(deleted.isError, textOf(deleted)).toBeFalsy();
      expect(s.sandbox.store.orders.has(id)).toBe(false);
    } finally {
      await s.close();
    }
  });
});

describe('read-only mode and profiles', () => {
  const writes = [...catalog, ...workflows].filter((e) => e.effect !== 'read');

  it('read-only: no write tool is listed or callable, in full or compact mode', async () => {
    let api: Loopback | undefined;
    api = await startLoopback((_req, res) => res.writeHead(204).end());
    const full = await connect({ baseUrl: api.url, readOnly: true });
    const compact = await connect({ baseUrl: api.url, readOnly: true, tools: 'compact' });
    try {
      const { tools } = await full.client.listTools();
      expect(tools.length).toBe(READ_ONLY_TOOLS);
      expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
      for (const endpoint of writes) {
        await expect(full.call(endpoint.name, toolArgs[endpoint.name])).rejects.toThrow(/Unknown tool/);
        const found = (await compact.call('porting_find', { query: endpoint.name }))
          .structuredContent as Json;
        expect(found.operations.map((o: Json) => o.name)).not.toContain(endpoint.name);
        const invoked = await compact.call('porting_invoke', {
          name: endpoint.name,
          arguments: toolArgs[endpoint.name],
        });
        expect(textOf(invoked)).toMatch(/No operation named/);
      }
      const compactTools = (await compact.client.listTools()).tools;
      expect(compactTools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
      const prompts = (await full.client.listPrompts()).prompts.map((p) => p.name);
      expect(prompts).not.toContain('port_numbers');
      expect(api.requests).toHaveLength(0);
    } finally {
      await full.close();
      await compact.close();
      await api.close();
      api = undefined;
    }
  });

  it('toolsets and read-only intersect; exclusions win', async () => {
    const mcp = await connect({
      toolsets: ['loa', 'events'],
      readOnly: true,
      excludeTools: ['loa_config_preview_draft'],
    });
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual(
        [
          'event_get',
          'event_list',
          'loa_config_get',
          'loa_config_list',
          'loa_config_preview',
          'order_loa_template_get',
        ].sort(),
      );
    } finally {
      await mcp.close();
    }
    const orders = await connect({ toolsets: ['orders'], excludeTools: ['order_delete'] });
    try {
      const names = (await orders.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('order_confirm');
      expect(names).not.toContain('order_delete');
      expect(
        names.every((n) => [...catalog, ...workflows].find((e) => e.name === n)?.toolset === 'orders'),
      ).toBe(true);
    } finally {
      await orders.close();
    }
  });

  it('unknown toolsets and tools are refused at start, naming the valid ones', async () => {
    await expect(connect({ toolsets: ['billing' as never] })).rejects.toThrow(
      /"invalid_value"[\s\S]*"portability"/,
    );
    await expect(connect({ excludeTools: ['order_explode'] })).rejects.toThrow(/Unknown tool order_explode/);
  });
});

describe('compact mode', () => {
  it('three tools reach every operation with the same validation and spec-valid requests', async () => {
    const orders = new Map<string, Record<string, unknown>>();
    const { api, errors } = await startContractApi(orders);
    const mcp = await connect({ baseUrl: api.url, tools: 'compact' });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['porting_find', 'porting_describe', 'porting_invoke']);
      const all = (await mcp.call('porting_find', {})).structuredContent as Json;
      expect(all.operations).toHaveLength(DEFAULT_TOOLS);
      for (const endpoint of catalog) {
        const described = (await mcp.call('porting_describe', { name: endpoint.name }))
          .structuredContent as Json;
        expect(described.inputSchema.type).toBe('object');
        const gated = GATE_ORDERS[endpoint.name];
        if (gated) orders.set('GetPortingOrder', gated);
        else orders.clear();
        const result = await mcp.call('porting_invoke', {
          name: endpoint.name,
          arguments: toolArgs[endpoint.name],
        });
        expect(result.isError, `${endpoint.name}: ${textOf(result)}`).toBeFalsy();
      }
      expect(new Set(api.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).size).toBe(62);
      expect([...errors.values()].flat()).toEqual([]);
      const invalid = await mcp.call('porting_invoke', {
        name: 'order_get',
        arguments: { porting_order_id: 'x' },
      });
      expect(textOf(invalid)).toMatch(/^Invalid arguments for order_get; nothing was sent/);
      orders.set('GetPortingOrder', GATE_ORDERS.order_confirm as Record<string, unknown>);
      const unconfirmed = await mcp.call('porting_invoke', {
        name: 'order_confirm',
        arguments: { porting_order_id: toolArgs.order_get?.porting_order_id },
      });
      expect(textOf(unconfirmed)).toMatch(/^Confirmation needed/);
      const found = (await mcp.call('porting_find', { query: 'cancel order' })).structuredContent as Json;
      expect(found.operations[0].name).toBe('order_cancel');
    } finally {
      await mcp.close();
      await api.close();
    }
  });
});

describe('prompts', () => {
  it('list, render with their arguments, and complete order ids', async () => {
    const s = await sandboxSession();
    try {
      const { prompts } = await s.mcp.client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual([
        'check_portability',
        'port_numbers',
        'diagnose_order',
        'status_report',
        'port_from_spreadsheet',
      ]);
      for (const p of prompts) expect(p.description?.length).toBeGreaterThan(20);
      const check = await s.mcp.client.getPrompt({
        name: 'check_portability',
        arguments: { numbers: '(303) 555-0000, 303 555 0007', country: 'US' },
      });
      const checkText = (check.messages[0]?.content as { text: string } | undefined)?.text ?? '';
      expect(checkText).toContain('(303) 555-0000, 303 555 0007');
      expect(checkText).toContain('with country "US"');
      const port = await s.mcp.client.getPrompt({
        name: 'port_numbers',
        arguments: { numbers: '+13035550003', customer_reference: 'ACME-7' },
      });
      const portText = (port.messages[0]?.content as { text: string } | undefined)?.text ?? '';
      expect(portText).toMatch(/customer_reference "ACME-7"/);
      expect(portText).toMatch(/STOP and ask me explicitly whether to submit/);
      const diagnose = await s.mcp.client.getPrompt({
        name: 'diagnose_order',
        arguments: { porting_order_id: 'abc-123' },
      });
      expect((diagnose.messages[0]?.content as { text: string } | undefined)?.text ?? '').toContain(
        'filter.porting_order_id = abc-123',
      );
      const report = await s.mcp.client.getPrompt({ name: 'status_report', arguments: {} });
      expect((report.messages[0]?.content as { text: string } | undefined)?.text ?? '').toMatch(
        /follow next_cursor/,
      );
      await expect(s.mcp.client.getPrompt({ name: 'diagnose_order', arguments: {} })).rejects.toThrow(
        /Missing argument porting_order_id/,
      );

      const id = await readyOrder(s);
      const completion = await s.mcp.client.complete({
        ref: { type: 'ref/prompt', name: 'diagnose_order' },
        argument: { name: 'porting_order_id', value: id.slice(0, 4) },
      });
      expect(completion.completion.values).toContain(id);
    } finally {
      await s.close();
    }
  });
});
