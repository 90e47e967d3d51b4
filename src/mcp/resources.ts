import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { type Endpoint, orderId } from '../catalog/endpoint.js';
import { partsOf, partText, partUri, resourceLocation } from '../jobs/results-parts.js';
import { RESULTS_PREFIX, type ResultsStore } from '../jobs/results-store.js';
import type { Redactor } from '../redact.js';
import { Budget } from '../telnyx/budget.js';
import type { TelnyxClient } from '../telnyx/client.js';
import { TelnyxError } from '../telnyx/errors.js';
import { fitPayload, MAX_ANSWER_BYTES } from './answer-size.js';
import type { CursorCodec } from './cursor.js';
import { describeIssues } from './input-errors.js';
import { apiErrorResult, compact } from './results.js';
import { ORDER_COLLECTIONS, SCHEME, uriOf } from './uris.js';

/** What resources/list walks, in this order, one API page per call. */
const COLLECTIONS = [
  { tool: 'order_list', label: 'Porting order' },
  { tool: 'loa_config_list', label: 'LOA configuration' },
  { tool: 'report_list', label: 'Porting report' },
  { tool: 'porting_number_list', label: 'Porting phone number' },
  { tool: 'event_list', label: 'Porting event' },
] as const;
const LIST_PAGE = 100;
/** A per-order collection read returns at most this many items (and says when it stopped). */
const READ_CAP = 1000;
/** -32002, the spec's "resource not found". */
const RESOURCE_NOT_FOUND = -32002;

interface ListState {
  r: 'resources';
  c: number;
  p: number;
}

type Item = Record<string, unknown>;

function describe(label: string, item: Item): Pick<Resource, 'name' | 'title' | 'description'> {
  const status =
    (item.status as { value?: string } | undefined)?.value ?? item.status ?? item.porting_order_status;
  const what =
    item.customer_reference ?? item.name ?? item.event_type ?? item.report_type ?? item.description;
  const name = String(item.phone_number ?? item.id);
  // The title tells resources apart in a client's picker: the number, or the reference and a short id.
  const ident = item.phone_number ?? `${String(item.id).slice(0, 8)}${what ? ` (${what})` : ''}`;
  const order = item.porting_order_id ? `, order ${String(item.porting_order_id).slice(0, 8)}` : '';
  return {
    name,
    title: `${label} ${ident}${order}`,
    description: [
      status ? `status ${status}` : undefined,
      item.created_at ? `created ${item.created_at}` : undefined,
    ]
      .filter(Boolean)
      .join(', '),
  };
}

/** Each template with the tool that reads it: a profile that leaves the tool out leaves the template out. */
const TEMPLATES: Array<ResourceTemplate & { tool: string }> = [
  {
    uriTemplate: `${SCHEME}porting-orders/{porting_order_id}`,
    name: 'porting-order',
    title: 'Porting order',
    tool: 'order_get',
    description:
      'One porting order as order_get returns it: status, requirements, end user, FOC dates, numbers.',
  },
  ...Object.entries(ORDER_COLLECTIONS).map(([segment, { title, tool }]) => ({
    uriTemplate: `${SCHEME}porting-orders/{porting_order_id}/${segment}`,
    name: `porting-order-${segment}`,
    title: `A porting order's ${title}`,
    tool,
    description: `Every one of a porting order's ${title} (as ${tool} lists them), in one read of up to ${READ_CAP}.`,
  })),
  {
    uriTemplate: `${SCHEME}porting-orders/{porting_order_id}/loa-template.pdf`,
    name: 'porting-order-loa-template',
    title: "A porting order's LOA template (PDF)",
    description: 'The Letter of Authorization prefilled for this order, to be signed by the end user.',
    mimeType: 'application/pdf',
    tool: 'order_loa_template_get',
  },
  {
    uriTemplate: `${SCHEME}porting-phone-numbers/{phone_number}`,
    name: 'porting-phone-number',
    title: 'Porting phone number (E.164, + as %2B)',
    tool: 'porting_number_list',
    description: 'A number being ported: its order, order status, activation and portability status.',
  },
  {
    uriTemplate: `${SCHEME}porting-events/{event_id}`,
    name: 'porting-event',
    title: 'Porting event',
    tool: 'event_get',
    description: 'One porting event (status change, comment, split...) with its payload.',
  },
  {
    uriTemplate: `${SCHEME}loa-configurations/{loa_configuration_id}`,
    name: 'loa-configuration',
    title: 'LOA configuration',
    tool: 'loa_config_get',
    description: 'The company, address, contact and logo used to generate LOAs.',
  },
  {
    uriTemplate: `${SCHEME}loa-configurations/{loa_configuration_id}/preview.pdf`,
    name: 'loa-configuration-preview',
    title: 'LOA configuration preview (PDF)',
    description: 'An LOA rendered from this configuration, to check how it looks.',
    mimeType: 'application/pdf',
    tool: 'loa_config_preview',
  },
  {
    uriTemplate: `${SCHEME}reports/{report_id}`,
    name: 'porting-report',
    title: 'Porting report',
    description: 'A CSV export of porting orders: its status and, once completed, the document id.',
    tool: 'report_get',
  },
].map((t) => ({ mimeType: 'application/json', ...t }));

