import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/sandbox/clock.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

let s: Awaited<ReturnType<typeof sandboxSession>>;
beforeAll(async () => {
  s = await sandboxSession();
});
afterAll(() => s?.close());

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await s.mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return result.structuredContent;
}

const clockNow = () => new Date(s.sandbox.clock.now()).toISOString();

describe('time: results about dates carry the server time, lapsed FOC dates are flagged', () => {
  it('order, FOC window and event results carry now (UTC), which moves with the clock', async () => {
    const id = (await ok('order_create', { phone_numbers: ['+13035550002'] })).data[0].id;
    expect((await ok('order_get', { porting_order_id: id })).now).toBe(clockNow());
    expect((await ok('order_foc_windows_list', { porting_order_id: id })).now).toBe(clockNow());
    s.sandbox.clock.skip(3 * DAY);
    expect((await ok('event_list', { filter: { porting_order_id: id } })).now).toBe(clockNow());
    expect((await ok('order_list', {})).now).toMatch(/Z$/);
    // Not on results that have no dates to compare.
    expect((await ok('portability_check', { phone_numbers: ['+13035550002'] })).now).toBeUndefined();
  });

  it('a requested FOC date that has passed points to order_foc_windows_list, in order_get and order_list', async () => {
    const id = (await ok('order_create', { phone_numbers: ['+13035550003'] })).data[0].id;
    const windows = (await ok('order_foc_windows_list', { porting_order_id: id })).data;
    await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550003'),
      documents: await uploadDocuments(s.mcp.call),
      activation_settings: { foc_datetime_requested: windows[0].started_at },
    });
    expect((await ok('order_get', { porting_order_id: id })).next_step).toBeUndefined();
    s.sandbox.clock.skip(5 * DAY); // past the first window, whatever the weekday
    expect((await ok('order_get', { porting_order_id: id })).next_step).toMatch(
      /requested FOC date has passed: pick a window with order_foc_windows_list/,
    );
    const listed = (await ok('order_list', { filter: { status: ['draft'] } })).data.find(
      (o: Json) => o.id === id,
    );
    expect(listed.foc_lapsed).toMatch(/order_foc_windows_list/);
  });

  it('prompts about dates tell the agent to convert local time to UTC', async () => {
    for (const [name, args] of [
      ['status_report', {}],
      ['diagnose_order', { porting_order_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }],
      ['port_numbers', { numbers: '+13035550002' }],
    ] as const) {
      const content = (await s.mcp.client.getPrompt({ name, arguments: args })).messages[0]?.content;
      expect(content?.type === 'text' && content.text).toMatch(
        /now, the server's current time in UTC.*Convert/s,
      );
    }
    expect(s.mcp.client.getInstructions()).toMatch(/carry now .*UTC/);
  });
});
