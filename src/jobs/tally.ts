/** The most characters of a key shown (keys may quote the API: exception codes, requirement names). */
const MAX_KEY = 300;
const shortKey = (key: string) => (key.length > MAX_KEY ? `${key.slice(0, MAX_KEY - 1)}…` : key);

/**
 * Counts by key with the first few ids of each, so an answer about 2 or 2,000 orders has the same
 * size: the largest groups are listed, the rest summed up.
 */
export class Tally<Extra extends Record<string, unknown> = Record<string, never>> {
  private readonly groups = new Map<string, { count: number; first: string[]; extra: Extra }>();

  constructor(
    readonly maxGroups = 10,
    readonly maxFirst = 3,
  ) {}

  add(key: string, id: string, extra: Extra, weight = 1): void {
    const group = this.groups.get(key) ?? { count: 0, first: [], extra };
    group.count += weight;
    if (group.first.length < this.maxFirst) group.first.push(id);
    this.groups.set(key, group);
  }

  get size(): number {
    return this.groups.size;
  }

  /** The largest groups first, as `{[keyName]: key, ...extra, orders, first}`, and what was left out. */
  list(keyName: string, countName = 'orders') {
    const sorted = [...this.groups.entries()].sort((a, b) => b[1].count - a[1].count);
    const shown = sorted.slice(0, this.maxGroups).map(([key, g]) => ({
      [keyName]: shortKey(key),
      ...g.extra,
      [countName]: g.count,
      first: g.first,
    }));
    const rest = sorted.slice(this.maxGroups);
    return {
      shown,
      ...(rest.length
        ? { more: { groups: rest.length, [countName]: rest.reduce((n, [, g]) => n + g.count, 0) } }
        : {}),
    };
  }
}

/** The first `max` failures in full, and how many there were. */
export class Failures<T> {
  readonly first: T[] = [];
  count = 0;

  constructor(readonly max = 10) {}

  add(failure: T): void {
    this.count++;
    if (this.first.length < this.max) this.first.push(failure);
  }
}
