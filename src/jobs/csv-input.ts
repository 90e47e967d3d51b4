import type { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openInside } from '../files/allowed.js';
import { HEAD_BYTES, sniff } from '../files/sniff.js';
import { JobError } from './workflow.js';

/** Largest spreadsheet read: 100,000 rows of a wide export fit; anything larger is refused before reading. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** Most data rows one file may have; more is refused before any request. */
export const MAX_ROWS = 100_000;
/** Longest row (characters): a longer one is not a row of a phone list. */
const MAX_RECORD_CHARS = 64 * 1024;

export const HOW_TO_ALLOW_FILES =
  'Reading local files is off: allow the folder holding the CSV with --files-dir DIR or TELNYX_PORTING_FILES_DIR (Claude Desktop: "Folders for uploads") and restart the server.';

export type Encoding = 'utf8' | 'latin1' | 'utf16le';

/** A CSV file inside an allowed folder, open, with what its first bytes say about how to read it. */
export interface CsvInput {
  handle: FileHandle;
  /** As the caller named it. */
  requested: string;
  real: string;
  name: string;
  size: number;
  mtimeMs: number;
  encoding: Encoding;
  delimiter: string;
}

const DOCUMENT_KINDS: Record<string, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'an image (PNG)',
  'image/jpeg': 'an image (JPEG)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook (.xlsx)',
  'application/vnd.ms-excel': 'an Excel 97-2003 workbook (.xls)',
  'application/msword': 'a Word document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
};

/** How to read a file from its first bytes, or why it is not a CSV. */
export function textEncoding(head: Buffer, name: string): Encoding | string {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
    return 'is UTF-16 big-endian text; save it as "CSV UTF-8" and pass that file';
  }
  const type = sniff(head, name);
  const kind = type ? DOCUMENT_KINDS[type] : undefined;
  if (kind) return `is ${kind}, not a CSV; open it and save it as "CSV UTF-8", then pass the .csv file`;
  if (type) return 'utf8';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'is a zip archive, not a CSV; save the list as CSV';
  // Not UTF-8 but no control bytes: an older spreadsheet's export in a Windows code page.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what binary files have
  if (!/[\u0000-\u0008\u000e-\u001f]/.test(head.toString('latin1'))) return 'latin1';
  return 'is not a text file; save it as CSV';
}

const CANDIDATES = ['\t', ';', ',', '|'] as const;

/**
 * The field separator, from the first lines: the first of tab, `;`, `,`, `|` that appears the same
 * number of times (at least once) on at least 4 of 5 lines, outside quotes. Tab and `;` come first:
 * where they separate fields, commas are often decimal marks. None: `,` (a one-column file).
 */
export function detectDelimiter(text: string): string {
  const lines = text
    .split('\n')
    .slice(0, 50)
    .filter((l) => l.trim() !== '');
  // The last line may be cut off mid-way by the head's end.
  if (lines.length > 1) lines.pop();
  if (lines.length === 0) return ',';
  for (const candidate of CANDIDATES) {
    const counts = lines.map((line) => {
      let n = 0;
      let quoted = false;
      for (const c of line) {
        if (c === '"') quoted = !quoted;
        else if (c === candidate && !quoted) n++;
      }
      return n;
    });
    const tally = new Map<number, number>();
    for (const n of counts) tally.set(n, (tally.get(n) ?? 0) + 1);
    const [mode, times] = [...tally].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    if (mode > 0 && times / lines.length >= 0.8) return candidate;
  }
  return ',';
}

/**
 * Opens a CSV for a job: confined to the allowed folders like uploads (real path inside, regular file,
 * no symlink at open), at most 64 MB, and text: a workbook, PDF or binary file is refused with what to do.
 */
export async function openCsv(requested: string, dirs: readonly string[]): Promise<CsvInput> {
  const found = await openInside(requested, dirs, MAX_INPUT_BYTES, HOW_TO_ALLOW_FILES);
  if (typeof found === 'string') throw new JobError(found);
  const { handle, real, size, mtimeMs } = found;
  const name = path.basename(real);
  try {
    if (size === 0) throw new JobError(`${requested} is empty.`);
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const encoding = textEncoding(head, name);
    if (encoding !== 'utf8' && encoding !== 'latin1' && encoding !== 'utf16le') {
      throw new JobError(`${requested} ${encoding}.`);
    }
    const text = head.toString(encoding === 'utf16le' ? 'utf16le' : encoding).replace(/^\uFEFF/, '');
    return { handle, requested, real, name, size, mtimeMs, encoding, delimiter: detectDelimiter(text) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The file's bytes from the start, read through the open handle (what was checked is what is read). */
export async function* bytesOf(handle: FileHandle, hash?: ReturnType<typeof createHash>) {
  for (let position = 0; ; ) {
    const buffer = Buffer.allocUnsafe(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    const bytes = buffer.subarray(0, bytesRead);
    hash?.update(bytes);
    yield bytes;
  }
}

export interface CsvRecord {
  /** The row as a spreadsheet shows it: 1 is the first line, blank lines count. */
  row: number;
  cells: string[];
}

export const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Every record of the file, blank ones included (they keep the row numbers a spreadsheet shows),
 * streamed through csv-parse: quoted fields, a BOM, uneven rows and stray quotes are all read.
 * A fault that makes the rest unreadable (a quote never closed) is a JobError naming the row.
 */
export async function* readRecords(
  input: CsvInput,
  hash?: ReturnType<typeof createHash>,
): AsyncGenerator<CsvRecord> {
  const { parse } = await import('csv-parse');
  const parser = Readable.from(bytesOf(input.handle, hash)).pipe(
    parse({
      bom: true,
      delimiter: input.delimiter,
      encoding: input.encoding,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
  // Blank lines are records too (not skipped), so the count is the row a spreadsheet shows.
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { row: ++row, cells: record };
    }
  } catch (error) {
    throw csvError(error, input.requested);
  } finally {
    parser.destroy();
  }
}

function csvError(error: unknown, name: string): Error {
  const e = error as { code?: string; records?: number; lines?: number; message?: string };
  if (!e?.code?.startsWith('CSV_')) return error as Error;
  const row = (e.records ?? 0) + 1;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new JobError(
      `${name}: a quote (") opened at row ${row} is never closed; fix the file and try again.`,
    );
  }
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new JobError(
      `${name}: row ${row} is longer than ${MAX_RECORD_CHARS} characters; is it a CSV of numbers?`,
    );
  }
  return new JobError(`${name} cannot be read as CSV near row ${row} (${e.message?.slice(0, 200)}).`);
}