/** The templates a profile exposes, as served (without our tool name). */
export function exposedTemplates(exposed: ReadonlyMap<string, Endpoint>): ResourceTemplate[] {
  return TEMPLATES.filter((t) => exposed.has(t.tool)).map(({ tool: _tool, ...t }) => t);
}

/**
 * Errors from the API become MCP errors: resources have no isError channel. Their text is redacted
 * like tool results, should an upstream ever echo the key.
 */
function asMcpError(error: unknown, redactor: Redactor, install?: string): McpError {
  if (error instanceof McpError) return error;
  if (error instanceof TelnyxError) {
    const text = apiErrorResult(error, undefined, install)
      .content.map((c) => (c.type === 'text' ? c.text : ''))
      .join('\n');
    return new McpError(
      error.kind === 'not_found' ? RESOURCE_NOT_FOUND : ErrorCode.InternalError,
      redactor.text(text),
    );
  }
  return new McpError(
    ErrorCode.InternalError,
    redactor.text(error instanceof Error ? error.message : String(error)),
  );
}

/**
 * Long lists as MCP resources. resources/list walks orders, LOA configurations, reports, porting
 * phone numbers and events one API page at a time behind an opaque cursor (the SDK's McpServer would
 * not paginate, so the handlers sit on the low-level server); templates name single items and
 * per-order collections (completion.ts completes their order ids).
 */
