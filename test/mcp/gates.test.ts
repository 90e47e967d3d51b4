import { afterEach, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/sandbox/clock.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

let s: Awaited<ReturnType<typeof sandboxSession>>;
let asked = 0;
afterEach(() => s?.close());

async function start(seed?: number) {
  asked = 0;
  // A client that can ask the user: a gate must refuse before it ever asks.
  s = await sandboxSession(
    seed ? { seed } : {},
    {},
    {
      elicit: () => {
        asked++;
        return { action: 'accept', content: { confirm: true } };
      },
    },
  );
}

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await s.mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

/** Calls a destructive tool and checks it was refused without a question and without a write. */
async function refused(name: string, id: string): Promise<string> {
  const writes = () => s.exchanges.filter((e) => e.method !== 'GET').length;
  const before = writes();
  const result = await s.mcp.call(name, { porting_order_id: id });
  expect(result.isError).toBe(true);
  expect(asked).toBe(0);
  expect(writes()).toBe(before);
  const text = textOf(result);
  expect(text).toContain(id);
  expect(text).not.toMatch(/\b(GET|POST|PATCH|DELETE) \//);
  return text;
}

const draft = async (phone: string) => (await ok('order_create', { phone_numbers: [phone] })).data[0].id;
const seededWith = async (status: string) =>
  (await ok('order_list', { filter: { status: [status] }, page_size: 1 })).data[0].id as string;

describe('gates: a step that must fail is refused before asking, naming what fixes it', () => {
  it('order_confirm of a draft with unmet requirements names each empty field and order_update', async () => {
    await start();
    const text = await refused('order_confirm', await draft('+13035550002'));
    expect(text).toMatch(/end_user\.admin\.account_number.*order_update/s);
    expect(text).toContain('documents.loa');
    expect(text).toMatch(/Latest invoice.*order_requirements_list/s);
  });

  it('order_confirm with unverified numbers names order_verification_code_send', async () => {
    await start();
    const id = await draft('+13035550006');
    await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550006'),
      documents: await uploadDocuments(s.mcp.call),
    });
    const text = await refused('order_confirm', id);
    expect(text).toMatch(/\+13035550006: order_verification_code_send, then order_verification_code_verify/);
    expect(text).not.toContain('order_update');
  });

  it('order_confirm with a requested FOC date that has passed points to order_foc_windows_list', async () => {
    await start();
    const id = await draft('+13035550002');
    const windows = (await ok('order_foc_windows_list', { porting_order_id: id })).data;
    await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550002'),
      documents: await uploadDocuments(s.mcp.call),
      activation_settings: { foc_datetime_requested: windows[0].started_at },
    });
    s.sandbox.clock.skip(5 * DAY); // past the first window, whatever the weekday
    const text = await refused('order_confirm', id);
    expect(text).toMatch(/FOC date .* has passed \(now .*Z\): pick a window with order_foc_windows_list/);
  });

  it('order_cancel of ported, cancelled and draft orders; order_delete of a submitted one', async () => {
    await start(60);
    expect(await refused('order_cancel', await seededWith('ported'))).toContain('final');
    expect(await refused('order_cancel', await seededWith('cancelled'))).toContain('final');
    expect(await refused('order_cancel', await seededWith('draft'))).toContain('order_delete');
    expect(await refused('order_delete', await seededWith('submitted'))).toContain('order_cancel');
  });

  it('order_cancel within 48 hours of the FOC date', async () => {
    await start();
    const id = await draft('+13035550002');
    await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550002'),
      documents: await uploadDocuments(s.mcp.call),
    });
    await ok('order_confirm', { porting_order_id: id });
    s.sandbox.clock.skip(3 * HOUR);
    const order = (await ok('order_get', { porting_order_id: id })).data;
    expect(order.status.value).toBe('foc-date-confirmed');
    const foc = Date.parse(order.activation_settings.foc_datetime_actual);
    s.sandbox.clock.skip(Math.max(0, foc - s.sandbox.clock.now() - DAY));
    asked = 0;
    expect(await refused('order_cancel', id)).toMatch(/within 48 hours of the FOC date/);
  });

  it('order_activate of an order that is not FastPort, or not foc-date-confirmed', async () => {
    await start();
    expect(await refused('order_activate', await draft('+13035550002'))).toContain('FastPort');
    expect(await refused('order_activate', await draft('+13035550001'))).toContain('foc-date-confirmed');
  });

  it('a complete draft goes on to the question, and is submitted once the user agrees', async () => {
    await start();
    const id = await draft('+13035550002');
    await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550002'),
      documents: await uploadDocuments(s.mcp.call),
    });
    const reads = () => s.exchanges.filter((e) => e.operationId === 'GetPortingOrder').length;
    const before = reads();
    expect((await ok('order_confirm', { porting_order_id: id })).data.status.value).toBe('in-process');
    expect(asked).toBe(1);
    // The question describes the order the gate already read: one read, not two.
    expect(reads() - before).toBe(1);
  });
});

describe('a confirmation request is a normal step, not a failure', () => {
  it('comes back without isError, flagged confirmation_required, and sends nothing', async () => {
    s = await sandboxSession();
    const id = (await s.mcp.call('order_create', { phone_numbers: ['+13035550003'] }))
      .structuredContent as Json;
    const before = s.exchanges.length;
    const result = await s.mcp.call('order_delete', { porting_order_id: id.data[0].id });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      confirmation_required: true,
      done: false,
      tool: 'order_delete',
    });
    expect(textOf(result)).toMatch(/^Confirmation needed, nothing was sent: Delete draft porting order/);
    expect(s.exchanges.slice(before).every((e) => e.method === 'GET')).toBe(true);
  });
});
