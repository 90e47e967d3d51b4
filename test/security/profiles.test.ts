import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { ConfigInput } from '../../src/config.js';
import { matchesOperation } from '../../src/telnyx/operations.js';
import { json, type RecordedRequest, startLoopback } from '../support/loopback.js';
import { connect } from '../support/mcp.js';

const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const S = 'telnyx-porting://';

/** Each resource URI with the one tool whose operation reads it (the oracle, written out by hand). */
const READS: Array<[string, string]> = [
  [`${S}porting-orders/${ID}`, 'order_get'],
  [`${S}porting-orders/${ID}/comments`, 'order_comment_list'],
  [`${S}porting-orders/${ID}/phone-numbers`, 'porting_number_list'],
  [`${S}porting-orders/${ID}/documents`, 'order_document_list'],
  [`${S}porting-orders/${ID}/verification-codes`, 'order_verification_code_list'],
  [`${S}porting-orders/${ID}/events`, 'event_list'],
  [`${S}porting-orders/${ID}/loa-template.pdf`, 'order_loa_template_get'],
  [`${S}porting-phone-numbers/%2B13035550000`, 'porting_number_list'],
  [`${S}porting-events/${ID}`, 'event_get'],
  [`${S}loa-configurations/${ID}`, 'loa_config_get'],
  [`${S}loa-configurations/${ID}/preview.pdf`, 'loa_config_preview'],
  [`${S}reports/${ID}`, 'report_get'],
];

const PROFILES: Array<[string, ConfigInput]> = [
  ['default', {}],
  ['read-only', { readOnly: true }],
  ['toolsets portability', { toolsets: ['portability'] }],
  ['read-only, toolsets portability', { readOnly: true, toolsets: ['portability'] }],
  ['toolsets loa', { toolsets: ['loa'] }],
  ['toolsets events,reports', { toolsets: ['events', 'reports'] }],
  ['toolsets portability,orders (no uploads)', { toolsets: ['portability', 'orders'] }],
  ['exclusions', { excludeTools: ['order_get', 'order_comment_list', 'order_list', 'loa_config_preview'] }],
  ['compact, read-only, toolsets orders', { tools: 'compact', readOnly: true, toolsets: ['orders'] }],
];

/** Which catalog tool a recorded request belongs to. */
const toolOf = (r: RecordedRequest) =>
  catalog.find((e) => matchesOperation(r.method, r.url.split('?')[0] as string, [e]))?.name ?? '(none)';

async function exposedTools(
  mcp: Awaited<ReturnType<typeof connect>>,
  compact: boolean,
): Promise<Set<string>> {
  if (!compact) return new Set((await mcp.client.listTools()).tools.map((t) => t.name));
  const found = await mcp.call('porting_find', {});
  return new Set(
    (found.structuredContent as { operations: Array<{ name: string }> }).operations.map((o) => o.name),
  );
}

describe('profiles govern resources, completion and prompts, not only tools', () => {
  for (const [label, profile] of PROFILES) {
    it(label, async () => {
      const api = await startLoopback((req, res) => {
        if (req.headers.accept === 'application/pdf')
          return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4\n%%EOF\n');
        const list = !/[0-9a-f-]{36}$/.test(req.url.split('?')[0] as string);
        return json(res, 200, {
          data: list ? [{ id: ID, record_type: 'porting_order' }] : { id: ID, record_type: 'porting_order' },
          ...(list ? { meta: { page_number: 1, total_pages: 1 } } : {}),
        });
      });
      const mcp = await connect({ baseUrl: api.url, maxRetries: 0, ...profile });
      try {
        const tools = await exposedTools(mcp, profile.tools === 'compact');
        const caps = mcp.client.getServerCapabilities() ?? {};

        // resources: templates, list and reads reach only exposed tools
        const templates = caps.resources
          ? (await mcp.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)
          : [];
        for (const [uri, tool] of READS) {
          api.requests.length = 0;
          const ok = caps.resources
            ? await mcp.client.readResource({ uri }).then(
                () => true,
                () => false,
              )
            : false;
          expect(ok, `${uri} with ${tool} ${tools.has(tool) ? 'exposed' : 'left out'}`).toBe(tools.has(tool));
          const template = uri.replace(ID, '{x}').replace('%2B13035550000', '{x}');
          expect(
            templates.some((t) => t.replace(/\{\w+\}/, '{x}') === template),
            `template of ${uri}`,
          ).toBe(tools.has(tool));
          expect(api.requests.map(toolOf).every((t) => tools.has(t))).toBe(true);
        }
        api.requests.length = 0;
        if (caps.resources) await mcp.client.listResources();
        const listed = api.requests.map(toolOf);
        expect(
          listed.every((t) => tools.has(t)),
          listed.join(', '),
        ).toBe(true);

        // completion: order ids only where order_list is exposed
        api.requests.length = 0;
        const completed = caps.completions
          ? (
              await mcp.client.complete({
                ref: { type: 'ref/resource', uri: `${S}porting-orders/{porting_order_id}` },
                argument: { name: 'porting_order_id', value: '3' },
              })
            ).completion.values
          : [];
        expect(completed.length > 0).toBe(tools.has('order_list'));
        expect(api.requests.map(toolOf).every((t) => tools.has(t))).toBe(true);

        // prompts: only those whose tools all exist, and none names a tool that is left out as a step
        const prompts = caps.prompts ? (await mcp.client.listPrompts()).prompts.map((p) => p.name) : [];
        if (prompts.includes('port_numbers')) {
          expect(tools.has('order_confirm')).toBe(true);
          expect(tools.has('document_upload')).toBe(true); // its steps upload the signed LOA
        }
        if (prompts.includes('status_report')) expect(tools.has('order_list')).toBe(true);
        if (prompts.includes('check_portability')) expect(tools.has('portability_check')).toBe(true);
        if (prompts.includes('diagnose_order')) expect(tools.has('order_get')).toBe(true);
        if (tools.has('portability_check')) expect(prompts).toContain('check_portability');
      } finally {
        await mcp.close();
        await api.close();
      }
    });
  }
});
