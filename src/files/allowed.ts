import { type BigIntStats, constants } from 'node:fs';
import { type FileHandle, open, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openedPath } from './opened.js';
import { ACCEPTED, HEAD_BYTES, MAX_DOCUMENT_BYTES, sniff } from './sniff.js';

/** A local file that passed every check, held open so what was checked is what is sent. */
export interface LocalFile {
  handle: FileHandle;
  filename: string;
  contentType: string;
  size: number;
  /** Closes the file (and frees whatever its upload held). */
  close(): Promise<void>;
}

export const HOW_TO_ALLOW =
  'Reading local files is off: allow a folder with --files-dir DIR or TELNYX_PORTING_FILES_DIR (Claude Desktop: the "Folders for uploads" setting) and restart the server, or upload with url or content instead.';

/** An allowed folder: as the user wrote it (the only form any message shows), and where it is. */
interface Folder {
  shown: string;
  absolute: string;
  real: string;
}

/** A path whose name passed every check, not opened yet: where it is, what it is, how big. */
export interface Located {
  requested: string;
  real: string;
  size: number;
  dev: bigint;
  ino: bigint;
  folders: Folder[];
}

const expand = (p: string) =>
  p === '~' || p.startsWith(`~${path.sep}`) || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;

/** The configured folders that exist (one that does not allows nothing and is named nowhere). */
async function folders(configured: readonly string[]): Promise<Folder[]> {
  const out: Folder[] = [];
  for (const shown of configured) {
    const absolute = path.resolve(expand(shown));
    try {
      out.push({ shown, absolute, real: await realpath(absolute) });
    } catch {
      // skipped
    }
  }
  return out;
}

const inside = (file: string, dir: string) => {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

const insideAny = (file: string, dirs: readonly Folder[], key: 'absolute' | 'real') =>
  dirs.some((d) => inside(file, d[key]));

const refusal = (dirs: readonly Folder[], why: string) =>
  `${why} Allowed directories: ${dirs.map((d) => d.shown).join(', ')}.`;

/**
 * Checks a requested path by its name, before anything is opened. A path that is not, as written,
 * inside an allowed folder gets the answer a missing file gets, without touching the disk: no answer
 * tells whether something exists outside the folders. Inside, symlinks are resolved and the real path
 * must stay inside; then it must be one regular file of at most 20 MB with a single name (a hard link
 * could give a file outside the folders a name inside them).
 */
export async function locate(requested: string, configured: readonly string[]): Promise<Located | string> {
  const dirs = await folders(configured);
  if (!dirs.length) return HOW_TO_ALLOW;
  const refuse = (why: string) => refusal(dirs, why);
  const missing = refuse(`${requested} does not exist in the allowed directories.`);
  if (requested.split(/[\\/]/).includes('..')) return refuse(`path ${requested} contains "..".`);
  const absolute = path.resolve(dirs[0]?.absolute ?? '', expand(requested));
  if (!insideAny(absolute, dirs, 'absolute') && !insideAny(absolute, dirs, 'real')) return missing;
  let real: string;
  let info: BigIntStats;
  try {
    real = await realpath(absolute);
    if (!insideAny(real, dirs, 'real')) return missing;
    info = await stat(real, { bigint: true });
  } catch {
    return missing;
  }
  if (!info.isFile()) return refuse(`${requested} is not a regular file.`);
  if (info.size > MAX_DOCUMENT_BYTES)
    return refuse(`${requested} is ${info.size} bytes; the limit is 20 MB.`);
  if (info.nlink > 1n) {
    return refuse(
      `${requested} has more than one name (a hard link), so it may live outside the allowed directories; copy the file into one instead.`,
    );
  }
  return { requested, real, size: Number(info.size), dev: info.dev, ino: info.ino, folders: dirs };
}

// Absent on Windows, where the open is checked by what it opened alone.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Opens a located file and checks what was opened, not what was named: the same file as located
 * (device, inode, size, one name), and really inside an allowed folder (src/files/opened.ts), then
 * typed by its first bytes. O_NOFOLLOW and O_NONBLOCK: a last component swapped for a symlink or a FIFO
 * can neither escape nor block.
 */
export async function openLocated(located: Located, fdDir?: string): Promise<LocalFile | string> {
  const { requested, real, folders: dirs } = located;
  const refuse = (why: string) => refusal(dirs, why);
  let handle: FileHandle;
  try {
    handle = await open(real, FLAGS);
  } catch {
    return refuse(`${requested} cannot be opened.`);
  }
  try {
    const opened = await handle.stat({ bigint: true });
    const same =
      opened.isFile() &&
      opened.dev === located.dev &&
      opened.ino === located.ino &&
      opened.nlink === 1n &&
      Number(opened.size) === located.size;
    const where = same ? await openedPath(handle, opened, real, fdDir) : undefined;
    if (!where || !insideAny(where, dirs, 'real')) {
      await handle.close();
      return refuse(`${requested} changed while it was checked; nothing was read.`);
    }
    const head = Buffer.alloc(Math.min(HEAD_BYTES, located.size));
    await handle.read(head, 0, head.length, 0);
    const contentType = sniff(head, path.basename(real));
    if (!contentType) {
      await handle.close();
      return refuse(
        `${requested} is not a type the Documents API accepts (by its content; accepted: ${ACCEPTED}).`,
      );
    }
    return {
      handle,
      filename: path.basename(real),
      contentType,
      size: located.size,
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