export function registerResources(
  server: Server,
  exposed: ReadonlyMap<string, Endpoint>,
  client: TelnyxClient,
  codec: CursorCodec,
  redactor: Redactor,
  parentBudget?: Budget,
  /** How the server was installed (Config.install): set-up hints name the right place. */
  install?: string,
  /** Results files of spreadsheet jobs kept in memory (served where a job tool is). */
  results?: ResultsStore,
): void {
  const templates = exposedTemplates(exposed);
  const collections = COLLECTIONS.filter((c) => exposed.has(c.tool));
  // A profile without any of the reading tools (or job tools) has no resources at all.
  if (templates.length === 0 && collections.length === 0 && !results) return;
  /** The stored results, listed first on the first page: at most MAX_STORED_RESULTS. */
  const storedResults = (): Resource[] =>
    (results?.list() ?? []).map((r) => {
      const parts = resourceLocation(r.uri, r.bytes).read_parts;
      return {
        uri: r.uri,
        name: r.name,
        title: r.title,
        mimeType: r.mimeType,
        size: r.bytes.length,
        description: `Results of a spreadsheet job, kept in memory until the server stops (${new Date(r.updatedAt).toISOString()}).${parts ? ` ${parts}` : ''}`,
      };
    });
  /** A stored results file, or one part of it (`?part=n`) when it is too large for one read. */
  const readStored = (store: ResultsStore, uri: string): ReadResourceResult => {
    const [base = '', query] = uri.split('?', 2);
    const found = store.get(base);
    if (!found) {
      throw new McpError(
        RESOURCE_NOT_FOUND,
        `No results at ${uri.slice(0, 200)}: they last until the server stops; run the job again.`,
      );
    }
    const parts = partsOf(found.bytes);
    const count = parts.ends.length;
    const asked = query === undefined ? '1' : /^part=(\d{1,6})$/.exec(query)?.[1];
    const n = Number(asked);
    if (!asked || n < 1 || n > count) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `${base} has ${count} part${count === 1 ? '' : 's'}: read ${base}${count > 1 ? ` (part 1), then ${partUri(base, 2)} up to ${partUri(base, count)}` : ''}.`,
      );
    }
    const contents: ReadResourceResult['contents'] = [
      { uri, mimeType: found.mimeType, text: partText(found.bytes, parts, n) },
    ];
    // The part says where the rest is, in a second item, so a model reading part 1 knows there is more.
    if (count > 1) {
      contents.push({
        uri,
        mimeType: 'text/plain',
        text:
          n < count
            ? `Part ${n} of ${count} of ${base}; read ${partUri(base, n + 1)} next (every part is a CSV with the header row).`
            : `Part ${count} of ${count} of ${base}: the last.`,
      });
    }
    return redactor.deep({ contents });
  };

  /** The exposed entry and its input checked by the entry's own schema, before anything is sent. */
  const checked = (tool: string, input: Item, uri: string) => {
    const entry = exposed.get(tool);
    if (!entry) throw new McpError(RESOURCE_NOT_FOUND, `Unknown resource URI: ${uri}`);
    const parsed = entry.input.safeParse(input);
    if (!parsed.success) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid resource URI ${uri.slice(0, 200)}:\n${describeIssues(parsed.error.issues, input).join('\n')}`,
      );
    }
    return { entry, input: parsed.data as Item };
  };
  const budgetFor = () => (parentBudget ? parentBudget.child() : new Budget());
  const json = async (tool: string, raw: Item, signal: AbortSignal, uri = '', budget = budgetFor()) => {
    const { entry, input } = checked(tool, raw, uri);
    const response = await client.request(entry, input, { signal, budget });
    if (response.type !== 'json')
      throw new McpError(ErrorCode.InternalError, `Unexpected ${response.type} answer`);
    return response.data as { data: unknown; meta?: { page_number?: number; total_pages?: number } };
  };

  server.registerCapabilities({ resources: {} });

  server.setRequestHandler(ListResourcesRequestSchema, async (request, extra) => {
    let state: ListState = { r: 'resources', c: 0, p: 1 };
    if (request.params?.cursor !== undefined) {
      const decoded = codec.decode<ListState>(request.params.cursor);
      // Checked like any client input: without MCP_CURSOR_SECRET anyone can make a cursor.
      const valid = Number.isInteger(decoded?.c) && Number.isInteger(decoded?.p) && (decoded?.p ?? 0) >= 1;
      if (decoded?.r !== 'resources' || !valid || !collections[decoded.c]) {
        throw new McpError(
          ErrorCode.InvalidParams,
          'Invalid cursor: pass back a nextCursor exactly as received, or none to start over.',
        );
      }
      state = decoded;
    }
    const stored = request.params?.cursor === undefined ? storedResults() : [];
    if (collections.length === 0) return { resources: stored };
    // One budget for the whole call: skipping empty pages cannot go on without end.
    const budget = budgetFor();
    try {
      // Empty collections are skipped within the same call, so a page is empty only at the very end.
      for (;;) {
        const collection = collections[state.c] as (typeof COLLECTIONS)[number];
        const page = await json(
          collection.tool,
          { page_number: state.p, page_size: LIST_PAGE },
          extra.signal,
          '',
          budget,
        );
        const items = (page.data as Item[]).map(compact) as Item[];
        const resources = items.flatMap((item) => {
          const uri = uriOf(item);
          return uri ? [{ uri, mimeType: 'application/json', ...describe(collection.label, item) }] : [];
        });
        const more = (page.meta?.page_number ?? 1) < (page.meta?.total_pages ?? 0) && items.length > 0;
        const next: ListState | undefined = more
          ? { r: 'resources', c: state.c, p: state.p + 1 }
          : collections[state.c + 1]
            ? { r: 'resources', c: state.c + 1, p: 1 }
            : undefined;
        if (resources.length === 0 && next) {
          state = next;
          continue;
        }
        return redactor.deep({
          resources: [...stored, ...resources],
          ...(next ? { nextCursor: codec.encode(next) } : {}),
        });
      }
    } catch (error) {
      throw asMcpError(error, redactor, install);
    }
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: templates }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
    const { uri } = request.params;
    if (results && uri.startsWith(RESULTS_PREFIX)) return readStored(results, uri);
    const budget = budgetFor();
    const text = (value: unknown): ReadResourceResult => {
      const shaped = compact(value);
      const payload = (
        shaped && typeof shaped === 'object' && !Array.isArray(shaped) ? shaped : { data: shaped }
      ) as Item;
      const fitted = fitPayload(
        payload,
        MAX_ANSWER_BYTES,
        'Use the matching list tool with filters or page_number to read the rest.',
      );
      if (!fitted)
        throw new McpError(
          ErrorCode.InternalError,
          `The resource is over ${MAX_ANSWER_BYTES} bytes; use the matching tool instead.`,
        );
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(fitted) }] };
    };
    const pdf = async (tool: string, raw: Item): Promise<ReadResourceResult> => {
      const { entry, input } = checked(tool, raw, uri);
      const response = await client.request(entry, input, { signal: extra.signal, budget });
      if (response.type !== 'binary') throw new McpError(ErrorCode.InternalError, 'Expected a PDF');
      // base64 grows by a third: what is left of the budget after that is the PDF's limit.
      if (response.bytes.length > (MAX_ANSWER_BYTES / 4) * 3 - 1024) {
        throw new McpError(
          ErrorCode.InternalError,
          `The PDF is ${response.bytes.length} bytes, over the ${MAX_ANSWER_BYTES}-byte answer limit; get it with the ${tool} tool.`,
        );
      }
      return { contents: [{ uri, mimeType: 'application/pdf', blob: response.bytes.toString('base64') }] };
    };
    const all = async (tool: string, raw: Item) => {
      const { entry, input } = checked(tool, raw, uri);
      const items: unknown[] = [];
      for await (const item of client.paginate(entry, input, { signal: extra.signal, budget })) {
        if (items.length === READ_CAP) {
          return {
            data: items,
            truncated: `Stopped at ${READ_CAP} items; use the ${tool} tool with filters to page further.`,
          };
        }
        items.push(item);
      }
      return { data: items, total: items.length };
    };

    const path = uri.startsWith(SCHEME) && uri.length <= 1024 ? uri.slice(SCHEME.length) : '';
    try {
      let segments: string[];
      try {
        segments = path.split('/').map((s) => decodeURIComponent(s));
      } catch {
        throw new McpError(
          ErrorCode.InvalidParams,
          `Invalid percent-encoding in resource URI: ${uri.slice(0, 200)}`,
        );
      }
      const [kind, id, sub, extraSegment] = segments;
      if (!kind || !id || extraSegment !== undefined)
        throw new McpError(ErrorCode.InvalidParams, `Unknown resource URI: ${uri}`);
      const result = await (async () => {
        if (kind === 'porting-orders') {
          if (sub === undefined)
            return text((await json('order_get', { porting_order_id: id }, extra.signal, uri, budget)).data);
          if (sub === 'loa-template.pdf') return pdf('order_loa_template_get', { porting_order_id: id });
          const collection = Object.hasOwn(ORDER_COLLECTIONS, sub) ? ORDER_COLLECTIONS[sub] : undefined;
          if (!collection) throw new McpError(ErrorCode.InvalidParams, `Unknown resource URI: ${uri}`);
          const input =
            collection.tool === 'porting_number_list' || collection.tool === 'event_list'
              ? { filter: { porting_order_id: collection.tool === 'event_list' ? id : [id] } }
              : { porting_order_id: id };
          // Per-order collections are read by order id; the filter-based ones need it checked as one too.
          if (!orderId().safeParse(id).success)
            throw new McpError(ErrorCode.InvalidParams, `Invalid resource URI: the order id must be a UUID`);
          return text(await all(collection.tool, input));
        }
        if (sub === undefined && kind === 'porting-phone-numbers') {
          const found = await json(
            'porting_number_list',
            { filter: { phone_number: [id] } },
            extra.signal,
            uri,
            budget,
          );
          const [number] = found.data as unknown[];
          if (!number) throw new McpError(RESOURCE_NOT_FOUND, `No porting phone number ${id}`);
          return text(number);
        }
        if (sub === undefined && kind === 'porting-events')
          return text((await json('event_get', { id }, extra.signal, uri, budget)).data);
        if (sub === undefined && kind === 'reports')
          return text((await json('report_get', { id }, extra.signal, uri, budget)).data);
        if (kind === 'loa-configurations') {
          if (sub === undefined)
            return text((await json('loa_config_get', { id }, extra.signal, uri, budget)).data);
          if (sub === 'preview.pdf') return pdf('loa_config_preview', { id });
        }
        throw new McpError(ErrorCode.InvalidParams, `Unknown resource URI: ${uri}`);
      })();
      return redactor.deep(result);
    } catch (error) {
      throw asMcpError(error, redactor, install);
    }
  });
}
