import { createHash } from 'node:crypto';
import path from 'node:path';
import { openInside } from '../files/allowed.js';
import { shown } from './check-file.js';
import type { JobState } from './checkpoint.js';
import { bytesOf, type CsvInput, MAX_INPUT_BYTES, openCsv } from './csv-input.js';
import { RESULT_HEADER, type ResultRow, readResults, resultsName, stateName } from './results-file.js';
import { ResultsStore } from './results-store.js';
import { type JobContext, JobError } from './workflow.js';

/** The checked rows a step works from, read (streamed) from a results file or a resource. */
export interface ResultsSource {
  /** How the answer names it. */
  from: string;
  rows(): AsyncGenerator<ResultRow>;
  close(): Promise<void>;
}

const firstLine = async (input: CsvInput) => {
  const head = Buffer.alloc(Math.min(4096, input.size));
  await input.handle.read(head, 0, head.length, 0);
  return (
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? ''
  );
};

/**
 * The results for `requested`: the file itself when it is a results file of portability_check_file
 * (in an allowed folder or the output folder), else the finished results of that input (its results
 * file, or the resource of this process), which must match the input's content exactly.
 */
export async function openResults(requested: string, ctx: JobContext): Promise<ResultsSource> {
  const { filesDirs, outputDir } = ctx.settings;
  let input: CsvInput;
  try {
    input = await openCsv(requested, filesDirs);
  } catch (error) {
    // The output folder is readable for the results this server wrote there, and nothing else.
    if (!outputDir) throw error;
    input = await openCsv(requested, [outputDir]).catch(() => {
      throw error;
    });
    if ((await firstLine(input)) !== RESULT_HEADER.join(',')) {
      await input.handle.close();
      throw error;
    }
  }
  if ((await firstLine(input)) === RESULT_HEADER.join(',')) {
    const state = await readState(path.dirname(input.real), stateName(input.name));
    refuseOtherApi(state, ctx);
    return {
      from: shown(input.requested),
      rows: () => readResults(bytesOf(input.handle)),
      close: () => input.handle.close(),
    };
  }
  try {
    return await checkedResults(input, ctx);
  } finally {
    await input.handle.close();
  }
}

async function checkedResults(input: CsvInput, ctx: JobContext): Promise<ResultsSource> {
  const hash = createHash('sha256');
  for await (const _ of bytesOf(input.handle, hash)) {
    // hashed as read
  }
  const sha256 = hash.digest('hex');
  const name = resultsName(input.name);
  const first = `Check it first: portability_check_file with path ${shown(input.requested)}, until its status is "done".`;
  const { outputDir } = ctx.settings;
  if (outputDir) {
    const state = await readState(outputDir, stateName(name));
    if (!state || state.input !== input.real)
      throw new JobError(`${shown(input.requested)} has no results yet. ${first}`);
    if (state.sha256 !== sha256)
      throw new JobError(`${shown(input.requested)} changed since it was checked. ${first}`);
    if (!state.done) throw new JobError(`The check of ${shown(input.requested)} is not finished. ${first}`);
    refuseOtherApi(state, ctx);
    const results = await openInside(path.join(outputDir, name), [outputDir], Number.MAX_SAFE_INTEGER);
    if (typeof results === 'string') throw new JobError(`Cannot read the results: ${results}`);
    return {
      from: shown(path.join(outputDir, name), 300),
      rows: () => readResults(bytesOf(results.handle)),
      close: () => results.handle.close(),
    };
  }
  const stored = ctx.results.get(ResultsStore.uriFor(name));
  const state = stored?.state as JobState | undefined;
  if (!stored || !state || state.input !== input.real) {
    throw new JobError(
      `${shown(input.requested)} has no results in this server (they last until it stops). ${first}`,
    );
  }
  if (state.sha256 !== sha256)
    throw new JobError(`${shown(input.requested)} changed since it was checked. ${first}`);
  if (!state.done) throw new JobError(`The check of ${shown(input.requested)} is not finished. ${first}`);
  refuseOtherApi(state, ctx);
  const bytes = stored.bytes;
  return { from: stored.uri, rows: () => readResults([bytes]), close: async () => {} };
}

/** The state file beside a results file, when there is one of ours (read-only; confined to its folder). */
async function readState(dir: string, name: string): Promise<JobState | undefined> {
  const file = await openInside(path.join(dir, name), [dir], MAX_INPUT_BYTES);
  if (typeof file === 'string') return undefined;
  try {
    const text = (await file.handle.readFile()).toString('utf8');
    const state = JSON.parse(text) as JobState;
    return state.telnyx_porting_job === 'portability_check_file' ? state : undefined;
  } catch {
    return undefined;
  } finally {
    await file.handle.close();
  }
}

/** Results of the sandbox never order real numbers, nor real results sandbox ones. */
function refuseOtherApi(state: JobState | undefined, ctx: JobContext) {
  if (!state) return;
  let api: string | undefined;
  try {
    api = (JSON.parse(state.settings) as { api?: string }).api;
  } catch {
    api = undefined;
  }
  const here = ctx.settings.api ?? 'api';
  if (api && api !== here) {
    throw new JobError(
      `These results were made against ${api === 'sandbox' ? 'the sandbox' : api}, and this server talks to ${here === 'sandbox' ? 'the sandbox' : here}; check the file again here first.`,
    );
  }
}
