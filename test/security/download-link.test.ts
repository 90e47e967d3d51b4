import { describe, expect, it } from 'vitest';
import { json, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

const DOC = '8e2f4b1a-5c3d-4e6f-9a0b-1c2d3e4f5a6b';
const LINK = 'https://files.example/download?token=abc';

const upstream = () => startLoopback((_req, res) => json(res, 200, { data: { url: LINK } }));

describe('document_download_link hands out a file: confirmed, and absent where files may not go out', () => {
  it('without elicitation: a confirmation request naming the document, nothing sent until confirm: true', async () => {
    const api = await upstream();
    const mcp = await connect({ baseUrl: api.url });
    try {
      const asked = await mcp.call('document_download_link', { id: DOC });
      expect(asked.isError).toBeFalsy();
      expect(asked.structuredContent).toMatchObject({ confirmation_required: true, done: false });
      expect(textOf(asked)).toContain(
        `Confirmation needed, nothing was sent: Create a temporary link to document ${DOC}: anyone who gets it can download the file`,
      );
      expect(api.requests).toHaveLength(0);
      const done = await mcp.call('document_download_link', { id: DOC, confirm: true });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(textOf(done)).toContain(LINK);
      expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `GET /documents/${DOC}/download_link`,
      ]);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('with elicitation: the user is asked about that document, and a decline sends nothing', async () => {
    const api = await upstream();
    const questions: string[] = [];
    const mcp = await connect(
      { baseUrl: api.url },
      {
        elicit: (request) => {
          questions.push(String(request.params.message));
          return { action: 'decline' };
        },
      },
    );
    try {
      const declined = await mcp.call('document_download_link', { id: DOC, confirm: true });
      expect(textOf(declined)).toMatch(/^Not done: the user declined/);
      expect(questions).toHaveLength(1);
      expect(questions[0]).toContain(`document ${DOC}`);
      expect(api.requests).toHaveLength(0);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('absent under --read-only (full and compact) and removable with --exclude-tools', async () => {
    const api = await upstream();
    const profiles = [
      { readOnly: true },
      { readOnly: true, tools: 'compact' as const },
      { excludeTools: ['document_download_link'] },
    ];
    try {
      for (const profile of profiles) {
        const mcp = await connect({ baseUrl: api.url, ...profile });
        try {
          const label = JSON.stringify(profile);
          if (profile.tools === 'compact') {
            const invoked = await mcp.call('porting_invoke', {
              name: 'document_download_link',
              arguments: { id: DOC, confirm: true },
            });
            expect(invoked.isError, label).toBe(true);
          } else {
            const { tools } = await mcp.client.listTools();
            expect(
              tools.map((t) => t.name),
              label,
            ).not.toContain('document_download_link');
            expect(
              tools.map((t) => t.name),
              label,
            ).toContain('document_download');
            await expect(
              mcp.call('document_download_link', { id: DOC, confirm: true }),
              label,
            ).rejects.toThrow(/Unknown tool/);
          }
        } finally {
          await mcp.close();
        }
      }
      expect(api.requests).toHaveLength(0);
    } finally {
      await api.close();
    }
  });

  it('under --read-only, a download too big to attach does not point to the absent link tool', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const api = await startLoopback((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf),
    );
    try {
      for (const readOnly of [false, true]) {
        const mcp = await connect({ baseUrl: api.url, readOnly });
        try {
          const text = textOf(await mcp.call('document_download', { id: DOC }));
          expect(text).toMatch(/over the \d+-byte limit/);
          expect(text.includes('document_download_link'), `readOnly ${readOnly}`).toBe(!readOnly);
        } finally {
          await mcp.close();
        }
      }
    } finally {
      await api.close();
    }
  });
});
