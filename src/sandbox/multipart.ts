/** One part of a multipart/form-data body. */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its parts, or returns a problem. Small on
 * purpose: the sandbox receives one file part and a few text fields.
 */
export function parseMultipart(body: Buffer, contentType: string): Part[] | string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2]?.trim();
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
    const headers = chunk.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return 'multipart part without a name';
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(type ? { contentType: type } : {}),
      data: chunk.subarray(split + 4),
    });
    at = next;
  }
}
