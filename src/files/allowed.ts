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

/** A regular file inside an allowed directory, opened (not followed through a symlink) and checked. */
export interface InsideFile {
  handle: FileHandle;
  /** Its real path (symlinks resolved). */
  real: string;
  size: number;
  mtimeMs: number;
  /** The allowed directories as real paths, for messages. */
  dirs: string[];
}

/**
 * Opens `requested` for reading only if its real path (symlinks resolved) lies inside an allowed
 * directory and it is a regular file of at most `maxBytes`; the opened handle is checked again, so
 * what was checked is what is read. Returns the reason otherwise (`howToAllow` when no folder is allowed).
 */
export async function openInside(
  requested: string,
  allowed: readonly string[],
  maxBytes: number,
  howToAllow = HOW_TO_ALLOW,
): Promise<InsideFile | string> {
  const dirs = await resolveDirs(allowed);
  if (!dirs.length) return howToAllow;
  const where = `Allowed directories: ${dirs.join(', ')}.`;
  const refuse = (why: string) => `${why} ${where}`;
  const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;
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
  if (info.size > maxBytes) return refuse(`${requested} is ${info.size} bytes; the limit is ${limit}.`);
  // O_NOFOLLOW and O_NONBLOCK: a path swapped for a symlink or a FIFO since the checks cannot block or escape.
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return refuse(`${requested} cannot be opened.`);
  }
  const opened = await handle.stat();
  if (!opened.isFile() || opened.size > maxBytes || opened.ino !== info.ino || opened.dev !== info.dev) {
    await handle.close();
    return refuse(`${requested} changed while it was checked.`);
  }
  return { handle, real, size: opened.size, mtimeMs: opened.mtimeMs, dirs };
}

/**
 * Opens `requested` for upload only if it passes openInside (at most 20 MB) and its bytes are a type
 * the API accepts. Returns the reason otherwise; nothing has been read beyond the first bytes then.
 */
export async function openAllowed(
  requested: string,
  allowed: readonly string[],
): Promise<LocalFile | string> {
  const found = await openInside(requested, allowed, MAX_DOCUMENT_BYTES);
  if (typeof found === 'string') return found;
  const { handle, real, size, dirs } = found;
  const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
  await handle.read(head, 0, head.length, 0);
  const filename = path.basename(real);
  const contentType = sniff(head, filename);
  if (!contentType) {
    await handle.close();
    return `${requested} is not a type the Documents API accepts (by its content; accepted: ${ACCEPTED}). Allowed directories: ${dirs.join(', ')}.`;
  }
  return { handle, filename, contentType, size };
}
