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
 * must stay inside; then it must be one regular file of at most `maxBytes` (20 MB: a document) with a
 * single name (a hard link could give a file outside the folders a name inside them).
 */
export async function locate(
  requested: string,
  configured: readonly string[],
  maxBytes = MAX_DOCUMENT_BYTES,
  howToAllow = HOW_TO_ALLOW,
): Promise<Located | string> {
  const dirs = await folders(configured);
  if (!dirs.length) return howToAllow;
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
  if (info.size > BigInt(maxBytes))
    return refuse(
      `${requested} is ${info.size} bytes; the limit is ${Math.round(maxBytes / 1024 / 1024)} MB.`,
    );
  if (info.nlink > 1n) {
    return refuse(
      `${requested} has more than one name (a hard link), so it may live outside the allowed directories; copy the file into one instead.`,
    );
  }
  return { requested, real, size: Number(info.size), dev: info.dev, ino: info.ino, folders: dirs };
}

// Absent on Windows, where the open is checked by what it opened alone.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A located file, opened and checked: the one that was located, and really inside an allowed folder. */
export interface InsideFile {
  handle: FileHandle;
  /** Its real path (symlinks resolved). */
  real: string;
  size: number;
  mtimeMs: number;
}

/**
 * Opens a located file and checks what was opened, not what was named: the same file as located
 * (device, inode, size, one name), and really inside an allowed folder (src/files/opened.ts).
 * O_NOFOLLOW and O_NONBLOCK: a last component swapped for a symlink or a FIFO can neither escape nor block.
 */
export async function openChecked(located: Located, fdDir?: string): Promise<InsideFile | string> {
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
    // As a plain stat gives it, so a later stat of the same file compares equal.
    const { mtimeMs } = await handle.stat();
    return { handle, real, size: located.size, mtimeMs };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Opens `requested` for reading under the same rules as an upload (src/files/ confinement, checked
 * after opening), at most `maxBytes`: a spreadsheet, or a job's own state beside its results.
 */
export async function openInside(
  requested: string,
  configured: readonly string[],
  maxBytes: number,
  howToAllow = HOW_TO_ALLOW,
): Promise<InsideFile | string> {
  const located = await locate(requested, configured, maxBytes, howToAllow);
  return typeof located === 'string' ? located : openChecked(located);
}

/** An upload: a located file opened and checked, then typed by its first bytes. */
export async function openLocated(located: Located, fdDir?: string): Promise<LocalFile | string> {
  const opened = await openChecked(located, fdDir);
  if (typeof opened === 'string') return opened;
  const { handle, real } = opened;
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, located.size));
    await handle.read(head, 0, head.length, 0);
    const contentType = sniff(head, path.basename(real));
    if (!contentType) {
      await handle.close();
      return refusal(
        located.folders,
        `${located.requested} is not a type the Documents API accepts (by its content; accepted: ${ACCEPTED}).`,
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
