/** One part of a multipart/form-data body. */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** `a; k=v; k2="v 2"` -> its first value and its parameters (keys lower-cased, quotes removed). No patterns: linear. */
function headerParams(value: string): { value: string; params: Map<string, string> } {
  const [first = '', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const raw = piece.slice(eq + 1).trim();
    const unquoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    params.set(piece.slice(0, eq).trim().toLowerCase(), unquoted);
  }
  return { value: first.trim().toLowerCase(), params };
}

/** Header lines of one part, by lower-cased name. */
function headerLines(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its parts, or returns a problem. Small on
 * purpose: the sandbox receives one file part and a few text fields.
 */
export function parseMultipart(body: Buffer, contentType: string): Part[] | string {
  const mark = headerParams(contentType).params.get('boundary');
  if (!mark) return 'multipart body without a boundary';
  const delimiter = Buffer.from(`--${mark}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return 'multipart body without its boundary';
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) return 'multipart body is not closed';
    // A part: CRLF, headers, CRLF CRLF, data, CRLF (before the next delimiter).
    const chunk = body.subarray(start + 2, next - 2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) return 'multipart part without headers';
    const headers = headerLines(chunk.subarray(0, split).toString('utf8'));
    const disposition = headerParams(headers.get('content-disposition') ?? '');
    const name = disposition.value === 'form-data' ? disposition.params.get('name') : undefined;
    if (name === undefined) return 'multipart part without a name';
    const filename = disposition.params.get('filename');
    const type = headers.get('content-type');
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(type ? { contentType: type } : {}),
      data: chunk.subarray(split + 4),
    });
    at = next;
  }
}
