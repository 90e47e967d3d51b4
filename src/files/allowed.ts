import { constants } from 'node:fs';
import { type FileHandle, open, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ACCEPTED, HEAD_BYTES, MAX_DOCUMENT_BYTES, sniff } from './sniff.js';

/** A local file that passed every check, held open so what was checked is what is sent. */
export interface LocalFile {
  handle: FileHandle;
  filename: string;
  contentType: string;
  size: number;
}

export const HOW_TO_ALLOW =
  'Reading local files is off: allow a folder with --files-dir DIR or TELNYX_PORTING_FILES_DIR (Claude Desktop: the "Folders for uploads" setting) and restart the server, or upload with url or content instead.';

const expand = (p: string) =>
  p === '~' || p.startsWith(`~${path.sep}`) || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;

/** The allowed directories as real paths (a directory that does not exist allows nothing). */
export async function resolveDirs(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    try {
      out.push(await realpath(path.resolve(expand(dir))));
    } catch {
      // skipped: named in no message as allowed
    }
  }
  return out;
}

const inside = (file: string, dir: string) => {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/**
 * Opens `requested` for upload only if its real path (symlinks resolved) lies inside an allowed
 * directory, it is a regular file of at most 20 MB, and its bytes are a type the API accepts.
 * Returns the reason otherwise; nothing has been read beyond the first bytes then.
 */
export async function openAllowed(
  requested: string,
  allowed: readonly string[],
): Promise<LocalFile | string> {
  const dirs = await resolveDirs(allowed);
  if (!dirs.length) return HOW_TO_ALLOW;
  const where = `Allowed directories: ${dirs.join(', ')}.`;
  const refuse = (why: string) => `${why} ${where}`;
  if (requested.split(/[\\/]/).includes('..')) return refuse(`path ${requested} contains "..".`);
  const absolute = path.resolve(dirs[0] ?? '', expand(requested));
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    return refuse(`${requested} does not exist.`);
  }
  if (!dirs.some((d) => inside(real, d))) return refuse(`${requested} is outside the allowed directories.`);
  const info = await stat(real);
  if (!info.isFile()) return refuse(`${requested} is not a regular file.`);
  if (info.size > MAX_DOCUMENT_BYTES)
    return refuse(`${requested} is ${info.size} bytes; the limit is 20 MB.`);
  // O_NOFOLLOW and O_NONBLOCK: a path swapped for a symlink or a FIFO since the checks cannot block or escape.
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return refuse(`${requested} cannot be opened.`);
  }
  const opened = await handle.stat();
  if (!opened.isFile() || opened.size > MAX_DOCUMENT_BYTES) {
    await handle.close();
    return refuse(`${requested} changed while it was checked.`);
  }
  const head = Buffer.alloc(Math.min(HEAD_BYTES, opened.size));
  await handle.read(head, 0, head.length, 0);
  const filename = path.basename(real);
  const contentType = sniff(head, filename);
  if (!contentType) {
    await handle.close();
    return refuse(
      `${requested} is not a type the Documents API accepts (by its content; accepted: ${ACCEPTED}).`,
    );
  }
  return { handle, filename, contentType, size: opened.size };
}
