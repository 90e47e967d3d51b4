import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { createRedactor } from '../../src/redact.js';
import { excerpt } from '../../src/telnyx/errors.js';
import { toolArgs } from '../fixtures/tool-args.js';
import { startLoopback } from '../support/loopback.js';
import { connect } from '../support/mcp.js';

const KEY = 'KEYcanary_RawText_5d4c3b2a1f0e';
const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** Whether a text shows the key, or a good part of it, in any case and with any whitespace put in. */
const leaks = (text: string) => {
  const squeezed = text.toLowerCase().replace(/\s+/g, '');
  return squeezed.includes(KEY.toLowerCase()) || squeezed.includes(KEY.toLowerCase().slice(0, 12));
};

/**
 * Answers that carry the key where only raw-text redaction can catch it: in a mixed-case Content-Type
 * the server lower-cases before quoting, and split by markup in an error page, near where the excerpt
 * is cut and far from it.
 */
function upstream() {
  let n = 0;
  return startLoopback((req, res) => {
    const key = String(req.headers.authorization).replace('Bearer ', '');
    const type = `Text/HTML; Profile=${key}`;
    const split = `${key.slice(0, 6)}<b></b>${key.slice(6, 14)}<i class="x">\n</i>${key.slice(14)}`;
    switch (n++ % 5) {
      case 0: // a success in a type nobody expects, the key in its parameters
        return res.writeHead(200, { 'content-type': type }).end('<p>hello</p>');
      case 1: // a PDF, a CSV or a document download: the type is passed on or quoted
        return res.writeHead(200, { 'content-type': `Application/PDF; X=${key}` }).end('%PDF-1.4\n%%EOF\n');
      case 2: // an error page with the key split by tags at the start
        return res
          .writeHead(502, { 'content-type': type })
          .end(`<html><body><h1>${split}</h1></body></html>`);
      case 3: // split by tags right where a 200-character excerpt is cut
        return res.writeHead(503, { 'content-type': 'text/html' }).end(`<p>${'z '.repeat(97)}${split}</p>`);
      default: // split by many tags and whitespace, behind a long run of markup
        return res
          .writeHead(500, { 'content-type': 'text/html' })
          .end(`${'<br>'.repeat(20_000)}${[...key].join('<span> </span>')}`);
    }
  });
}

describe('redaction works on the raw upstream text, before case or markup change it', () => {
  it('every tool and resource: no key from a lower-cased Content-Type or a tag-split error page', async () => {
    const api = await upstream();
    const mcp = await connect({ baseUrl: api.url, apiKey: KEY, maxRetries: 0 });
    const seen: string[] = [];
    const settle = (p: Promise<unknown>) =>
      p.then(
        (r) => seen.push(JSON.stringify(r)),
        (e: Error) => seen.push(e.message),
      );
    try {
      for (let round = 0; round < 5; round++) {
        for (const endpoint of catalog) await settle(mcp.call(endpoint.name, toolArgs[endpoint.name]));
        for (const uri of [
          `telnyx-porting://porting-orders/${ID}`,
          `telnyx-porting://porting-orders/${ID}/loa-template.pdf`,
          `telnyx-porting://loa-configurations/${ID}/preview.pdf`,
        ])
          await settle(mcp.client.readResource({ uri }));
      }
    } finally {
      await mcp.close();
      await api.close();
    }
    expect(api.requests.length).toBeGreaterThan(250);
    expect(seen.filter(leaks).map((t) => t.slice(0, 300))).toEqual([]);
    // The answers were read and quoted: content types and page text show up, the key never.
    expect(seen.some((t) => t.includes('text/html; profile=[redacted]'))).toBe(true);
    expect(seen.some((t) => t.includes('[redacted]') && /HTTP 50[023]/.test(t))).toBe(true);
  });

  it('the excerpt never re-joins a key split by markup, wherever the cut falls', () => {
    const redactor = createRedactor([KEY]);
    for (let pad = 150; pad <= 215; pad++) {
      const body = `<p>${'y'.repeat(pad)} ${KEY.slice(0, 6)}<b></b>${KEY.slice(6)}</p>`;
      const text = excerpt(redactor.text(body), 200, redactor);
      expect(leaks(text), `pad ${pad}: ${text}`).toBe(false);
      expect(text.length).toBeLessThanOrEqual(201);
    }
  });
});
