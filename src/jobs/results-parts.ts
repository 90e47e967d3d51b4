/**
 * A results CSV kept in memory is read as a resource in parts, so no read weighs more than the 1 MiB a
 * resource read may (src/mcp/answer-size.ts MAX_ANSWER_BYTES): cut between records, every part a CSV
 * of its own with the header row. Part 1 is the resource's URI itself (or `?part=1`), part n `?part=n`.
 */

/** Most bytes of one part as it travels: a JSON string, where quotes and line ends are escaped. */
export const PART_BYTES = 900 * 1024;

/** Where the parts of one CSV end: part k (0-based) is bytes [ends[k-1] or 0, ends[k]), after the header for k > 0. */
export interface Parts {
  headerEnd: number;
  ends: number[];
}

/** A byte's weight inside a JSON string: `"`, `\` and \n \r \t \b \f take two, other control bytes six. */
function weight(c: number): number {
  if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c)
    return 2;
  return c < 0x20 ? 6 : 1;
}

/**
 * The parts of a CSV, in one pass: a record ends at a newline outside quotes (a quoted cell may hold
 * one); a part takes records while it stays within `max` (a single larger record is a part alone).
 */
export function cutParts(bytes: Buffer, max = PART_BYTES): Parts {
  const ends: number[] = [];
  let headerEnd = -1;
  let headerWeight = 0;
  let quoted = false;
  let recordStart = 0;
  let recordWeight = 0;
  let partWeight = 0;
  let partHasRows = false;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length) {
      const c = bytes[i] as number;
      recordWeight += weight(c);
      if (c === 0x22) quoted = !quoted;
      if (c !== 0x0a || quoted) continue;
    }
    const end = i < bytes.length ? i + 1 : i;
    if (end === recordStart) break;
    if (headerEnd < 0) {
      headerEnd = end;
      headerWeight = recordWeight;
      partWeight = recordWeight;
    } else if (partHasRows && partWeight + recordWeight > max) {
      ends.push(recordStart);
      partWeight = headerWeight + recordWeight;
    } else {
      partWeight += recordWeight;
      partHasRows = true;
    }
    recordStart = end;
    recordWeight = 0;
  }
  ends.push(bytes.length);
  return { headerEnd: Math.max(0, headerEnd), ends };
}

const cache = new WeakMap<Buffer, Parts>();

/** The parts of a stored CSV (worked out once per stored buffer). */
export function partsOf(bytes: Buffer): Parts {
  let parts = cache.get(bytes);
  if (!parts) {
    parts = cutParts(bytes);
    cache.set(bytes, parts);
  }
  return parts;
}

/** Part `n` (1-based) as text: a CSV with the header row. */
export function partText(bytes: Buffer, parts: Parts, n: number): string {
  const end = parts.ends[n - 1] ?? bytes.length;
  if (n === 1) return bytes.toString('utf8', 0, end);
  const start = parts.ends[n - 2] ?? 0;
  return bytes.toString('utf8', 0, parts.headerEnd) + bytes.toString('utf8', start, end);
}

export const partUri = (uri: string, n: number) => `${uri}?part=${n}`;

/** How an answer names a results resource: its URI and, when it has several parts, how to read them. */
export function resourceLocation(
  uri: string,
  bytes: Buffer | undefined,
): { uri: string; parts?: number; read_parts?: string } {
  const count = bytes ? partsOf(bytes).ends.length : 1;
  if (count <= 1) return { uri };
  return {
    uri,
    parts: count,
    read_parts: `Too large for one read: read ${uri} (part 1 of ${count}), then ${partUri(uri, 2)} and so on up to ${partUri(uri, count)}; each part is a CSV with the header row.`,
  };
}
