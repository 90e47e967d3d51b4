import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import type { Endpoint } from '../catalog/endpoint.js';
import { byName } from '../catalog/index.js';
import { pathParams } from '../catalog/request.js';
import type { ApiResponse } from '../telnyx/client.js';
import { TelnyxError, type TelnyxErrorItem } from '../telnyx/errors.js';
import type { CursorCodec } from './cursor.js';
import { shapeList } from './pages.js';
import { SCHEME, uriOf } from './uris.js';

/** Drops null fields so results cost fewer tokens (absent reads as null); list items keep their places. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = compact(v);
    return out;
  }
  return value;
}

export interface ListContext {
  codec: CursorCodec;
  /** Items of the page a cursor already showed. */
  skip: number;
  /** The server's current time (ms): stated in results about dates, and used to flag lapsed ones. */
  now?: number;
}

const LAPSED_FOC =
  'the requested FOC date has passed: pick a window with order_foc_windows_list, then order_update with activation_settings.foc_datetime_requested';

/** A draft or exception order whose requested FOC date is already past (it will be refused). */
function focLapsed(item: unknown, now: number): boolean {
  const order = item as {
    status?: { value?: string };
    activation_settings?: { foc_datetime_requested?: string };
  };
  const foc = order?.activation_settings?.foc_datetime_requested;
  const status = order?.status?.value;
  return !!foc && (status === 'draft' || status === 'exception') && Date.parse(foc) < now;
}

/**
 * Results about orders and events carry `now` (UTC), so "next Wednesday afternoon" can be turned into a
 * date and a FOC date compared with today; an order whose requested FOC date lapsed says what to do.
 */
function withTime(
  endpoint: Endpoint,
  payload: Record<string, unknown>,
  now: number,
): Record<string, unknown> {
  if (endpoint.toolset !== 'orders' && endpoint.toolset !== 'events') return payload;
  const data = payload.data;
  if (Array.isArray(data)) {
    const flagged = data.map((item) =>
      focLapsed(item, now) ? { ...(item as object), foc_lapsed: LAPSED_FOC } : item,
    );
    return { now: new Date(now).toISOString(), ...payload, data: flagged };
  }
  return {
    now: new Date(now).toISOString(),
    ...payload,
    ...(focLapsed(data, now) ? { next_step: LAPSED_FOC } : {}),
  };
}

/** Links to the resources a result mentions: single objects and short lists (long lists would cost tokens). */
function links(payload: Record<string, unknown>): ResourceLink[] {
  const items = Array.isArray(payload.data)
    ? payload.meta
      ? []
      : payload.data.slice(0, 10)
    : [payload.data];
  return items.flatMap((item) => {
    const uri = uriOf(item);
    if (!uri) return [];
    const { id, phone_number } = item as Record<string, unknown>;
    return [{ type: 'resource_link', uri, name: String(phone_number ?? id), mimeType: 'application/json' }];
  });
}

export function successResult(
  endpoint: Endpoint,
  response: ApiResponse,
  input: Record<string, unknown>,
  list: ListContext,
): CallToolResult {
  switch (response.type) {
    case 'empty': {
      // Says which object was acted on: "Delete a draft order: done for porting order 3fa8…".
      const ids = pathParams(endpoint.path).map((p) => [p, String(input[p])] as const);
      const objects = ids.map(([p, v]) =>
        p === 'id' ? `id ${v}` : `${p.replace(/_id$/, '').replace(/_/g, ' ')} ${v}`,
      );
      return {
        content: [{ type: 'text', text: `${endpoint.title}: done for ${objects.join(', ')}.` }],
        structuredContent: { ok: true, status: response.status, ...Object.fromEntries(ids) },
      };
    }
    case 'text':
      return { content: [{ type: 'text', text: response.text }] };
    case 'binary': {
      if (endpoint.kind === 'file') return fileResult(response.contentType, response.bytes, String(input.id));
      const uri = pdfUri(endpoint, input);
      return {
        content: [
          {
            type: 'text',
            text: `${endpoint.title}: PDF, ${response.bytes.length} bytes, attached as ${uri}.`,
          },
          {
            type: 'resource',
            resource: { uri, mimeType: response.contentType, blob: response.bytes.toString('base64') },
          },
        ],
      };
    }
    case 'json': {
      const data = withoutRestLinks(compact(response.data));
      let payload: Record<string, unknown> =
        data && typeof data === 'object' && !Array.isArray(data)
          ? (data as Record<string, unknown>)
          : { data };
      if (Array.isArray(payload.data)) {
        payload = shapeList(list.codec, endpoint, payload as { data: unknown[] }, input, list.skip);
      }
      if (list.now !== undefined) payload = withTime(endpoint, payload, list.now);
      if (endpoint.note) payload = { ...payload, note: endpoint.note };
      return {
        content: [{ type: 'text', text: JSON.stringify(payload) }, ...links(payload)],
        structuredContent: payload,
      };
    }
  }
}

