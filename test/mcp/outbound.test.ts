import { describe, expect, it } from 'vitest';
import { json, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const HOOK = 'https://hooks.example.net/telnyx';

const upstream = () =>
  startLoopback((_req, res) => json(res, 200, { data: { id: ID, record_type: 'porting_order' } }));

describe('writes that send data elsewhere are confirmed, naming the destination', () => {
  it('asks the user through elicitation, with the webhook URL and the share scope in the question', async () => {
    const api = await upstream();
    const questions: string[] = [];
    let answer: 'accept' | 'decline' = 'decline';
    const mcp = await connect(
      { baseUrl: api.url },
      {
        elicit: (request) => {
          questions.push(String(request.params.message));
          return answer === 'accept'
            ? { action: 'accept', content: { confirm: true } }
            : { action: 'decline' };
        },
      },
    );
    try {
      const declined = await mcp.call('order_update', { porting_order_id: ID, webhook_url: HOOK });
      expect(textOf(declined)).toMatch(/^Not done: the user declined/);
      expect(questions[0]).toContain(HOOK);
      expect(api.requests).toHaveLength(0);

      answer = 'accept';
      const shared = await mcp.call('order_share', {
        porting_order_id: ID,
        permissions: 'porting_order.document.update',
        expires_in_seconds: 7200,
      });
      expect(shared.isError).toBeFalsy();
      expect(questions[1]).toMatch(/anyone who gets it can read and upload the order's documents for 2 h/);
      expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `POST /porting_orders/${ID}/actions/share`,
      ]);

      // an update that sends nothing elsewhere is not asked about
      await mcp.call('order_update', { porting_order_id: ID, customer_reference: 'x' });
      await mcp.call('order_update', { porting_order_id: ID, webhook_url: null });
      expect(questions).toHaveLength(2);
    } finally {
      await mcp.close();
      await api.close();
    }
  });

  it('without elicitation: refused with the destination until called again with confirm: true', async () => {
    const api = await upstream();
    const mcp = await connect({ baseUrl: api.url });
    try {
      const refused = await mcp.call('order_update', { porting_order_id: ID, webhook_url: HOOK });
      // A confirmation request is a normal step, flagged as such, not a failure.
      expect(refused.isError).toBeFalsy();
      expect(refused.structuredContent).toMatchObject({ confirmation_required: true, done: false });
      expect(textOf(refused)).toContain(
        `Confirmation needed, nothing was sent: Send the status events of porting order ${ID}`,
      );
      expect(textOf(refused)).toContain(HOOK);
      const share = await mcp.call('order_share', { porting_order_id: ID });
      expect(textOf(share)).toMatch(/Confirmation needed.*sharing token/);
      expect(api.requests).toHaveLength(0);
      const done = await mcp.call('order_update', { porting_order_id: ID, webhook_url: HOOK, confirm: true });
      expect(done.isError).toBeFalsy();
      expect(JSON.parse(api.requests[0]?.body ?? '{}')).toEqual({ webhook_url: HOOK });
    } finally {
      await mcp.close();
      await api.close();
    }
  });
});
