import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * The most one tool result or resource read may weigh on the wire: far below the 10 MB a stock SDK
 * client accepts (a bigger answer closes its connection), and about what a model can still use.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');
/** Size of a payload once sent as JSON text inside a JSON message (quotes escaped): the larger copy. */
const asText = (value: unknown) => bytes(JSON.stringify(value) ?? '');

/**
 * A JSON payload that fits `max` bytes: its `data` list shortened (with a note saying how to get the
 * rest), or, when it has no list, undefined so the caller falls back to cutting text.
 */
export function fitPayload(
  payload: Record<string, unknown>,
  max: number,
  rest: string,
): Record<string, unknown> | undefined {
  if (asText(payload) <= max) return payload;
  const data = payload.data;
  if (!Array.isArray(data)) return undefined;
  const { next_cursor: _dropped, ...base } = payload;
  // Binary search for the longest prefix that fits (log n serialisations).
  let lo = 0;
  let hi = data.length;
  const shaped = (n: number) => ({
    ...base,
    data: data.slice(0, n),
    truncated: `Only ${n} of ${data.length} items fit in this answer (${max} bytes). ${rest}`,
  });
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (asText(shaped(mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  const fitted = shaped(lo);
  return asText(fitted) <= max ? fitted : undefined;
}

/** A tool result within the byte budget: lists shortened, other text cut, oversized attachments dropped, each with a note. */
export function fitResult(result: CallToolResult, max = MAX_ANSWER_BYTES, rest = ''): CallToolResult {
  if (bytes(result) <= max) return result;
  // Text and structured copy each get half the budget.
  const structured = result.structuredContent;
  const fitted = structured ? fitPayload(structured, Math.floor(max / 2), rest) : undefined;
  if (fitted) {
    return {
      ...result,
      content: [{ type: 'text', text: JSON.stringify(fitted) }],
      structuredContent: fitted,
    };
  }
  const total = bytes(result);
  const text = result.content
    .map((c) =>
      c.type === 'text' ? c.text : `[${c.type} of ${bytes(c)} bytes left out: over the answer limit]`,
    )
    .join('\n');
  const keep = Math.floor(max / 4); // characters; up to 4 bytes each in UTF-8
  return {
    ...(result.isError ? { isError: true } : {}),
    content: [
      {
        type: 'text',
        text: `${text.slice(0, keep)}\n[Truncated: the answer was ${total} bytes, over the ${max}-byte limit. ${rest || 'Ask for less: filters, fields or a smaller page_size.'}]`,
      },
    ],
  };
}