/**
 * The API's `meta.phone_numbers_url` (a REST path) becomes the tool call that lists those numbers;
 * a model cannot follow a URL, only call a tool.
 */
function withoutRestLinks(data: unknown): unknown {
  const meta = (data as { meta?: Record<string, unknown> } | undefined)?.meta;
  const url = meta?.phone_numbers_url;
  if (typeof url !== 'string') return data;
  const { phone_numbers_url: _rest, ...others } = meta as Record<string, unknown>;
  const order = /filter\[porting_order_id\]=([\w-]+)/.exec(url)?.[1];
  return {
    ...(data as object),
    meta: {
      ...others,
      ...(order ? { phone_numbers: `porting_number_list with filter.porting_order_id ["${order}"]` } : {}),
    },
  };
}

const TEXT_TYPES = /^(text\/|application\/(json|csv)\b)/;

/** A downloaded document as an embedded resource: CSV, text and JSON as its text, other types as base64. */
function fileResult(contentType: string, bytes: Buffer, id: string): CallToolResult {
  const uri = `${SCHEME}documents/${id}`;
  const mimeType = contentType.split(';')[0]?.trim() || 'application/octet-stream';
  const isText = TEXT_TYPES.test(mimeType);
  const resource = isText
    ? { uri, mimeType, text: bytes.toString('utf8') }
    : { uri, mimeType, blob: bytes.toString('base64') };
  return {
    content: [
      { type: 'text', text: `Document ${id}: ${mimeType}, ${bytes.length} bytes, attached as ${uri}.` },
      { type: 'resource', resource },
    ],
  };
}

/** A stable URI naming the PDF a tool returned (the same scheme the resources use). */
function pdfUri(endpoint: Endpoint, input: Record<string, unknown>): string {
  if (endpoint.name === 'order_loa_template_get') {
    return `${SCHEME}porting-orders/${input.porting_order_id}/loa-template.pdf`;
  }
  if (typeof input.id === 'string') return `${SCHEME}loa-configurations/${input.id}/preview.pdf`;
  return `${SCHEME}loa-configurations/preview.pdf`;
}

export function textError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** A JSON pointer as an argument path: `/end_user/admin/entity_name` -> `end_user.admin.entity_name`, `/phone_numbers/1` -> `phone_numbers[1]`. */
export const argumentPath = (pointer: string) =>
  pointer
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');

function fieldOf(item: TelnyxErrorItem): string | undefined {
  if (item.source?.pointer && item.source.pointer !== '/') return argumentPath(item.source.pointer);
  return item.source?.parameter;
}

function describeItem(item: TelnyxErrorItem): string {
  const head = [item.code, item.title].filter(Boolean).join(' ');
  const field = fieldOf(item);
  const parts = [head || 'Error', item.detail ? `: ${item.detail}` : ''];
  if (field) parts.push(` (field ${field})`);
  return `- ${parts.join('')}`;
}

/**
 * For a 422: the tool and argument paths that fix it. A field of the call's own input is fixed in the
 * call; a field of the order named by an order action (submit, cancel...) is fixed with order_update.
 */
