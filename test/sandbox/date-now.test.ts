import { afterEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/sandbox/clock.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { uploadDocuments, usEndUser } from '../fixtures/orders.js';
import { connect, textOf } from '../support/mcp.js';

// biome-ignore lint/suspicious/noExplicitAny: results are read as the API's JSON
type Json = any;

let sandbox: Sandbox | undefined;
let mcp: Awaited<ReturnType<typeof connect>> | undefined;
afterEach(async () => {
  await mcp?.close();
  await sandbox?.close();
  sandbox = mcp = undefined;
});

/** A server pointed at a standalone sandbox, as a user would run them: no shared clock, only HTTP. */
async function standalone(speed: number, ahead: number) {
  sandbox = await startSandbox({ speed });
  sandbox.clock.skip(ahead);
  mcp = await connect({ baseUrl: sandbox.url });
  return { sandbox, mcp };
}

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await mcp?.call(name, args);
  expect(result?.isError, `${name}: ${result && textOf(result)}`).toBeFalsy();
  return result?.structuredContent;
}

describe("now in results is the API answer's Date, not the local clock", () => {
  it('next to a standalone sandbox at 3600x, days ahead, `now` agrees with the sandbox clock', async () => {
    const { sandbox } = await standalone(3600, 5 * DAY);
    const id = (await ok('order_create', { phone_numbers: ['+13035550002'] })).data[0].id;
    for (const [tool, args] of [
      ['order_get', { porting_order_id: id }],
      ['order_list', {}],
      ['event_list', { filter: { porting_order_id: id } }],
    ] as const) {
      const before = Math.floor(sandbox.clock.now() / 1000) * 1000; // the Date header carries seconds
      const now = Date.parse((await ok(tool, args)).now);
      const after = sandbox.clock.now();
      expect(now, tool).toBeGreaterThanOrEqual(before);
      expect(now, tool).toBeLessThanOrEqual(after);
      expect(now - Date.now(), tool).toBeGreaterThan(4 * DAY);
    }
  });

  it("a gate compares the FOC date with the API's time: cancel within 48 h is refused before asking", async () => {
    const { sandbox } = await standalone(0, 10 * DAY);
    const id = (await ok('order_create', { phone_numbers: ['+13035550002'] })).data[0].id;
    await ok('order_update', {
      porting_order_id: id,
      end_user: usEndUser('+13035550002'),
      documents: await uploadDocuments((name, args) => (mcp as NonNullable<typeof mcp>).call(name, args)),
    });
    await ok('order_confirm', { porting_order_id: id, confirm: true });
    sandbox.clock.skip(11 * MINUTE + 2 * HOUR);
    const foc = Date.parse(
      (await ok('order_get', { porting_order_id: id })).data.activation_settings.foc_datetime_actual,
    );
    sandbox.clock.skip(Math.max(0, foc - sandbox.clock.now() - DAY)); // one sandbox day before the FOC date
    const result = await mcp?.call('order_cancel', { porting_order_id: id, confirm: true });
    const text = result ? textOf(result) : '';
    expect(text).toMatch(/^Not sent, and the user was not asked: .*within 48 hours of the FOC date/s);
    expect(text).toContain(`now ${new Date(sandbox.clock.now()).toISOString()}`);
  });
});
