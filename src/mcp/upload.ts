import { type LocalFile, locate, openLocated } from '../files/allowed.js';
import { fileContains } from '../files/secret-scan.js';
import { ACCEPTED, MAX_DOCUMENT_BYTES, sniff } from '../files/sniff.js';
import { BUSY, uploadSlots } from '../files/upload-slots.js';
import type { Budget } from '../telnyx/budget.js';
import { TelnyxError } from '../telnyx/errors.js';

export const KEY_IN_FILE =
  'the file contains the Telnyx API key, so it is not uploaded; remove the key from it first';

export interface UploadContext {
  /** Charged with the file's bytes before it is opened (per call, and per HTTP request when set). */
  budget: Budget;
  signal?: AbortSignal;
  /** Byte strings no upload may carry (the API key). */
  needles: readonly Buffer[];
}

export type PreparedUpload =
  | { input: Record<string, unknown>; local?: LocalFile }
  /** Bad arguments, as "- field: why" lines. */
  | { problems: string[] }
  /** Well-formed, but not done now (a limit, a busy server): a sentence for the model. */
  | { refusal: string };

const charge = (budget: Budget, bytes: number): string | undefined => {
  try {
    budget.upload(bytes);
    return undefined;
  } catch (error) {
    if (error instanceof TelnyxError) return `${error.message}. Nothing was sent to Telnyx.`;
    throw error;
  }
};

/**
 * Checks the source of an upload before anything is sent: exactly one of path, url, content; a
 * path only inside the allowed directories (src/files/allowed.ts), opened only once the call holds
 * one of the process's upload slots and its bytes fit the budget; content decoded and typed by its
 * bytes. No upload may carry the API key. Returns the input with the opened file as `local` (its
 * `close` also frees the slot), the problems, or a refusal.
 */
export async function prepareUpload(
  input: Record<string, unknown>,
  filesDirs: readonly string[],
  context: UploadContext,
): Promise<PreparedUpload> {
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
    const bytes = Buffer.from(clean, 'base64');
    if (context.needles.some((n) => bytes.includes(n))) return { problems: [`- content: ${KEY_IN_FILE}`] };
    const over = charge(context.budget, bytes.length);
    if (over) return { refusal: over };
    return { input: { ...input, content: clean } };
  }
  const requested = String(input.path);
  // A file that changes under the checks (removed, swapped) is refused like any other, never thrown.
  const failed = (error: NodeJS.ErrnoException) =>
    `${requested} could not be read (${error.code ?? 'error'}).`;
  const located = await locate(requested, filesDirs).catch(failed);
  if (typeof located === 'string') return { problems: [`- path: ${located}`] };
  const over = charge(context.budget, located.size);
  if (over) return { refusal: over };
  const release = await uploadSlots.acquire(context.signal);
  if (!release) return { refusal: BUSY };
  let opened: LocalFile | string;
  try {
    opened = await openLocated(located).catch(failed);
    if (typeof opened !== 'string') {
      const file = opened;
      const refused = await fileContains(file.handle, file.size, context.needles).then(
        (hasKey) => (hasKey ? `${requested}: ${KEY_IN_FILE}.` : undefined),
        failed,
      );
      if (refused) {
        await file.close();
        opened = refused;
      }
    }
  } catch (error) {
    release();
    throw error;
  }
  if (typeof opened === 'string') {
    release();
    return { problems: [`- path: ${opened}`] };
  }
  const close = opened.close;
  const local: LocalFile = {
    ...opened,
    close: async () => {
      try {
        await close();
      } finally {
        release();
      }
    },
  };
  return { input, local };
}
