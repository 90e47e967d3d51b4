import path from 'node:path';

/** What the Telnyx Documents API accepts (spec/DOCUMENTS.md), and the limit it sets. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** Longest base64 text of a file within the limit, with room for line breaks (stripped before decoding). */
export const MAX_BASE64_CHARS = Math.ceil(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 * 1.05);

export const ACCEPTED = 'PDF, PNG, JPEG, CSV, TXT, JSON, DOC, DOCX, XLS, XLSX';

/** Bytes read from the start of a file to tell its type. */
export const HEAD_BYTES = 64 * 1024;

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/**
 * The content type of a file from its first bytes (magic numbers), or undefined when it is none the
 * API accepts. The name only decides what the bytes cannot: DOC vs XLS (both OLE) and CSV/JSON vs
 * plain text (all UTF-8 text).
 */
export function sniff(head: Buffer, filename = ''): string | undefined {
  const ext = path.extname(filename).slice(1).toLowerCase();
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML is a zip whose entries live under word/ or xl/.
    const names = head.toString('latin1');
    if (names.includes('word/'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return undefined;
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return ext === 'xls' ? 'application/vnd.ms-excel' : 'application/msword';
  }
  if (head.length > 0 && isText(head)) {
    if (ext === 'csv') return 'text/csv';
    if (ext === 'json') return 'application/json';
    return 'text/plain';
  }
  return undefined;
}

/** Valid UTF-8 without NUL or other control bytes (a cut-off character at the end is fine). */
function isText(head: Buffer): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what binary files have
  if (/[\u0000-\u0008\u000e-\u001f]/.test(head.toString('latin1'))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The file name extension Telnyx appends for a content type. */
export function extensionOf(contentType: string): string {
  const map: Record<string, string> = {
    'application/pdf': 'pdf',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'text/csv': 'csv',
    'text/plain': 'txt',
    'application/json': 'json',
    'application/msword': 'doc',
    'application/vnd.ms-excel': 'xls',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  };
  return map[contentType] ?? 'bin';
}
