import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import type { Endpoint } from '../catalog/endpoint.js';
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
    case 'empty':
      return {
        content: [{ type: 'text', text: `${endpoint.title}: done (HTTP ${response.status}).` }],
        structuredContent: { ok: true, status: response.status },
      };
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
      const data = compact(response.data);
      let payload: Record<string, unknown> =
        data && typeof data === 'object' && !Array.isArray(data)
          ? (data as Record<string, unknown>)
          : { data };
      if (Array.isArray(payload.data)) {
        payload = shapeList(list.codec, endpoint, payload as { data: unknown[] }, input, list.skip);
      }
      if (endpoint.note) payload = { ...payload, note: endpoint.note };
      return {
        content: [{ type: 'text', text: JSON.stringify(payload) }, ...links(payload)],
        structuredContent: payload,
      };
    }
  }
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

function describeItem(item: TelnyxErrorItem): string {
  const head = [item.code, item.title].filter(Boolean).join(' ');
  const field = item.source?.pointer ?? item.source?.parameter;
  const parts = [head || 'Error', item.detail ? `: ${item.detail}` : ''];
  if (field && field !== '/') parts.push(` (field ${field})`);
  return `- ${parts.join('')}`;
}

function hint(error: TelnyxError): string {
  const tries = error.retries ? ` Retried ${error.retries} time${error.retries > 1 ? 's' : ''}.` : '';
  const isPost = error.request?.method === 'POST';
  const checkFirst = isPost
    ? ' It was not retried: check whether it took effect (list or get) before calling again.'
    : '';
  switch (error.kind) {
    case 'no_api_key':
      return 'Set TELNYX_API_KEY in the environment of this MCP server (a Telnyx v2 API key; Claude Desktop: the "env" block of the server entry) and restart it.';
    case 'unauthorized':
      return 'The API key was rejected: check TELNYX_API_KEY (a current Telnyx v2 API key).';
    case 'forbidden':
      return 'This key may not do that, or the resource belongs to another account.';
    case 'not_found':
      return 'That id does not exist for this account: list first (e.g. order_list) and use an id from the result.';
    case 'invalid':
      return 'Fix the named field(s) and call again; the same call will fail the same way.';
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

const DOCUMENT_HINT =
  'Documents: upload the file with document_upload (path, url or content), then attach the id it returns with order_update documents.loa / documents.invoice, or order_document_create.';

/** An API or transport failure as text a model can act on: what failed, each API error, a hint. */
export function apiErrorResult(error: TelnyxError): CallToolResult {
  const where = error.request ? ` on ${error.request.method} ${error.request.path}` : '';
  const status = error.status ? `HTTP ${error.status} ` : '';
  const lines = [
    `Telnyx API call failed${where}: ${status}(${error.kind})${error.errors.length ? '' : ` ${error.message}`}`,
  ];
  for (const item of error.errors) lines.push(describeItem(item));
  lines.push(`Hint: ${hint(error)}`);
  if (error.errors.some(aboutDocuments)) lines.push(DOCUMENT_HINT);
  return textError(lines.join('\n'));
}

export function errorResult(error: unknown): CallToolResult {
  if (error instanceof TelnyxError) return apiErrorResult(error);
  return textError(
    `Internal error in the MCP server: ${error instanceof Error ? error.message : String(error)}`,
  );
}
