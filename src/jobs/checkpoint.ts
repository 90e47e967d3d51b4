import { type FileHandle, realpath, unlink } from 'node:fs/promises';
import path from 'node:path';
import { openOwnFile } from '../files/output.js';
import { bytesOf } from './csv-input.js';
import { isOurCsv, type Location } from './csv-out.js';
import {
  headerLine,
  RESULT_HEADER,
  type ResultRow,
  readResults,
  rowsToCsv,
  stateName,
} from './results-file.js';
import { resourceLocation } from './results-parts.js';
import { ResultsStore } from './results-store.js';
import { JobError, outputFolderSetting } from './workflow.js';

/** What a job keeps beside its results: which input (and how it was read) they belong to. */
export interface JobState {
  telnyx_porting_job: 'portability_check_file';
  version: 1;
  /** The input's real path, size, mtime and sha256: a changed input starts over. */
  input: string;
  size: number;
  mtime_ms: number;
  sha256: string;
  /** Columns, country and API (sandbox or not) the results were made with. */
  settings: string;
  /** Data rows in the input, and whether every one has its result. */
  rows: number;
  done: boolean;
  /**
   * Answers the API gave for numbers past the written rows (a chunk answered while an earlier one
   * was cut short by the time or a 429): the next call uses them instead of asking again.
   */
  pending?: Record<string, PendingAnswer>;
}

/** What the API said of one number, as kept in `pending`. */
export type PendingAnswer = Pick<ResultRow, 'portable' | 'fast_portable' | 'not_portable_reason' | 'error'>;

// An empty file at our name is one we created and did not get to write (nothing of anyone's is lost).
const isOurState = (head: string) => head === '' || head.startsWith('{"telnyx_porting_job":');
const isOurResults = (head: string) => head === '' || isOurCsv(head, RESULT_HEADER);

/**
 * The results of one input, read back and appended to in input order: a results file (and its state
 * beside it) in the output folder, or a resource of this process. Rows 1..k written = rows 1..k done.
 */
export interface Checkpoint {
  location: Location;
  /** The state found (undefined: a new job). */
  state?: JobState;
  /** The rows already there. Throws NotOurs when they are not as this server wrote them. */
  rows(): AsyncGenerator<ResultRow>;
  /** Empties the results (header only) and records a new state. */
  restart(state: JobState): Promise<void>;
  append(rows: readonly ResultRow[]): Promise<void>;
  saveState(state: JobState): Promise<void>;
  close(): Promise<void>;
}

export async function openCheckpoint(
  outputDir: string | undefined,
  store: ResultsStore,
  name: string,
  /** Config.install: the too-large hint names the right setting. */
  install?: string,
): Promise<Checkpoint> {
  return outputDir ? openFileCheckpoint(outputDir, name) : memoryCheckpoint(store, name, install);
}

async function own(dir: string, name: string, isOurs: (head: string) => boolean) {
  const file = await openOwnFile(dir, name, isOurs);
  if (typeof file === 'string') throw new JobError(`Cannot keep the results: ${file}`);
  return file;
}

async function replace(handle: FileHandle, text: string) {
  await handle.truncate(0);
  await handle.write(text, 0, 'utf8');
}

async function openFileCheckpoint(dir: string, name: string): Promise<Checkpoint> {
  const results = await own(dir, name, isOurResults);
  let stateFile: Awaited<ReturnType<typeof own>>;
  try {
    stateFile = await own(dir, stateName(name), isOurState);
  } catch (error) {
    await results.handle.close();
    // Only the empty file just made is removed: a refused state name leaves no trace of ours.
    if (results.created) await unlink(path.join(await realpath(dir), name)).catch(() => {});
    throw error;
  }
  let state: JobState | undefined;
  if (!stateFile.created && !results.created) {
    try {
      const text = (await stateFile.handle.readFile()).toString('utf8');
      state = JSON.parse(text) as JobState;
    } catch {
      state = undefined;
    }
  }
  let size = (await results.handle.stat()).size;
  if (state) size = await repairTail(results.handle, size);
  return {
    location: { path: results.shown },
    state,
    rows: () => readResults(bytesOf(results.handle)),
    async restart(next) {
      await replace(stateFile.handle, JSON.stringify(next));
      await replace(results.handle, headerLine());
      size = Buffer.byteLength(headerLine());
    },
    async append(rows) {
      const text = Buffer.from(await rowsToCsv(rows), 'utf8');
      if (text.length === 0) return;
      await results.handle.write(text, 0, text.length, size);
      size += text.length;
    },
    saveState: (next) => replace(stateFile.handle, JSON.stringify(next)),
    async close() {
      await results.handle.close();
      await stateFile.handle.close();
    },
  };
}

/**
 * A results file cut off mid-line (the process stopped while writing) loses its last partial line:
 * every row left is whole. Returns the new size.
 */
async function repairTail(handle: FileHandle, size: number): Promise<number> {
  if (size === 0) return 0;
  const tail = Buffer.alloc(Math.min(size, 64 * 1024));
  await handle.read(tail, 0, tail.length, size - tail.length);
  if (tail[tail.length - 1] === 0x0a) return size;
  const cut = tail.lastIndexOf(0x0a);
  const keep = cut < 0 ? 0 : size - tail.length + cut + 1;
  await handle.truncate(keep);
  return keep;
}

/**
 * No output folder: the results are a resource of this process (ResultsStore), kept with their state.
 * Stored when the state is saved (before the answer, which names its parts) and on close.
 */
function memoryCheckpoint(store: ResultsStore, name: string, install?: string): Checkpoint {
  const uri = ResultsStore.uriFor(name);
  const found = store.get(uri);
  const state = found?.state as JobState | undefined;
  let parts: Buffer[] = found && state ? [found.bytes] : [];
  let current = state;
  let bytes = found?.bytes.length ?? 0;
  let dirty = false;
  const save = () => {
    const stored = store.put({
      name,
      title: `Portability results: ${name}`,
      mimeType: 'text/csv',
      bytes: parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts),
      state: current as unknown as Record<string, unknown>,
    });
    if (!stored) {
      throw new JobError(
        `The results (${bytes} bytes) are too large to keep in memory; allow an output folder (${outputFolderSetting(install)}) to write them to a file.`,
      );
    }
    // One buffer from now on: appends add to it, and the stored copy is not copied again.
    parts = [stored.bytes];
    dirty = false;
  };
  return {
    get location() {
      return resourceLocation(uri, store.get(uri)?.bytes);
    },
    state,
    rows: () => readResults(parts),
    async restart(next) {
      current = next;
      parts = [Buffer.from(headerLine())];
      bytes = parts[0]?.length ?? 0;
      dirty = true;
    },
    async append(rows) {
      const text = Buffer.from(await rowsToCsv(rows), 'utf8');
      parts.push(text);
      bytes += text.length;
      dirty = true;
      if (bytes > store.maxBytes) save();
    },
    async saveState(next) {
      current = next;
      save();
    },
    async close() {
      if (current && dirty) save();
    },
  };
}
