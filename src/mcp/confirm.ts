import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Endpoint } from '../catalog/endpoint.js';
import type { TelnyxClient } from '../telnyx/client.js';
import { type Call, readData } from './gates.js';
import { outboundSummary } from './outbound.js';

/**
 * Destructive steps (delete, cancel, submit, activate, sending codes) are confirmed before anything is
 * sent: by the user through elicitation when the client supports it, otherwise by an explicit
 * `confirm: true` that the model may only send after asking the user.
 */

type Input = Record<string, unknown>;

interface OrderFacts {
  status?: string;
  numbers: string[];
  count?: number;
  foc?: string;
  carrier?: string;
}

/** What the order is, so the question names what will happen: the order the gate read, or read now. */
async function orderFacts(
  client: TelnyxClient,
  id: unknown,
  call: Call,
  known?: Record<string, unknown>,
): Promise<OrderFacts | undefined> {
  if (typeof id !== 'string') return undefined;
  // Best effort: failing to read it only makes the question less specific.
  const order = (known ?? (await readData(client, 'order_get', { porting_order_id: id }, call))) as
    | Record<string, unknown>
    | undefined;
  if (!order) return undefined;
  const settings = (order.activation_settings ?? {}) as Record<string, string | undefined>;
  return {
    status: (order.status as { value?: string } | undefined)?.value,
    numbers: ((order.phone_numbers ?? []) as Array<{ phone_number?: string }>).map((n) =>
      String(n.phone_number),
    ),
    count: order.porting_phone_numbers_count as number | undefined,
    foc: settings.foc_datetime_actual ?? settings.foc_datetime_requested ?? undefined,
    carrier: order.old_service_provider_ocn as string | undefined,
  };
}

function numbersText(facts?: OrderFacts): string {
  if (!facts) return '';
  const count = facts.count ?? facts.numbers.length;
  const shown = facts.numbers.slice(0, 5).join(', ');
  return ` with ${count} number${count === 1 ? '' : 's'}${shown ? ` (${shown}${count > 5 ? ', …' : ''})` : ''}`;
}

/** One sentence saying what the call would do, for the user to approve. */
export async function describeAction(
  endpoint: Endpoint,
  input: Input,
  client: TelnyxClient,
  call: Call,
  known?: Record<string, unknown>,
): Promise<string> {
  const outbound = outboundSummary(endpoint, input);
  if (outbound) return outbound;
  const id = input.porting_order_id as string | undefined;
  const facts = id ? await orderFacts(client, id, call, known) : undefined;
  const order = `porting order ${id}${numbersText(facts)}`;
  switch (endpoint.name) {
    case 'order_confirm':
      return `Submit ${order} to the losing carrier${facts?.carrier ? ` (${facts.carrier})` : ''}${facts?.foc ? `; FOC requested for ${facts.foc}` : ''}. This starts the port; only a cancellation undoes it.`;
    case 'order_cancel':
      return `Cancel ${order}${facts?.status ? `, now ${facts.status}` : ''}. A cancelled order cannot be reactivated.`;
    case 'order_delete':
      return `Delete draft ${order}.`;
    case 'order_activate':
      return `Activate every number of ${order} now: calls to them start arriving at Telnyx.`;
    case 'order_verification_code_send': {
      const numbers = (input.phone_numbers as string[] | undefined)?.join(', ') ?? 'every number';
      return `Send verification codes by ${input.verification_method ?? 'SMS'} to ${numbers} of ${order}: real phones will get a text or a call.`;
    }
    case 'order_document_delete':
      return `Remove additional document ${input.additional_document_id} from ${order}.`;
    case 'loa_config_delete':
      return `Delete LOA configuration ${input.id}.`;
    case 'document_delete':
      return `Delete document ${input.id} from the Telnyx Documents API; it cannot be recovered.`;
    default:
      return `${endpoint.title}: ${endpoint.name} ${input.id ?? ''} on ${order}.`.replace(/ {2}/g, ' ');
  }
}

/** `ask`: the model must ask the user, then call again with confirm: true (a normal step, not a failure). */
export type Confirmation = { ok: true } | { ok: false; text: string; ask?: true };

export async function confirm(
  server: Server,
  client: TelnyxClient,
  endpoint: Endpoint,
  input: Input,
  call: Call,
  elicitation = true,
  /** The order the gate already read, if it did. */
  order?: Record<string, unknown>,
): Promise<Confirmation> {
  // The model's confirm: true counts only where the client cannot ask the user itself.
  if (!canElicit(server, elicitation) && input.confirm === true) return { ok: true };
  const summary = await describeAction(endpoint, input, client, call, order);
  return askUser(server, summary, endpoint.name, input.confirm === true, call.signal, elicitation);
}

/** How long a question waits for the user before the call falls back to asking through the model. */
export const ELICITATION_TIMEOUT_MS = 5 * 60_000;

/**
 * Per session: a client whose elicitation failed once (an error such as "Method not found", or no
 * answer in time) is not asked again; its later calls take the model's confirm: true instead.
 */
const sessions = new WeakMap<Server, { timeoutMs: number; failed?: boolean }>();

/** Sets how long this server's questions wait for an answer (tests drive a client that never answers). */
export function setElicitationTimeout(server: Server, timeoutMs: number): void {
  sessions.set(server, { ...sessions.get(server), timeoutMs });
}

const canElicit = (server: Server, elicitation: boolean) =>
  elicitation && !!server.getClientCapabilities()?.elicitation && !sessions.get(server)?.failed;

/**
 * Asks the user to approve `summary`: through elicitation where the client can ask, else the answer
 * tells the model to ask and call `tool` again with confirm: true (`confirmed` is that flag).
 */
export async function askUser(
  server: Server,
  summary: string,
  tool: string,
  confirmed: boolean,
  signal: AbortSignal,
  elicitation = true,
): Promise<Confirmation> {
  const canAsk = canElicit(server, elicitation);
  if (!canAsk && confirmed) return { ok: true };
  if (canAsk) {
    const session = sessions.get(server) ?? { timeoutMs: ELICITATION_TIMEOUT_MS };
    let answer: Awaited<ReturnType<Server['elicitInput']>> | undefined;
    try {
      answer = await server.elicitInput(
        {
          message: `${summary}\nProceed?`,
          requestedSchema: {
            type: 'object',
            properties: { confirm: { type: 'boolean', title: 'Yes, do it', description: summary } },
            required: ['confirm'],
          },
        },
        { signal, timeout: session.timeoutMs },
      );
    } catch (error) {
      // The call itself was cancelled: nothing to fall back to.
      if (signal.aborted) throw error;
      // The client declared elicitation but could not ask (an error answer, or none in time). This
      // call asks through the model, even with confirm: true (the user has not been asked yet); from
      // now on the session confirms through the model, as a client without elicitation does.
      sessions.set(server, { ...session, failed: true });
    }
    if (answer) {
      if (answer.action === 'accept' && answer.content?.confirm === true) return { ok: true };
      const how =
        answer.action === 'accept'
          ? 'did not confirm'
          : answer.action === 'decline'
            ? 'declined'
            : 'cancelled';
      return { ok: false, text: `Not done: the user ${how}. Nothing was sent to Telnyx. ${summary}` };
    }
  }
  return {
    ok: false,
    ask: true,
    text: `Confirmation needed, nothing was sent: ${summary}\nAsk the user. If they agree, call ${tool} again with the same arguments and confirm: true.`,
  };
}
