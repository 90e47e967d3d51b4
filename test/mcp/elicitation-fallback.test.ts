import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { setElicitationTimeout } from '../../src/mcp/confirm.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

type Session = Awaited<ReturnType<typeof sandboxSession>>;

/** A draft order in a sandbox, ready to submit. */
async function readyOrder(s: Session): Promise<string> {
  const { data } = (await s.mcp.call('order_create', { phone_numbers: ['+13035550003', '+13035550004'] }))
    .structuredContent as Json;
  const documents = await uploadDocuments(s.mcp.call);
  await s.mcp.call('order_update', {
    porting_order_id: data[0].id,
    end_user: usEndUser('+13035550003'),
    documents,
  });
  return data[0].id;
}

/**
 * A client that declares elicitation but cannot answer it: the destructive call falls back to asking
 * through the model (not an internal error), sends nothing, and the session then takes confirm: true.
 */
async function expectFallback(s: Session, asked: () => number) {
  const id = await readyOrder(s);
  const first = await s.mcp.call('order_confirm', { porting_order_id: id, confirm: true });
  expect(textOf(first)).not.toMatch(/Internal error/);
  expect(first.isError, textOf(first)).toBeFalsy();
  expect(first.structuredContent).toMatchObject({ confirmation_required: true, tool: 'order_confirm' });
  expect(textOf(first)).toMatch(/^Confirmation needed, nothing was sent: Submit porting order/);
  expect(s.exchanges.filter((e) => e.operationId === 'ConfirmPortingOrder')).toHaveLength(0);
  expect(asked()).toBe(1);

  // The model asked the user and calls again: the broken question is not put to the client again.
  const second = await s.mcp.call('order_confirm', { porting_order_id: id, confirm: true });
  expect(second.isError, textOf(second)).toBeFalsy();
  expect((second.structuredContent as Json).data.status.value).toBe('in-process');
  expect(asked()).toBe(1);
}

describe('a client that declares elicitation but cannot answer it', () => {
  it('answers elicitation/create with an error ("Method not found")', async () => {
    let asked = 0;
    const s = await sandboxSession(
      {},
      {},
      {
        elicit: () => {
          asked++;
          throw new McpError(ErrorCode.MethodNotFound, 'Method not found');
        },
      },
    );
    try {
      await expectFallback(s, () => asked);
    } finally {
      await s.close();
    }
  });

  it('never answers: the question times out (a bounded wait, set short here)', async () => {
    let asked = 0;
    const s = await sandboxSession(
      {},
      {},
      {
        elicit: () => {
          asked++;
          return new Promise(() => {});
        },
      },
    );
    // The client never answers, so the outcome does not depend on how long the wait is.
    setElicitationTimeout(s.mcp.server.server, 1);
    try {
      await expectFallback(s, () => asked);
    } finally {
      await s.close();
    }
  });

  it('a working client is still asked, and its answer decides', async () => {
    let asked = 0;
    const s = await sandboxSession(
      {},
      {},
      {
        elicit: () => {
          asked++;
          return { action: 'decline' };
        },
      },
    );
    try {
      const id = await readyOrder(s);
      for (let i = 0; i < 2; i++) {
        const result = await s.mcp.call('order_confirm', { porting_order_id: id, confirm: true });
        expect(textOf(result)).toMatch(/^Not done: the user declined\./);
      }
      expect(asked).toBe(2);
      expect(s.exchanges.filter((e) => e.operationId === 'ConfirmPortingOrder')).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});
