import { type LocalFile, openAllowed } from '../files/allowed.js';
import { ACCEPTED, MAX_DOCUMENT_BYTES, sniff } from '../files/sniff.js';

/**
 * Checks the source of an upload before anything is sent: exactly one of path, url, content; a
 * path only inside the allowed directories (src/files/allowed.ts); content decoded and typed by its
 * bytes. Returns the input with the opened file as `local`, or the problems (as "- field: why" lines).
 */
export async function prepareUpload(
  input: Record<string, unknown>,
  filesDirs: readonly string[],
): Promise<{ input: Record<string, unknown>; local?: LocalFile } | { problems: string[] }> {
  const sources = (['path', 'url', 'content'] as const).filter((k) => input[k] !== undefined);
  if (sources.length !== 1) {
    return {
      problems: [`- path, url, content: give exactly one of them (got ${sources.join(', ') || 'none'})`],
    };
  }
  if (typeof input.url === 'string') {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(input.url).protocol);
    } catch {}
    return ok ? { input } : { problems: ['- url: must be an http(s) URL the Telnyx service can fetch'] };
  }
  if (typeof input.content === 'string') {
    const filename = typeof input.filename === 'string' ? input.filename : '';
    if (!filename) return { problems: ['- filename: required with content, e.g. "loa.pdf"'] };
    const clean = input.content.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
      return { problems: ['- content: must be base64 (standard alphabet, padded)'] };
    }
    if ((clean.length / 4) * 3 > MAX_DOCUMENT_BYTES + 2) {
      return { problems: ['- content: the file is larger than 20 MB'] };
    }
    const type = sniff(Buffer.from(clean.slice(0, 87_384), 'base64'), filename);
    if (!type)
      return { problems: [`- content: not a type the Documents API accepts (accepted: ${ACCEPTED})`] };
    return { input: { ...input, content: clean } };
  }
  // A file that changes under the checks (removed, swapped) is refused like any other, never thrown.
  const opened = await openAllowed(String(input.path), filesDirs).catch(
    (error: NodeJS.ErrnoException) => `${String(input.path)} could not be read (${error.code ?? 'error'}).`,
  );
  if (typeof opened === 'string') return { problems: [`- path: ${opened}`] };
  return { input, local: opened };
}
