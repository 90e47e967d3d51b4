import type { BigIntStats } from 'node:fs';
import { type FileHandle, readlink, realpath, stat } from 'node:fs/promises';

/**
 * Where an open file really is, asked of what was opened rather than of the name it was opened by: a
 * folder on the way can be swapped for a symlink between any check of the name and the `open`.
 *
 * Linux: the kernel's own answer, /proc/self/fd/N, names the file the descriptor holds, whatever
 * happened to the path since. Elsewhere (macOS, Windows: no /proc): the path is resolved again and must
 * name the very file that is open (same device and inode), twice over with the same real path, so a
 * swap after the open shows up as a different file or a different path. Returns undefined when the two
 * cannot be tied together.
 */
export async function openedPath(
  handle: FileHandle,
  opened: BigIntStats,
  requested: string,
  /** Where the kernel lists open descriptors; another value exercises the portable check on Linux. */
  fdDir = '/proc/self/fd',
): Promise<string | undefined> {
  const proc = await readlink(`${fdDir}/${handle.fd}`).catch(() => undefined);
  if (proc?.startsWith('/')) return proc;
  try {
    const first = await realpath(requested);
    const now = await stat(first, { bigint: true });
    const again = await realpath(requested);
    return again === first && now.dev === opened.dev && now.ino === opened.ino ? first : undefined;
  } catch {
    return undefined;
  }
}
