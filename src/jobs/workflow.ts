import type { z } from 'zod';
import type { Effect, Toolset } from '../catalog/endpoint.js';
import type { Confirmation } from '../mcp/confirm.js';
import type { Budget } from '../telnyx/budget.js';
import type { ApiResponse } from '../telnyx/client.js';
import type { ResultsStore } from './results-store.js';

/**
 * A tool that is not one Telnyx operation but work over many rows or orders, done through catalog
 * operations with the one client: a spreadsheet checked in chunks, a step applied to a whole group of
 * orders. The model sees its answer (a summary of constant size), never the rows.
 */
export interface Workflow {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  effect: Effect;
  idempotent?: boolean;
  /** Served right after this tool in tools/list, so related tools sort together. */
  after: string;
  /** Catalog operations it cannot work without: it is served only where the profile exposes all of them. */
  uses: readonly string[];
  /** Catalog operations it uses when the profile exposes them (`ctx.exposes` says), and does without otherwise. */
  mayUse?: readonly string[];
  input: z.ZodObject;
  /** The answer: a summary whose JSON text stays under MAX_JOB_ANSWER characters. Throws JobError to refuse. */
  run(input: Record<string, unknown>, ctx: JobContext): Promise<Record<string, unknown>>;
}

/** At most this many characters of answer text per call, whatever the size of the file or group. */
export const MAX_JOB_ANSWER = 8000;

/** A refusal the model can act on (bad file, unknown group, ...): an isError result with this text. */
export class JobError extends Error {}

export interface JobSettings {
  defaultCountry?: string;
  /** Folders input files may be read from (as configured). */
  filesDirs: readonly string[];
  /** Folder results files are written to; none = results are resources of this process. */
  outputDir?: string;
  /** API requests in flight at once. */
  concurrency: number;
  /** Time one call works before it answers with its progress. */
  timeMs: number;
  /**
   * Where answers come from: "sandbox", or the API's origin (loopback ones as "local"). Kept with a
   * job's results, so simulated results never pass for real ones.
   */
  api?: string;
  /** How the server was installed (Config.install): set-up hints name the right place. */
  install?: string;
}

/** Where the user sets an output folder, as a hint says it: the bundle's settings form, or the option. */
export function outputFolderSetting(install?: string): string {
  return install === 'mcpb'
    ? 'the "Folder for results" setting in Claude Desktop → Settings → Extensions → Telnyx Number Porting → Configure'
    : '--output-dir or TELNYX_PORTING_OUTPUT_DIR';
}

/** The `api` of JobSettings for a server's settings. */
export function apiLabel(baseUrl: string, sandbox: boolean): string {
  if (sandbox) return 'sandbox';
  try {
    const url = new URL(baseUrl);
    return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? 'local' : url.origin;
  } catch {
    return 'api';
  }
}

export interface JobContext {
  /** Calls an exposed catalog operation (by tool name) through the one client, charged to this call. */
  request(tool: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<ApiResponse>;
  /** Whether the profile exposes this catalog operation (mayUse). */
  exposes(tool: string): boolean;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** Progress notification (sent only when the client asked for progress). */
  progress(done: number, total: number, message: string): Promise<void>;
  /** The API's time (the sandbox clock in sandbox mode), for dates the answer reasons about. */
  now(): number;
  /** Milliseconds of this call's time budget left (monotonic; tests may drive it). */
  timeLeft(): number;
  /** Waits (a Retry-After) without holding anything up; tests drive it instead of real time. Rejects on abort. */
  sleep(ms: number): Promise<void>;
  settings: JobSettings;
  /** Results kept as resources of this process when there is no output folder. */
  results: ResultsStore;
  /** One confirmation from the user (elicitation, or the model's confirm: true after asking). */
  ask(summary: string, confirmed: boolean): Promise<Confirmation>;
  budget: Budget;
}
