import { looksLikePhone } from './phone-cells.js';
import { JobError } from './workflow.js';

/** Where the numbers (and their countries) are in a file, as found from its first rows. */
export interface Layout {
  /** The first row holds names, not numbers. */
  header: boolean;
  /** 0-based. */
  numberColumn: number;
  countryColumn?: number;
  /** How the answer names them: `"Phone" (column 2)`. */
  numberLabel: string;
  countryLabel?: string;
}

// Header names that say "phone number": strong ones outrank a plain "number" (account numbers...).
const STRONG = /phone|tel|mobile|cell|msisdn|\bdid\b|e\.?164|^tn$/i;
const WEAK = /number|\bnum\b|\bno\b/i;
const COUNTRY = /^(country|country[ _-]?code|iso|iso[ _-]?country|cc)$/i;

const label = (header: readonly string[] | undefined, i: number) =>
  header?.[i]?.trim() ? `"${header[i]?.trim().slice(0, 40)}" (column ${i + 1})` : `column ${i + 1}`;

const listHeaders = (header: readonly string[]) =>
  header
    .slice(0, 20)
    .map((h, i) => `${i + 1}: ${h.trim().slice(0, 40) || '(blank)'}`)
    .join(', ');

/**
 * The header and the columns to read, from the first records (blank ones left out): the column asked
 * for (by header name or 1-based number), or the one column that holds phone numbers. A country
 * column is taken when asked for, or when a column is named like one and holds 2-letter codes.
 * Refuses with the headers found when it cannot tell.
 */
export function chooseLayout(
  first: readonly string[][],
  ask: { column?: string; country_column?: string },
): Layout {
  const [top = []] = first;
  const header = top.some((c) => c.trim() !== '') && !top.some(looksLikePhone);
  const names = header ? top : undefined;
  const data = header ? first.slice(1) : first;
  const width = Math.max(0, ...first.map((r) => r.length));

  const resolve = (spec: string, what: string): number => {
    const wanted = spec.trim();
    if (/^\d{1,4}$/.test(wanted)) {
      const i = Number(wanted) - 1;
      if (i < 0 || i >= width) throw new JobError(`${what} ${wanted}: the file has ${width} column(s).`);
      return i;
    }
    const i = names?.findIndex((h) => h.trim().toLowerCase() === wanted.toLowerCase()) ?? -1;
    if (i < 0) {
      throw new JobError(
        names
          ? `${what} "${wanted.slice(0, 60)}" is not a header of the file; headers: ${listHeaders(names)}.`
          : `${what} "${wanted.slice(0, 60)}": the file has no header row; give the column's number (1 = first).`,
      );
    }
    return i;
  };

  let numberColumn: number;
  if (ask.column !== undefined) numberColumn = resolve(ask.column, 'column');
  else {
    const scores = Array.from({ length: width }, (_, i) => {
      const cells = data.map((r) => r[i] ?? '').filter((c) => c.trim() !== '');
      const phones = cells.filter(looksLikePhone).length;
      return { i, phones, share: cells.length ? phones / cells.length : 0 };
    });
    const candidates = scores.filter((s) => s.phones > 0 && s.share >= 0.5);
    if (candidates.length === 0) {
      throw new JobError(
        names
          ? `No column of phone numbers found; headers: ${listHeaders(names)}. Pass column (a header or its number).`
          : `No column of phone numbers found in the first ${data.length} rows. Pass column (1 = first).`,
      );
    }
    const named = (re: RegExp) => candidates.filter((s) => re.test(names?.[s.i] ?? ''));
    const pick =
      candidates.length === 1
        ? candidates
        : named(STRONG).length === 1
          ? named(STRONG)
          : named(WEAK).length === 1
            ? named(WEAK)
            : candidates;
    if (pick.length !== 1) {
      throw new JobError(
        `Several columns hold phone numbers: ${pick
          .slice(0, 10)
          .map((s) => label(names, s.i))
          .join(', ')}. Pass column (a header or its number).`,
      );
    }
    numberColumn = (pick[0] as { i: number }).i;
  }

  let countryColumn: number | undefined;
  if (ask.country_column !== undefined) countryColumn = resolve(ask.country_column, 'country_column');
  else if (names) {
    const i = names.findIndex((h, i) => i !== numberColumn && COUNTRY.test(h.trim()));
    const cells = i >= 0 ? data.map((r) => (r[i] ?? '').trim()).filter(Boolean) : [];
    if (cells.length && cells.filter((c) => /^[a-z]{2}$/i.test(c)).length / cells.length >= 0.8)
      countryColumn = i;
  }
  if (countryColumn === numberColumn) {
    throw new JobError('column and country_column name the same column.');
  }
  return {
    header,
    numberColumn,
    countryColumn,
    numberLabel: label(names, numberColumn),
    countryLabel: countryColumn === undefined ? undefined : label(names, countryColumn),
  };
}
