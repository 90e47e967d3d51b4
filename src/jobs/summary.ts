import type { ResultRow } from './results-file.js';
import { MAX_JOB_ANSWER } from './workflow.js';

/** Example rows kept per group (the answer may show fewer to stay in size). */
const EXAMPLES = 10;
/** Distinct reasons, countries and types counted one by one; the rest are counted as "other". */
const MAX_KEYS = 200;
const OTHER = '(other)';

interface Counts {
  portable: number;
  fast_portable: number;
  not_portable: number;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

class Group {
  count = 0;
  readonly examples: string[] = [];
  add(example: string) {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(example);
  }
}

/** A map that stops growing at MAX_KEYS: later new keys share one "(other)" entry. */
class Bounded<T> {
  readonly map = new Map<string, T>();
  constructor(private readonly make: () => T) {}
  get(key: string): T {
    let value = this.map.get(key);
    if (value) return value;
    const k = this.map.size < MAX_KEYS ? key : OTHER;
    value = this.map.get(k) ?? this.make();
    this.map.set(k, value);
    return value;
  }
}

/**
 * Counts of a results file, fed one row at a time (rows read back and rows just checked alike), so
 * the answer describes the whole file in the same few lines whatever its length.
 */
export class Tally {
  rows = 0;
  numbers = 0;
  portable = new Group();
  fast = new Group();
  readonly reasons = new Bounded(() => new Group());
  invalid = new Group();
  refused = new Group();
  duplicates = new Group();
  readonly countries = new Bounded<Counts>(() => ({ portable: 0, fast_portable: 0, not_portable: 0 }));
  readonly types = new Bounded<Counts>(() => ({ portable: 0, fast_portable: 0, not_portable: 0 }));
  lastRow = 0;

  add(r: ResultRow): void {
    this.rows++;
    this.lastRow = r.row;
    const where = `row ${r.row}`;
    if (r.duplicate_of !== undefined) {
      this.duplicates.add(`${where} = row ${r.duplicate_of}`);
      return;
    }
    if (r.portable === undefined) {
      if (r.e164) this.refused.add(cut(`${where}: ${r.e164}: ${r.error}`, 140));
      else this.invalid.add(cut(`${where}: ${r.error}`, 140));
      return;
    }
    this.numbers++;
    const country = this.countries.get(r.country || 'unknown');
    const type = this.types.get(r.number_type || 'unknown');
    const example = `${where}: ${r.e164}`;
    if (r.portable) {
      this.portable.add(example);
      country.portable++;
      type.portable++;
      if (r.fast_portable) {
        this.fast.add(example);
        country.fast_portable++;
        type.fast_portable++;
      }
    } else {
      this.reasons.get(cut(r.not_portable_reason || 'no reason given', 100)).add(example);
      country.not_portable++;
      type.not_portable++;
    }
  }

  get notPortable(): number {
    let n = 0;
    for (const g of this.reasons.map.values()) n += g.count;
    return n;
  }

  /**
   * The counts as an answer of at most `limit` characters (`head` fields before them, `tail` after):
   * examples, reasons and countries are shown in full when they fit and cut down step by step when not.
   */
  report(
    head: Record<string, unknown>,
    tail: Record<string, unknown> = {},
    limit = MAX_JOB_ANSWER,
  ): Record<string, unknown> {
    for (const [examples, keys] of [
      [10, 10],
      [5, 10],
      [3, 8],
      [1, 5],
      [0, 5],
      [0, 3],
    ] as const) {
      const answer = { ...this.shape(head, examples, keys), ...tail };
      if (JSON.stringify(answer).length <= limit) return answer;
    }
    return {
      ...this.shape(head, 0, 0),
      ...tail,
      note: 'Details left out to keep the answer short; see the results.',
    };
  }

  private shape(extra: Record<string, unknown>, examples: number, keys: number): Record<string, unknown> {
    const top = <T>(map: Map<string, T>, weight: (t: T) => number) => {
      // "(other)" (keys past MAX_KEYS) is never shown as a group of its own: it joins the rest.
      const sorted = [...map].filter(([k]) => k !== OTHER).sort((a, b) => weight(b[1]) - weight(a[1]));
      const shown = sorted.slice(0, keys);
      const other = map.get(OTHER);
      const rest = sorted.slice(keys).reduce((n, [, t]) => n + weight(t), other ? weight(other) : 0);
      return { shown, rest };
    };
    const reasons = top(this.reasons.map, (g) => g.count);
    const total = (c: Counts) => c.portable + c.not_portable;
    const table = (map: Map<string, Counts>) => {
      const { shown, rest } = top(map, total);
      return {
        ...Object.fromEntries(shown),
        ...(rest ? { [OTHER]: `${rest} numbers` } : {}),
      };
    };
    const ex = (g: Group) => g.examples.slice(0, examples);
    const group = (g: Group) => (examples ? { count: g.count, first: ex(g) } : { count: g.count });
    return {
      ...extra,
      rows_done: this.rows,
      numbers_checked: this.numbers,
      portable: this.portable.count,
      fast_portable: this.fast.count,
      not_portable: this.notPortable,
      not_portable_reasons: {
        ...Object.fromEntries(reasons.shown.map(([reason, g]) => [reason, g.count])),
        ...(reasons.rest ? { [OTHER]: reasons.rest } : {}),
      },
      by_country: table(this.countries.map),
      by_number_type: table(this.types.map),
      invalid_rows: group(this.invalid),
      duplicate_rows: group(this.duplicates),
      ...(this.refused.count ? { refused_by_api: group(this.refused) } : {}),
      ...(examples
        ? {
            examples: {
              portable: ex(this.portable),
              fast_portable: ex(this.fast),
              ...Object.fromEntries(reasons.shown.map(([reason, g]) => [reason, ex(g)])),
            },
          }
        : {}),
    };
  }
}
