import { createHash } from 'node:crypto';
import { SCHEME } from '../mcp/uris.js';

/** One results file kept in this process's memory, readable as an MCP resource. */
export interface StoredResult {
  uri: string;
  name: string;
  title: string;
  mimeType: string;
  bytes: Buffer;
  /** Job state kept with the file (e.g. the input's fingerprint and how far the job got). */
  state?: Record<string, unknown>;
  updatedAt: number;
}

/** Most results files kept at once, and their total size: the oldest go first. */
export const MAX_STORED_RESULTS = 20;
export const MAX_STORED_BYTES = 64 * 1024 * 1024;

export const RESULTS_PREFIX = `${SCHEME}results/`;

/**
 * Results of spreadsheet jobs when no output folder is allowed: kept for the life of the process,
 * bounded in count and bytes (the oldest are dropped first), and read through resources/read.
 * The HTTP transport shares one store across its per-request servers.
 */
export class ResultsStore {
  private readonly files = new Map<string, StoredResult>();

  constructor(
    readonly maxFiles = MAX_STORED_RESULTS,
    readonly maxBytes = MAX_STORED_BYTES,
  ) {}

  /** The URI a results file of this name gets (stable: the same job finds its own results again). */
  static uriFor(name: string): string {
    const id = createHash('sha256').update(name).digest('hex').slice(0, 16);
    return `${RESULTS_PREFIX}${id}/${encodeURIComponent(name)}`;
  }

  get(uri: string): StoredResult | undefined {
    return this.files.get(uri);
  }

  list(): StoredResult[] {
    return [...this.files.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Stores (or replaces) a file; refuses one larger than the whole store. */
  put(entry: Omit<StoredResult, 'uri' | 'updatedAt'>, now = Date.now()): StoredResult | undefined {
    if (entry.bytes.length > this.maxBytes) return undefined;
    const uri = ResultsStore.uriFor(entry.name);
    this.files.delete(uri);
    const stored = { ...entry, uri, updatedAt: now };
    this.files.set(uri, stored);
    let total = [...this.files.values()].reduce((n, f) => n + f.bytes.length, 0);
    for (const [key, file] of this.files) {
      if (this.files.size <= this.maxFiles && total <= this.maxBytes) break;
      if (key === uri) continue;
      this.files.delete(key);
      total -= file.bytes.length;
    }
    return stored;
  }
}
