import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { json, startLoopback } from '../support/loopback.js';
import { connect } from '../support/mcp.js';

const KEY = 'KEYcanary_channels_9d8c7b6a5f4e';
const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** An object whose every string field is the key, shaped like an order so confirmation reads its facts. */
const echo = (k: string) => ({
  id: k,
  record_type: 'porting_order',
  customer_reference: k,
  status: { value: k, details: [{ code: k, description: k }] },
  phone_numbers: [{ phone_number: k }, { phone_number: `${k}${k}` }],
  porting_phone_numbers_count: 2,
  old_service_provider_ocn: k,
  activation_settings: { foc_datetime_requested: k, foc_datetime_actual: k },
  [k]: k,
});

/** Every answer kind, in turn: JSON (plain and \\u-escaped), error envelope, HTML error, PDF, CSV, text. */
function echoingUpstream() {
  let n = 0;
  return startLoopback((req, res) => {
    const key = String(req.headers.authorization).replace('Bearer ', '');
    const list = !req.url.split('?')[0]?.match(/[0-9a-f-]{36}$/);
    const body = list
      ? { data: [echo(key), { ...echo(key), id: ID }], meta: { page_number: 1, total_pages: 1, echo: key } }
      : { data: echo(key), meta: { echo: key } };
    if (req.headers.accept === 'application/pdf' && n % 2 === 0) {
      n++;
      return res.writeHead(200, { 'content-type': 'application/pdf' }).end(`%PDF-1.4\n% ${key}\n%%EOF\n`);
    }
    switch (n++ % 7) {
      case 0:
        return json(res, 200, body);
      case 1: // the key written with a JSON escape: invisible to a text search of the raw body
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(body).replaceAll(key, `\\u004b${key.slice(1)}`));
      case 2:
        return json(res, 422, {
          errors: [{ code: key, title: key, detail: key, source: { pointer: `/${key}` } }],
        });
      case 3: // markup around and inside the key, and a long page so the excerpt is cut near it
        return res
          .writeHead(502, { 'content-type': 'text/html' })
          .end(`<p title="${key}">${'z '.repeat(90)}${key}</p><b>${key.slice(0, 5)}</b>${key.slice(5)}`);
      case 4:
        return res.writeHead(200, { 'content-type': 'text/csv' }).end(`id,key\n1,${key}\n`);
      case 5:
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(key);
      default:
        return json(res, 200, { data: [echo(key)], meta: { page_number: 1, total_pages: 1 } });
    }
  });
}

describe('the key never leaves: every answer kind into every channel', () => {
  it('results, errors, elicitation, completion, resources, prompts and stderr', async () => {
    const api = await echoingUpstream();
    const elicitations: string[] = [];
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderr.push(String(chunk));
      return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    const mcp = await connect(
      { baseUrl: api.url, apiKey: KEY, maxRetries: 0 },
      {
        elicit: (request) => {
          elicitations.push(JSON.stringify(request));
          return { action: 'accept', content: { confirm: true } };
        },
      },
    );
    const seen: string[] = [];
    const settle = (p: Promise<unknown>) =>
      p.then(
        (r) => seen.push(JSON.stringify(r)),
        (e: Error) => seen.push(e.message),
      );
    try {
      for (let round = 0; round < 7; round++) {
        for (const endpoint of catalog) await settle(mcp.call(endpoint.name, toolArgs[endpoint.name]));
        for (const uri of [
          `telnyx-porting://porting-orders/${ID}`,
          `telnyx-porting://porting-orders/${ID}/comments`,
          `telnyx-porting://porting-orders/${ID}/loa-template.pdf`,
          `telnyx-porting://loa-configurations/${ID}/preview.pdf`,
          'telnyx-porting://porting-phone-numbers/%2B13035550000',
        ])
          await settle(mcp.client.readResource({ uri }));
        await settle(mcp.client.listResources());
        await settle(
          mcp.client.complete({
            ref: { type: 'ref/resource', uri: 'telnyx-porting://porting-orders/{porting_order_id}' },
            argument: { name: 'porting_order_id', value: '' },
          }),
        );
      }
      // the model or user passing the key in: arguments are refused, prompt text is redacted
      await settle(
        mcp.call('order_update', { porting_order_id: ID, webhook_url: `https://x.example/?k=${KEY}` }),
      );
      await settle(mcp.call('order_comment_create', { porting_order_id: ID, body: KEY }));
      await settle(mcp.client.getPrompt({ name: 'check_portability', arguments: { numbers: KEY } }));
      await settle(mcp.client.getPrompt({ name: 'diagnose_order', arguments: { porting_order_id: KEY } }));
    } finally {
      await mcp.close();
      await api.close();
      process.stderr.write = write;
    }
    // The upstream did receive the key, and echoed it in every form.
    expect(api.requests.length).toBeGreaterThan(300);
    expect(elicitations.length).toBeGreaterThan(5);
    expect(seen.length).toBeGreaterThan(400);
    for (const [channel, texts] of [
      ['results, errors, resources, completion, prompts', seen],
      ['elicitation', elicitations],
      ['stderr', stderr],
    ] as const) {
      const leaks = texts.filter((t) => t.includes(KEY) || t.includes(KEY.slice(0, 12)));
      expect(
        leaks.map((t) => t.slice(0, 300)),
        channel,
      ).toEqual([]);
    }
    // The scrubbed places say so, and a PDF with the key was refused rather than passed on.
    expect(seen.some((t) => t.includes('[redacted]'))).toBe(true);
    expect(seen.some((t) => t.includes('the PDF contains the API key'))).toBe(true);
    expect(seen.some((t) => t.includes('an argument contains the Telnyx API key'))).toBe(true);
  });
});
