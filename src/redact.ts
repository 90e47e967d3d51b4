/**
 * Replaces every occurrence of a secret (the API key) with "[redacted]": in log lines, and in tool
 * results as a last line of defence should an upstream ever echo the key back in an error or payload.
 * Matching ignores case, since text may be lower- or upper-cased on its way (a quoted Content-Type).
 */
export function createRedactor(secrets: Array<string | undefined>) {
  const hidden = secrets.filter((s): s is string => !!s && s.length >= 4);
  const lowered = hidden.map(lower);
  /** The places [start, end) of every secret in `value`, ignoring case. */
  const spans = (value: string): Array<[number, number]> => {
    const found: Array<[number, number]> = [];
    if (!hidden.length) return found;
    const low = lower(value);
    for (const s of lowered) {
      for (let at = low.indexOf(s); at !== -1; at = low.indexOf(s, at + s.length))
        found.push([at, at + s.length]);
    }
    return found;
  };
  const text = (value: string) => cut(value, spans(value));
  /**
   * For text whose markup was dropped and whitespace collapsed (error excerpts): a secret is found
   * even with whitespace put into it, e.g. "KEY_ab cd" from "KEY_ab<b></b>cd".
   */
  const loose = (value: string) => {
    if (!hidden.length) return value;
    const kept: number[] = [];
    let squeezed = '';
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as string;
      if (c.trim() === '') continue;
      kept.push(i);
      squeezed += c;
    }
    const found = spans(squeezed).map(([start, end]): [number, number] => [
      kept[start] as number,
      (kept[end - 1] as number) + 1,
    ]);
    return cut(value, found);
  };
  /** Same for any JSON value; the value is returned unchanged (same object) when nothing matches. */
  const deep = <T>(value: T): T => {
    if (hidden.length === 0) return value;
    const json = JSON.stringify(value);
    if (json === undefined || !has(json)) return value;
    return JSON.parse(text(json)) as T;
  };
  /** Whether a text contains a secret, in any case. */
  const has = (value: string) => spans(value).length > 0;
  /** The secrets as bytes, exactly as they would be sent (to scan files and streams for). */
  const needles = hidden.map((s) => Buffer.from(s, 'utf8'));
  /** Length of the longest secret (how far past a cut a piece of one could reach). */
  const longest = Math.max(0, ...hidden.map((s) => s.length));
  return { text, loose, deep, has, needles, longest };
}

/** Lower case with every position kept, so places found in it are places in the original. */
export function lower(value: string): string {
  const low = value.toLowerCase();
  return low.length === value.length ? low : value.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `value` with the spans (possibly overlapping) replaced by "[redacted]". */
function cut(value: string, spans: Array<[number, number]>): string {
  if (!spans.length) return value;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    if (start > at) out += value.slice(at, start);
    if (start >= at) out += '[redacted]';
    at = end;
  }
  return out + value.slice(at);
}

export type Redactor = ReturnType<typeof createRedactor>;
