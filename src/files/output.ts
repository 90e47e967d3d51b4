import { constants } from 'node:fs';
import { type FileHandle, lstat, open, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A results file in the output folder, open for the job that owns it. */
export interface OwnFile {
  handle: FileHandle;
  /** As the user would write it: the folder as configured, then the file name. */
  shown: string;
  /** False when the file was there already (a job continuing, or a finished one's results). */
  created: boolean;
}

const expand = (p: string) =>
  p === '~' || p.startsWith(`~${path.sep}`) || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;

/** A plain file name: no folder part, no `..`, no control characters, not hidden, at most 200 characters. */
export function safeFileName(name: string): boolean {
  if (!name || name.length > 200 || name.startsWith('.')) return false;
  for (const c of name) {
    const code = c.charCodeAt(0);
    if (code < 32 || code === 127 || c === '/' || c === '\\' || c === ':') return false;
  }
  return true;
}

/**
 * Opens `name` in the output folder for writing, never anywhere else and never someone else's file:
 * the name has no folder part, a symlink or a multiply-linked file at that name is refused, and an
 * existing file is taken only when `isOurs` recognises its first bytes (this server's own results).
 * Returns the refusal as text otherwise.
 */
export async function openOwnFile(
  dir: string,
  name: string,
  isOurs: (head: string) => boolean,
): Promise<OwnFile | string> {
  const shown = path.join(dir, name);
  if (!safeFileName(name)) return `${name} is not a plain file name.`;
  let real: string;
  try {
    real = await realpath(path.resolve(expand(dir)));
  } catch {
    return `the output folder ${dir} does not exist any more.`;
  }
  const target = path.join(real, name);
  const flags = constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let before: Awaited<ReturnType<typeof lstat>> | undefined;
  try {
    before = await lstat(target);
  } catch {
    before = undefined;
  }
  if (!before) {
    try {
      const handle = await open(
        target,
        constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | flags,
        0o644,
      );
      return { handle, shown, created: true };
    } catch (error) {
      return `${shown} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'}).`;
    }
  }
  if (!before.isFile() || before.nlink > 1) {
    return `${shown} exists and is not a results file of this server; move it away or name another file.`;
  }
  let handle: FileHandle;
  try {
    handle = await open(target, constants.O_RDWR | flags);
  } catch (error) {
    return `${shown} cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}).`;
  }
  // What was opened must be what was checked: a swap between lstat and open is refused.
  const opened = await handle.stat();
  const head = Buffer.alloc(Math.min(4096, opened.size));
  if (head.length) await handle.read(head, 0, head.length, 0);
  if (
    opened.ino !== before.ino ||
    opened.dev !== before.dev ||
    opened.nlink > 1 ||
    !isOurs(head.toString('utf8'))
  ) {
    await handle.close();
    return `${shown} exists and is not a results file of this server; move it away or name another file.`;
  }
  return { handle, shown, created: false };
}