function invalidHint(error: TelnyxError, endpoint: Endpoint | undefined): string {
  const fields = [...new Set(error.errors.map(fieldOf).filter((f): f is string => !!f))];
  const perOrder = endpoint ? pathParams(endpoint.path).includes('porting_order_id') : false;
  if (!fields.length) {
    return perOrder
      ? 'The API refused this step for the order as it is now: read the detail above, and check the order with order_get (status, requirements_met).'
      : 'The API refused the call as it stands: read the detail above and adjust the call.';
  }
  const root = (f: string) => f.split(/[.[]/)[0] as string;
  const own = fields.filter((f) => !endpoint || root(f) in endpoint.input.shape);
  const update = byName.get('order_update');
  const viaUpdate =
    perOrder && update ? fields.filter((f) => !own.includes(f) && root(f) in update.input.shape) : [];
  const rest = fields.filter((f) => !own.includes(f) && !viaUpdate.includes(f));
  const parts = [
    ...(own.length || rest.length
      ? [`fix ${[...own, ...rest].join(', ')} in ${endpoint?.name ?? 'the call'}`]
      : []),
    ...(viaUpdate.length ? [`set ${viaUpdate.join(', ')} with order_update`] : []),
  ];
  return `${parts.join('; ')}, then call ${endpoint?.name ?? 'it'} again; the same call will fail the same way.`.replace(
    /^./,
    (c) => c.toUpperCase(),
  );
}

/** Where the API key is set: the bundle's settings form, or the environment a config file gives the server. */
function keyHint(install?: string): string {
  return install === 'mcpb'
    ? 'Set the API key in Claude Desktop: Settings → Extensions → Telnyx Number Porting → Configure, field "Telnyx API key" (or turn on Sandbox mode there to try without one).'
    : 'Set TELNYX_API_KEY in the environment of this MCP server (a Telnyx v2 API key): in a client\'s config file, the "env" block of the server\'s entry; then restart the client.';
}

function hint(error: TelnyxError, endpoint?: Endpoint, install?: string): string {
  const tries = error.retries ? ` Retried ${error.retries} time${error.retries > 1 ? 's' : ''}.` : '';
  const isPost = error.request?.method === 'POST';
  const checkFirst = isPost
    ? ' It was not retried: check whether it took effect (list or get) before calling again.'
    : '';
  switch (error.kind) {
    case 'no_api_key':
      return keyHint(install);
    case 'unauthorized':
      return install === 'mcpb'
        ? 'The API key was rejected: check it in Claude Desktop, Settings → Extensions → Telnyx Number Porting → Configure (a current Telnyx v2 API key).'
        : 'The API key was rejected: check TELNYX_API_KEY (a current Telnyx v2 API key).';
    case 'forbidden':
      return 'This key may not do that, or the resource belongs to another account.';
    case 'not_found':
      return 'That id does not exist for this account: list first (e.g. order_list) and use an id from the result.';
    case 'invalid':
      return invalidHint(error, endpoint);
    case 'rate_limited':
      return `Rate limited.${tries} Wait ${error.retryAfterSeconds ?? 'a few'} seconds before calling again.`;
    case 'server':
      return `Telnyx had a server error.${tries}${checkFirst || ' Try again shortly.'}`;
    case 'connection':
      return `Could not talk to the API.${tries} Check the network and TELNYX_BASE_URL.${checkFirst}`;
    case 'timeout':
      return `The API did not answer in time.${checkFirst || ' Try again, or raise TELNYX_TIMEOUT_MS.'}`;
    case 'cancelled':
      return 'The call was cancelled; nothing more was sent.';
    case 'refused':
      return 'Nothing was sent. Use ids exactly as the API returned them, or split the work into smaller calls.';
    case 'bad_response':
      return 'The API answered in an unexpected form; try again later.';
    default:
      return 'Read the error above and adjust the call.';
  }
}

/** A field that takes a Documents API id (a requirement's value only when the error is about a document). */
const aboutDocuments = (item: TelnyxErrorItem) => {
  const pointer = item.source?.pointer ?? '';
  if (/^\/requirements\/\d+\/field_value$/.test(pointer)) return /document/i.test(item.detail ?? '');
  return /^\/(documents|additional_documents|logo)\b|document_id$/.test(pointer);
};

/** How a document gets onto an order, in tool terms (also said by the submit gate). */
export const DOCUMENT_STEPS =
  'upload the file with document_upload (path, url or content), then attach the id it returns with order_update documents.loa / documents.invoice, or order_document_create';

const DOCUMENT_HINT = `Documents: ${DOCUMENT_STEPS}.`;

/** An API or transport failure as text a model can act on: what failed, each API error, a hint. */
export function apiErrorResult(error: TelnyxError, endpoint?: Endpoint, install?: string): CallToolResult {
  // Named by the tool, not the REST method and path: the model calls tools.
  const where = endpoint ? ` in ${endpoint.name}` : '';
  const status = error.status ? `HTTP ${error.status} ` : '';
  const lines = [
    `Telnyx API call failed${where}: ${status}(${error.kind})${error.errors.length ? '' : ` ${error.message}`}`,
  ];
  for (const item of error.errors) lines.push(describeItem(item));
  lines.push(`Hint: ${hint(error, endpoint, install)}`);
  if (error.errors.some(aboutDocuments)) lines.push(DOCUMENT_HINT);
  return textError(lines.join('\n'));
}

/** `install`: how the server was installed (Config.install), so set-up hints name the right place. */
export function errorResult(error: unknown, endpoint?: Endpoint, install?: string): CallToolResult {
  if (error instanceof TelnyxError) return apiErrorResult(error, endpoint, install);
  return textError(
    `Internal error in the MCP server: ${error instanceof Error ? error.message : String(error)}`,
  );
}
