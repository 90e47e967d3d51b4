import type { FileHandle } from 'node:fs/promises';

const CHUNK = 1024 * 1024;

const longest = (needles: readonly Buffer[]) => Math.max(0, ...needles.map((n) => n.length));

/** Whether the first `size` bytes of an open file contain any needle, split across reads or not. */
export async function fileContains(
  handle: FileHandle,
  size: number,
  needles: readonly Buffer[],
): Promise<boolean> {
  if (!needles.length) return false;
  const keep = longest(needles) - 1;
  const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(1, size)));
  let carry = Buffer.alloc(0);
  for (let at = 0; at < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - at), at);
    if (!bytesRead) break;
    at += bytesRead;
    const view = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
    if (needles.some((n) => view.includes(n))) return true;
    carry = Buffer.from(view.subarray(Math.max(0, view.length - keep)));
  }
  return false;
}

/**
 * Passes a byte stream on, but never a byte of a needle: the last bytes of every chunk are held back
 * until the next shows they start no needle, and the stream fails (with `fail()`) before the chunk
 * that completes one. A file changed after it was scanned still cannot carry a needle out.
 */
export async function* withoutNeedles(
  source: AsyncIterable<Buffer>,
  needles: readonly Buffer[],
  fail: () => Error,
): AsyncIterable<Buffer> {
  if (!needles.length) return yield* source;
  const keep = longest(needles) - 1;
  let carry = Buffer.alloc(0);
  for await (const chunk of source) {
    const view = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (needles.some((n) => view.includes(n))) throw fail();
    const cut = Math.max(0, view.length - keep);
    if (cut > 0) yield view.subarray(0, cut);
    carry = Buffer.from(view.subarray(cut));
  }
  if (carry.length) yield carry;
}
