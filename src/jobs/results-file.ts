import path from 'node:path';
import { Readable } from 'node:stream';

/** The results CSV of a portability check: one row per input row, in input order. */
export const RESULT_HEADER = [
  'row',
  'number',
  'e164',
  'country',
  'number_type',
  'portable',
  'fast_portable',
  'not_portable_reason',
  'error',
  'duplicate_of_row',
] as const;

export interface ResultRow {
  /** The input row (1 = the file's first line). */
  row: number;
  /** The cell as written. */
  number: string;
  e164: string;
  country: string;
  number_type: string;
  /** undefined: not checked (invalid, or refused by the API). */
  portable?: boolean;
  fast_portable?: boolean;
  not_portable_reason: string;
  /** Why the row was not checked: unreadable as a number, or refused by the API. */
  error: string;
  /** Same number as this earlier row (checked once, its result repeated). */
  duplicate_of?: number;
}

/** `numbers.csv` -> `numbers.results.csv`: the same call finds its results (and checkpoint) again. */
export function resultsName(inputName: string): string {
  const base = path.basename(inputName).replace(/\.(csv|txt|tsv)$/i, '');
  return `${base}.results.csv`;
}

/** The job's own state next to the results (input fingerprint, settings): `numbers.results.job.json`. */
export const stateName = (resultsFile: string) => resultsFile.replace(/\.csv$/, '.job.json');

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a leading ' (OWASP's advice
 * for CSV exports): the results file quotes the input and the API's reasons.
 */
export const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const flag = (b: boolean | undefined) => (b === undefined ? '' : String(b));

export function toCells(r: ResultRow): string[] {
  return [
    String(r.row),
    inert(r.number),
    r.e164,
    r.country,
    r.number_type,
    flag(r.portable),
    flag(r.fast_portable),
    inert(r.not_portable_reason),
    inert(r.error),
    r.duplicate_of === undefined ? '' : String(r.duplicate_of),
  ];
}

const unflag = (s: string | undefined) => (s === 'true' ? true : s === 'false' ? false : undefined);
const uninert = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/** One results row back from its cells, or undefined when they are not ours. */
export function fromCells(cells: readonly string[]): ResultRow | undefined {
  if (cells.length !== RESULT_HEADER.length) return undefined;
  const [row, number, e164, country, type, portable, fast, reason, error, duplicate] = cells as string[];
  const n = Number(row);
  if (!Number.isInteger(n) || n < 1) return undefined;
  if (portable && unflag(portable) === undefined) return undefined;
  return {
    row: n,
    number: uninert(number ?? ''),
    e164: e164 ?? '',
    country: country ?? '',
    number_type: type ?? '',
    portable: unflag(portable),
    fast_portable: unflag(fast),
    not_portable_reason: uninert(reason ?? ''),
    error: uninert(error ?? ''),
    duplicate_of: duplicate ? Number(duplicate) : undefined,
  };
}

/** Rows as CSV text (no header). */
export async function rowsToCsv(rows: readonly ResultRow[]): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  return rows.length ? stringify(rows.map(toCells), { record_delimiter: 'unix' }) : '';
}

export const headerLine = () => `${RESULT_HEADER.join(',')}\n`;

/**
 * Reads results back (streamed), checking they are ours and in order: the header, then rows with
 * increasing row numbers. Throws `NotOurs` at the first line that is not.
 */
export async function* readResults(
  bytes: AsyncIterable<Buffer> | Iterable<Buffer>,
): AsyncGenerator<ResultRow> {
  const { parse } = await import('csv-parse');
  const parser = Readable.from(bytes).pipe(
    parse({ bom: true, relax_column_count: true, max_record_size: 64 * 1024 }),
  );
  let last = 0;
  let first = true;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (first) {
        first = false;
        if (cells.join(',') !== RESULT_HEADER.join(',')) throw new NotOurs('the header is not ours');
        continue;
      }
      const row = fromCells(cells);
      if (!row || row.row <= last) throw new NotOurs(`a row after ${last} is not as this server wrote it`);
      last = row.row;
      yield row;
    }
  } catch (error) {
    if (error instanceof NotOurs) throw error;
    throw new NotOurs((error as Error).message);
  } finally {
    parser.destroy();
  }
}

export class NotOurs extends Error {}
