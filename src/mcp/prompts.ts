import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  type GetPromptResult,
  ListPromptsRequestSchema,
  McpError,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { Endpoint } from '../catalog/endpoint.js';

/**
 * The workflows users ask for, as prompts (slash commands in Claude Code and VS Code). Each renders
 * one user message that tells the model which tools to call in which order and what to report.
 * A prompt is offered only when every tool it needs is exposed (read-only mode drops port_numbers).
 */
interface Workflow {
  prompt: Prompt;
  needs: string[];
  /** The text; `exposes` says which tools beyond `needs` this server serves, so it names only those. */
  render: (args: Record<string, string>, exposes: (tool: string) => boolean) => string;
}

const numbersArg = {
  name: 'numbers',
  description: 'Phone numbers in any common format, separated by commas, spaces or new lines',
  required: true,
};
const countryArg = {
  name: 'country',
  description: 'Country (e.g. US) of numbers written without +',
  required: false,
};
const country = (args: Record<string, string>) => (args.country ? ` with country "${args.country}"` : '');

const WORKFLOWS: Workflow[] = [
  {
    prompt: {
      name: 'check_portability',
      title: 'Check if numbers can be ported',
      description:
        'Check numbers and get a table of portable / FastPort / not portable, with what to do about each failure.',
      arguments: [numbersArg, countryArg],
    },
    needs: ['portability_check'],
    render: (a) => `Check whether these phone numbers can be ported to Telnyx:
${a.numbers}

1. Call portability_check once with all of them${country(a)} (any common format is fine; the result lists the ones rewritten to E.164; a number without a country code is refused with a request for it: ask me rather than guess).
2. Answer with one table: number (E.164) | type (number_type_derived: read from the number, not from Telnyx) | result (portable, portable with FastPort, not portable) | reason.
3. Under the table, for each number that is not portable, say what to do: "No coverage" means Telnyx cannot serve that area, so it cannot be ported; "not active with the current carrier" means the number must be active at the losing carrier first, so check it with them; "already in an open porting order" means find that order with order_list (filter phone_numbers.phone_number.contains) instead of creating another.
4. End with how many can be ported and offer to start a port for them.`,
  },
  {
    prompt: {
      name: 'port_numbers',
      title: 'Port numbers to Telnyx',
      description:
        'Guided port: check, create the orders (and explain any split), fill requirements, upload and attach the signed LOA and invoice, review, then submit only after my explicit go-ahead.',
      arguments: [
        numbersArg,
        countryArg,
        { name: 'customer_reference', description: 'Your reference for the orders', required: false },
      ],
    },
    needs: [
      'portability_check',
      'order_create',
      'order_update',
      'order_requirements_list',
      'order_confirm',
      'document_upload',
    ],
    render: (a) => `Port these phone numbers to Telnyx:
${a.numbers}

Work through these steps and tell me where you are after each one:
1. portability_check${country(a)}. Leave out the numbers that cannot be ported and tell me why.
2. order_create with the portable numbers${a.customer_reference ? ` and customer_reference "${a.customer_reference}"` : ''}. If Telnyx splits them into several orders, list each order with its numbers and explain the split (country, number type, carrier or FastPort eligibility): every order is completed and submitted on its own.
3. For each order: order_requirements_list and order_get show what is missing (requirements_met, additional_steps). Ask me for the end user exactly as the losing carrier has it (entity name, authorized person, account number, billing telephone number, PIN if any) and the service address; fill them with order_update, and propose a FOC date from order_foc_windows_list.
4. Documents: ask me for the files, as local paths or URLs: the LOA signed by the end user and a recent invoice of the losing carrier. If there is no signed LOA yet, get it prefilled with order_loa_template_get for the end user to sign, and wait for the signed copy. Upload each file with document_upload (path, url, or base64 content with filename); if a path is refused, tell me which folders are allowed. Within 30 minutes of uploading, attach them with order_update documents.loa and documents.invoice (other files: order_document_create), then check requirements_met with order_get.
5. If additional_steps lists phone_number_verification_codes, send the codes (order_verification_code_send, after I agree) and verify the codes I give you.
6. Review: show me a summary per order (numbers, end user, address, the attached files by name, FOC date) and confirm requirements_met is true.
7. STOP and ask me explicitly whether to submit. Only after I say yes, call order_confirm for each order. Submitting sends the port to the losing carrier; it is undone only by cancelling.`,
  },
  {
    prompt: {
      name: 'diagnose_order',
      title: 'Why is this porting order stuck?',
      description:
        "Read an order's status, exception details, comments, events, action requirements and FOC windows, and explain what is wrong and what to do next.",
      arguments: [{ name: 'porting_order_id', description: 'The porting order id', required: true }],
    },
    needs: ['order_get', 'order_comment_list', 'event_list'],
    render: (
      a,
    ) => `Diagnose porting order ${a.porting_order_id}: what state is it in, why, and what should happen next?

Gather, in this order (skip any tool that is not available):
1. order_get: status.value and status.details (exception codes), requirements_met, additional_steps, FOC dates, numbers.
2. For exception codes, order_exception_types_list gives their meaning.
3. order_comment_list: the latest messages from Telnyx porting support.
4. event_list with filter.porting_order_id = ${a.porting_order_id}: the history of status changes, newest first.
5. order_action_requirement_list and order_verification_code_list if additional steps are pending; order_foc_windows_list if the FOC date is missing or expired.

Then answer with: the diagnosis in two sentences; the evidence (status, codes, last comment, last events with dates); who has to act (me, Telnyx, or the losing carrier); and the concrete next steps with the tool that does each. Do not change the order: propose changes and wait for my go-ahead.`,
  },
  {
    prompt: {
      name: 'status_report',
      title: 'Porting status report',
      description: 'Summarise every open porting order and what each is waiting on.',
      arguments: [
        { name: 'customer_reference', description: 'Only orders with this reference', required: false },
      ],
    },
    needs: ['order_list'],
    render: (
      a,
    ) => `Give me a status report of my open porting orders${a.customer_reference ? ` with customer_reference "${a.customer_reference}"` : ''}.

1. order_list with filter.status = ["draft", "in-process", "submitted", "exception", "foc-date-confirmed", "cancel-pending"]${a.customer_reference ? ` and filter.customer_reference = "${a.customer_reference}"` : ''}, page_size 100; follow next_cursor until there is none.
2. For each order, decide what it is waiting on: draft with requirements_met false = waiting on us (missing information); draft with requirements met = ready to submit; in-process or submitted = waiting on the losing carrier; exception = waiting on us to fix the data (read status.details); foc-date-confirmed = waiting for the FOC date; cancel-pending = waiting on Telnyx.
3. Answer with a table: order (first 8 characters of the id) | customer reference | numbers | status | waiting on | FOC date | next step. Sort exceptions first, then drafts, then the rest by FOC date.
4. Finish with the totals per status and the orders that need my action today.`,
  },
  {
    prompt: {
      name: 'port_from_spreadsheet',
      title: 'Port the numbers of a spreadsheet',
      description:
        'Check a spreadsheet of numbers, create their orders as one group, fill in the end user and documents once, submit the group after my go-ahead, then follow it.',
      arguments: [
        { name: 'path', description: 'The spreadsheet (CSV) in an allowed folder', required: true },
        {
          name: 'customer_group_reference',
          description: 'A name for this port, e.g. "Acme 2026"',
          required: true,
        },
        countryArg,
      ],
    },
    needs: [
      'portability_check_file',
      'order_create_from_file',
      'document_upload',
      'order_group_update',
      'order_group_confirm',
      'order_group_status',
    ],
    render: (
      a,
      exposes,
    ) => `Port the phone numbers in the spreadsheet ${a.path} to Telnyx as one group of orders, customer_group_reference "${a.customer_group_reference}".

Tell me where you are after each step. Work with counts and summaries; never list the numbers one by one.
1. portability_check_file with path "${a.path}"${country(a)}. Show me its summary: how many numbers can be ported, how many cannot and why, and where the results file is.
2. Ask me whether to go on with the portable numbers. Then order_create_from_file with the same path and customer_group_reference "${a.customer_group_reference}". Tell me into how many orders the API split them (by country, number type, carrier and FastPort): they are worked as one group.
3. Ask me once for the whole group: the end user exactly as the losing carrier has it (entity name, authorized person, account number, billing telephone number, PIN if any), the service address, and the files (local paths or URLs) of the LOA signed by the end user and a recent invoice. Upload each file with document_upload.
4. Within 30 minutes of uploading: order_group_update with customer_group_reference "${a.customer_group_reference}", end_user, and documents.loa and documents.invoice. If it names still_missing or failures, fix those with the tools it names and call it again; if its time ran out, call it again with the same arguments.
5. order_group_status with customer_group_reference "${a.customer_group_reference}": show me orders and numbers by status and needs_action. ${exposes('order_verification_code_send') && exposes('order_verification_code_verify') ? 'For orders with numbers to verify: order_verification_code_send (after I agree), then order_verification_code_verify with the codes I give you.' : 'Orders with numbers to verify cannot be submitted until each number is verified, which this server cannot do: tell me which orders they are.'}
6. STOP and ask me whether to submit, naming the orders and numbers that would go. Only after I say yes: order_group_confirm with customer_group_reference "${a.customer_group_reference}". Report submitted, cannot_pass_by_problem and failures; fix what it names and call it again for the rest. Submitting starts the port; each order is undone only by cancelling it.
7. Later, when I ask how the port is going: order_group_status with customer_group_reference "${a.customer_group_reference}" (since: when I last asked), and export: true when I want every number in a spreadsheet.`,
  },
];

