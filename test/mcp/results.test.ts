import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER } from '../fixtures/tool-args.js';
import { json, type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

let answer: (res: ServerResponse) => void = (res) => res.writeHead(204).end();

describe('result shaping', () => {
  let api: Loopback;
  let mcp: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    api = await startLoopback((_req, res) => answer(res));
    mcp = await connect({ baseUrl: api.url });
  });
  afterAll(async () => {
    await mcp.close();
    await api.close();
  });

  it('a middle page says which page to ask for next; null fields are dropped', async () => {
    answer = (res) =>
      json(res, 200, {
        data: [
          { id: ORDER, customer_reference: null, phone_numbers: [{ phone_number: '+13035550000', x: null }] },
        ],
        meta: { page_number: 2, page_size: 1, total_pages: 3, total_results: 3 },
      });
    const result = await mcp.call('order_list', { page_number: 2, page_size: 1, fields: ['all'] });
    expect(result.structuredContent).toEqual({
      data: [{ id: ORDER, phone_numbers: [{ phone_number: '+13035550000' }] }],
      meta: { page_number: 2, page_size: 1, total_pages: 3, total_results: 3, next_page_number: 3 },
      next_cursor: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      now: expect.stringMatching(/Z$/),
    });
    expect(textOf(result)).toBe(JSON.stringify(result.structuredContent));
    expect(textOf(result)).not.toMatch(/\n {2}/); // compact, not pretty-printed
  });

  it('the last page has no next page', async () => {
    answer = (res) =>
      json(res, 200, { data: [], meta: { page_number: 3, page_size: 1, total_pages: 3, total_results: 3 } });
    const result = await mcp.call('order_list', { page_number: 3, page_size: 1 });
    expect(result.structuredContent).toEqual({
      data: [],
      meta: { page_number: 3, page_size: 1, total_pages: 3, total_results: 3 },
      now: expect.stringMatching(/Z$/),
    });
  });

  it('porting_number_list with format csv asks for CSV and returns the text', async () => {
    const csv =
      'phone_number,phone_number_type,porting_order_id,support_key,porting_order_status\n+13035550000,local,x,sr_1,draft\n';
    answer = (res) => res.writeHead(200, { 'content-type': 'text/csv' }).end(csv);
    const result = await mcp.call('porting_number_list', { format: 'csv' });
    expect(api.requests.at(-1)?.headers.accept).toBe('text/csv');
    expect(api.requests.at(-1)?.url).toBe('/porting_phone_numbers'); // `format` is ours, not a query parameter
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(csv);
  });

  it('a PDF comes back as an embedded resource plus one line of text', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%test\n');
    answer = (res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    const result = await mcp.call('order_loa_template_get', { porting_order_id: ORDER });
    expect(result.content).toEqual([
      {
        type: 'text',
        text: `Download the LOA template: PDF, ${pdf.length} bytes, attached as telnyx-porting://porting-orders/${ORDER}/loa-template.pdf.`,
      },
      {
        type: 'resource',
        resource: {
          uri: `telnyx-porting://porting-orders/${ORDER}/loa-template.pdf`,
          mimeType: 'application/pdf',
          blob: pdf.toString('base64'),
        },
      },
    ]);
  });

  it('a body larger than the cap is refused, not buffered', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 32);
      for (let i = 0; i < 22; i++) res.write(chunk);
      res.end('{}');
    };
    const result = await mcp.call('order_list', {});
    expect(result.isError).toBe(true);
    // The per-call answer budget (8 MiB) is reached before the 20 MiB per-response cap.
    expect(textOf(result)).toMatch(/larger than 8388608 bytes/);
  });
});