/** Workflows about dates (FOC dates, histories): the model is told whose clock counts. */
const DATED = new Set(['port_numbers', 'diagnose_order', 'status_report', 'port_from_spreadsheet']);
const TIME_NOTE =
  "\n\nTimes: tool results carry now, the server's current time in UTC, and every date in them is UTC. Convert the times I give in my local time to UTC (ask my time zone if you do not know it), and tell me dates in my local time.";
/** The prompt's text; by default as a server that serves every tool renders it (the manifest's). */
const textOf = (workflow: Workflow, args: Record<string, string>, exposes = (_tool: string) => true) =>
  workflow.render(args, exposes) + (DATED.has(workflow.prompt.name) ? TIME_NOTE : '');

/** The prompts as an MCP Bundle manifest declares them: `${arguments.x}` placeholders in the text. */
export function promptTemplates() {
  return WORKFLOWS.map((workflow) => {
    const { prompt } = workflow;
    const names = (prompt.arguments ?? []).map((a) => a.name);
    return {
      name: prompt.name,
      description: prompt.description ?? '',
      arguments: names,
      text: textOf(workflow, Object.fromEntries(names.map((n) => [n, `\${arguments.${n}}`]))),
    };
  });
}

export function registerPrompts(
  server: Server,
  endpoints: readonly Pick<Endpoint, 'name'>[],
  compact = false,
  redact: (text: string) => string = (t) => t,
): void {
  const exposed = new Set(endpoints.map((e) => e.name));
  const available = WORKFLOWS.filter((w) => w.needs.every((tool) => exposed.has(tool)));
  if (available.length === 0) return;
  server.registerCapabilities({ prompts: {} });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: available.map((w) => w.prompt) }));
  server.setRequestHandler(GetPromptRequestSchema, (request): GetPromptResult => {
    const workflow = available.find((w) => w.prompt.name === request.params.name);
    if (!workflow) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const args = request.params.arguments ?? {};
    const missing = (workflow.prompt.arguments ?? []).filter((a) => a.required && !args[a.name]?.trim());
    if (missing.length) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Missing argument ${missing.map((a) => a.name).join(', ')}`,
      );
    }
    const via = compact
      ? '\n\n(The operations named above are run with porting_invoke {name, arguments}.)'
      : '';
    return {
      description: workflow.prompt.description,
      // Arguments are quoted into the text: a pasted key must not come back.
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: redact(textOf(workflow, args, (tool) => exposed.has(tool)) + via) },
        },
      ],
    };
  });
}
