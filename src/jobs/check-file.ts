import { createHash } from 'node:crypto';
import path from 'node:path';
import { E164_RE } from '../catalog/endpoint.js';
import { numberFacts, phoneReader } from '../mcp/phones.js';
import { TelnyxError } from '../telnyx/errors.js';
import { type Checkpoint, type JobState, openCheckpoint, type PendingAnswer } from './checkpoint.js';
import { chooseLayout, type Layout } from './columns.js';
import { type CsvInput, isBlank, MAX_ROWS, openCsv, readRecords } from './csv-input.js';
import type { Location } from './csv-out.js';
import { watchDeadline } from './deadline.js';
import { cellText, countryCell, looksLikePhone } from './phone-cells.js';
import { NotOurs, type ResultRow, resultsName } from './results-file.js';
import { Tally } from './summary.js';
import { Throttle } from './throttle.js';
import { type JobContext, JobError, outputFolderSetting } from './workflow.js';

/** Numbers per portability check request: the API-sized chunk portability_check uses. */
export const CHECK_CHUNK = 100;
/** Rows per chunk at most, checked or not (a long run of invalid rows or duplicates). */
const CHUNK_ROWS = 1000;
/** Rows read to find the header and the columns. */
const SAMPLE = 200;
/** A check that failed without an answer (5xx, timeout) is sent again this many times: it changes nothing. */
const CHECK_RETRIES = 2;
/** Answers kept for the next call beyond the written rows, at most (a few windows of chunks). */
const MAX_PENDING = 10_000;

export interface CheckArgs {
  path: string;
  column?: string;
  country_column?: string;
  country?: string;
}

export type CheckStatus = 'done' | 'continue' | 'stopped';

export interface CheckOutcome {
  status: CheckStatus;
  answer: Record<string, unknown>;
  location: Location;
}

/** Results targets being written by a call of this process: a second call on the same one waits its turn. */
const running = new Set<string>();

/** Shown paths and names are cut: a path is the user's, but the answer has a fixed size. */
export const shown = (s: string, n = 200) => (s.length > n ? `…${s.slice(-(n - 1))}` : s);

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** What the API said of one number (or why it said nothing). */
type Answer = PendingAnswer;

interface Chunk {
  rows: ResultRow[];
  numbers: string[];
  done: boolean;
  /** Answers so far: kept from the last call, or given by the API in this one. */
  answers: Map<string, Answer>;
  failure?: Stop;
}

type Stop =
  | { why: 'time' }
  | { why: 'budget' }
  | { why: 'rate'; seconds: number }
  | { why: 'error'; error: unknown; retryable: boolean };

/**
 * Checks every row of a CSV (portability_check_file, order_create_from_file, the `check` command):
 * rows in chunks of 100 distinct numbers, several in flight, results appended in input order so the
 * results are always a prefix of the input (the checkpoint). Stops when the call's time is up and
 * answers how far it got; the same call continues from there.
 */
export async function checkFile(args: CheckArgs, ctx: JobContext): Promise<CheckOutcome> {
  const input = await openCsv(args.path, ctx.settings.filesDirs);
  let checkpoint: Checkpoint | undefined;
  let key: string | undefined;
  try {
    const scan = await scanInput(input, args);
    const country = args.country ?? ctx.settings.defaultCountry;
    const { isSupportedCountry } = await import('libphonenumber-js');
    if (country && !isSupportedCountry(country)) {
      throw new JobError(`country ${country} is not a country code the number plan knows.`);
    }
    const name = resultsName(input.name);
    key = ctx.settings.outputDir ? `${ctx.settings.outputDir}\n${name}` : `memory\n${name}`;
    if (running.has(key)) {
      throw new JobError(
        `${name} is being written by another call right now; wait for it to answer, then call again.`,
      );
    }
    running.add(key);
    checkpoint = await openCheckpoint(ctx.settings.outputDir, ctx.results, name, ctx.settings.install);
    const state: JobState = {
      telnyx_porting_job: 'portability_check_file',
      version: 1,
      input: input.real,
      size: input.size,
      mtime_ms: input.mtimeMs,
      sha256: scan.sha256,
      settings: JSON.stringify({
        column: scan.layout.numberColumn,
        country_column: scan.layout.countryColumn ?? null,
        country: country ?? null,
        api: ctx.settings.api ?? 'api',
      }),
      rows: scan.rows,
      done: false,
    };
    return await run(input, scan, state, country, checkpoint, ctx);
  } finally {
    await checkpoint?.close();
    if (key) running.delete(key);
    await input.handle.close();
  }
}

interface Scan {
  sha256: string;
  layout: Layout;
  /** Data rows (header and blank rows left out). */
  rows: number;
  /** Row number of the header, if any. */
  headerRow?: number;
  lastRow: number;
}

/** First pass: the whole file hashed, its rows counted (refused over the limit) and its columns found. */
async function scanInput(input: CsvInput, args: CheckArgs): Promise<Scan> {
  const hash = createHash('sha256');
  const first: string[][] = [];
  let firstRow: number | undefined;
  let records = 0;
  let lastRow = 0;
  for await (const record of readRecords(input, hash)) {
    if (isBlank(record.cells)) continue;
    firstRow ??= record.row;
    records++;
    lastRow = record.row;
    if (first.length <= SAMPLE) first.push(record.cells);
    if (records > MAX_ROWS + 1) {
      throw new JobError(
        `${input.requested} has more than ${MAX_ROWS.toLocaleString('en-US')} rows; split it into files of at most ${MAX_ROWS.toLocaleString('en-US')} rows. Nothing was checked.`,
      );
    }
  }
  if (records === 0) throw new JobError(`${input.requested} has no rows (only blank lines).`);
  if (records === 1 && !first[0]?.some(looksLikePhone)) {
    throw new JobError(`${input.requested} has a header row but no rows of numbers.`);
  }
  const layout = chooseLayout(first, args);
  const rows = records - (layout.header ? 1 : 0);
  if (rows === 0) throw new JobError(`${input.requested} has a header row but no rows of numbers.`);
  if (rows > MAX_ROWS) {
    throw new JobError(
      `${input.requested} has ${rows.toLocaleString('en-US')} rows; the limit is ${MAX_ROWS.toLocaleString('en-US')}: split the file. Nothing was checked.`,
    );
  }
  return {
    sha256: hash.digest('hex'),
    layout,
    rows,
    headerRow: layout.header ? firstRow : undefined,
    lastRow,
  };
}

async function run(
  input: CsvInput,
  scan: Scan,
  state: JobState,
  country: string | undefined,
  checkpoint: Checkpoint,
  ctx: JobContext,
): Promise<CheckOutcome> {
  let tally = new Tally();
  /**
   * Each number's first row (duplicates point to it) and its result once written, kept small: these
   * two maps are what grows with the file (about 100 bytes per distinct number).
   */
  const firstRow = new Map<string, number>();
  const written = new Map<string, Answer>();
  const texts = new Map<string, string>();
  const intern = (t: string) => {
    const known = texts.get(t);
    if (known !== undefined) return known;
    if (texts.size < 1000) texts.set(t, t);
    return t;
  };
  const keep = (r: ResultRow) =>
    written.set(r.e164, {
      portable: r.portable,
      fast_portable: r.fast_portable,
      not_portable_reason: intern(r.not_portable_reason),
      error: intern(r.error),
    });
  const remember = (r: ResultRow) => {
    tally.add(r);
    if (r.e164 && r.duplicate_of === undefined && !written.has(r.e164)) {
      keep(r);
      if (!firstRow.has(r.e164)) firstRow.set(r.e164, r.row);
    }
  };

  /** Answers of an earlier call for numbers past the written rows: used instead of asking again. */
  const pending = new Map<string, Answer>();
  let startedOver: string | undefined;
  const prior = checkpoint.state;
  if (prior && prior.input !== input.real) {
    throw new JobError(
      `${shown(locationText(checkpoint.location))} holds the results of another file named ${shown(path.basename(prior.input), 100)}; move that results file away or rename ${input.name}.`,
    );
  }
  if (
    prior &&
    prior.sha256 === state.sha256 &&
    prior.size === state.size &&
    prior.settings === state.settings
  ) {
    try {
      for await (const r of checkpoint.rows()) remember(r);
      for (const [n, a] of pendingOf(prior)) pending.set(n, a);
    } catch (error) {
      if (!(error instanceof NotOurs)) throw error;
      startedOver = 'the results were not as this server wrote them';
      tally = new Tally();
      firstRow.clear();
      written.clear();
      pending.clear();
      await checkpoint.restart(state);
    }
  } else {
    if (prior) {
      startedOver =
        prior.sha256 !== state.sha256 || prior.size !== state.size
          ? 'the file changed since the last call'
          : 'column, country_column, country or the API differ from the last call';
    }
    await checkpoint.restart(state);
  }
  const resumeAfter = tally.lastRow;

  const read = await phoneReader();
  const facts = await numberFacts();
  const throttle = new Throttle(ctx.settings.concurrency, ctx.sleep);
  // Every request carries it: at the end of the call's time, what is still in flight is given up.
  const deadline = watchDeadline(ctx.timeLeft, ctx.signal);
  const timeUp = () => deadline.passed || ctx.timeLeft() <= 0;
  const window: Chunk[] = [];
  let inFlight = 0;
  let requests = 0;
  let checkedNow = 0;
  let stop: Stop | undefined;
  let wake = () => {};
  const changed = () => {
    const w = wake;
    wake = () => {};
    w();
  };

  // Chunks are written strictly in input order; one that failed ends the written prefix (the answers
  // of chunks after it are kept as pending for the next call).
  let writing = Promise.resolve();
  let writeFailed = false;
  const flush = () => {
    writing = writing
      .then(async () => {
        while (!writeFailed && window[0]?.done && !window[0].failure) {
          const chunk = window.shift() as Chunk;
          // In row order: a duplicate's first row is filled in before it (an earlier chunk, or this one).
          for (const r of chunk.rows) {
            if (r.error) continue;
            if (r.duplicate_of !== undefined) {
              const first = written.get(r.e164);
              Object.assign(r, {
                portable: first?.portable,
                fast_portable: first?.fast_portable,
                not_portable_reason: first?.not_portable_reason ?? '',
                error: first?.error ?? '',
              });
            } else {
              Object.assign(r, chunk.answers.get(r.e164));
              keep(r);
            }
          }
          await checkpoint.append(chunk.rows);
          for (const r of chunk.rows) {
            remember(r);
            pending.delete(r.e164);
          }
          await ctx.progress(tally.rows, scan.rows, `${tally.rows} of ${scan.rows} rows`);
        }
        changed();
      })
      .catch((error: unknown) => {
        // Nothing after a failed write is written: the results stay a prefix of the input.
        writeFailed = true;
        stop ??= { why: 'error', error, retryable: false };
        changed();
      });
    return writing;
  };

  const checkChunk = async (chunk: Chunk) => {
    const answers = chunk.answers;
    let numbers = chunk.numbers;
    let refusedOnce = false;
    let failures = 0;
    try {
      while (numbers.length) {
        try {
          await throttle.pause();
          if (ctx.signal.aborted) throw new TelnyxError('cancelled', 'The check was cancelled');
          // Nothing is sent, or sent again, once the call's time is up.
          if (timeUp()) {
            chunk.failure = { why: 'time' };
            break;
          }
          requests++;
          const response = await ctx.request(
            'portability_check',
            { phone_numbers: numbers },
            deadline.signal,
          );
          const data = response.type === 'json' ? (response.data as { data?: unknown[] }).data : undefined;
          const items = Array.isArray(data) ? (data as Array<Record<string, unknown>>) : [];
          const byNumber = new Map(items.map((item) => [String(item.phone_number), item]));
          numbers.forEach((n, i) => {
            const item = byNumber.get(n) ?? (items.length === numbers.length ? items[i] : undefined);
            answers.set(
              n,
              item
                ? {
                    portable: item.portable === true,
                    fast_portable: item.fast_portable === true,
                    not_portable_reason: item.portable === true ? '' : String(item.not_portable_reason ?? ''),
                    error: '',
                  }
                : { error: 'the API returned no result for this number', not_portable_reason: '' },
            );
          });
          checkedNow += numbers.length;
          throttle.ok();
          break;
        } catch (error) {
          if (!(error instanceof TelnyxError)) throw error;
          // Given up at the end of the call's time: the next call sends it again.
          if (deadline.passed) {
            chunk.failure = { why: 'time' };
            break;
          }
          if (error.kind === 'rate_limited') {
            const wait = throttle.limited(error.retryAfterSeconds);
            // A wait the call has no time for is left to the next call (nothing waits past the budget).
            if (wait >= ctx.timeLeft()) {
              chunk.failure = { why: 'rate', seconds: Math.ceil(wait / 1000) };
              break;
            }
            throttle.hold(wait);
            continue;
          }
          const refused = refusedNumbers(error, numbers);
          if (refused.size && !refusedOnce) {
            // The API named the numbers it will not check: those rows say why, the rest are sent again.
            refusedOnce = true;
            for (const [n, why] of refused)
              answers.set(n, { error: `refused by the API: ${why}`, not_portable_reason: '' });
            numbers = numbers.filter((n) => !refused.has(n));
            continue;
          }
          if (error.kind === 'refused') {
            // Refused before it went out (the call's request limit): not one of this call's requests.
            requests--;
            chunk.failure = { why: 'budget' };
            break;
          }
          const transient = ['server', 'timeout', 'connection', 'bad_response'].includes(error.kind);
          if (transient && failures < CHECK_RETRIES && !ctx.signal.aborted) {
            failures++;
            const pause = 250 * 2 ** failures;
            if (pause >= ctx.timeLeft()) {
              chunk.failure = { why: 'time' };
              break;
            }
            await ctx.sleep(pause).catch(() => {});
            continue;
          }
          chunk.failure = {
            why: 'error',
            error,
            retryable: transient || error.kind === 'invalid' || error.kind === 'cancelled',
          };
          break;
        }
      }
    } catch (error) {
      chunk.failure = { why: 'error', error, retryable: false };
    }
    // No new chunk goes out after one failed: the written rows end before it anyway.
    if (chunk.failure) stop ??= chunk.failure;
    chunk.done = true;
    inFlight--;
    await flush();
  };

  /** Sends a chunk when a slot is free; false when the call must stop (time, budget, a failure). */
  const dispatch = async (chunk: Chunk): Promise<boolean> => {
    if (chunk.numbers.length) {
      while (!stop && (inFlight >= throttle.limit || window.length >= 2 * ctx.settings.concurrency)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (ctx.signal.aborted) stop ??= { why: 'error', error: new JobError('cancelled'), retryable: true };
      if (!stop && timeUp()) stop = { why: 'time' };
      if (stop) return false;
      inFlight++;
      window.push(chunk);
      void checkChunk(chunk);
    } else {
      // Nothing to ask (invalid rows, duplicates, answers kept from the last call): written in its turn.
      chunk.done = true;
      window.push(chunk);
      await flush();
    }
    return true;
  };

  const hash = createHash('sha256');
  let readAll = false;
  try {
    if (resumeAfter < scan.lastRow) {
      let chunk: Chunk = { rows: [], numbers: [], done: false, answers: new Map() };
      let reading = true;
      for await (const record of readRecords(input, hash)) {
        if (record.row <= resumeAfter || record.row === scan.headerRow || isBlank(record.cells)) continue;
        const row = readRow(record.row, record.cells, scan.layout, country, read, facts, firstRow);
        chunk.rows.push(row);
        if (!row.error && row.duplicate_of === undefined) {
          const known = pending.get(row.e164);
          if (known) chunk.answers.set(row.e164, known);
          else chunk.numbers.push(row.e164);
        }
        if (chunk.numbers.length >= CHECK_CHUNK || chunk.rows.length >= CHUNK_ROWS) {
          if (!(await dispatch(chunk))) {
            reading = false;
            break;
          }
          chunk = { rows: [], numbers: [], done: false, answers: new Map() };
        }
      }
      if (reading && chunk.rows.length) reading = await dispatch(chunk);
      readAll = reading;
      // Every chunk in flight is answered (or given up at the deadline) and written before the call answers.
      while (inFlight > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      await flush();
    }
  } finally {
    deadline.dispose();
  }
  // What was answered but could not be written yet (after a chunk that failed) waits for the next call.
  for (const chunk of window) {
    for (const [n, a] of chunk.answers) if (pending.size < MAX_PENDING) pending.set(n, a);
  }

  const now = await input.handle.stat();
  if (
    now.size !== input.size ||
    now.mtimeMs !== input.mtimeMs ||
    (readAll && hash.digest('hex') !== state.sha256)
  ) {
    throw new JobError(
      `${input.requested} changed while it was being checked; call again to check it from the start (results of the old content are not kept).`,
    );
  }

  const done = tally.rows === scan.rows;
  await checkpoint.saveState({
    ...state,
    done,
    ...(!done && pending.size ? { pending: Object.fromEntries(pending) } : {}),
  });
  // What the model must fix before anything can go on (no key, a refused key...) is an error result.
  if (!done && stop?.why === 'error' && !stop.retryable) throw stop.error;
  // Out of time, requests or the API's patience for now: the same call goes on later.
  const status: CheckStatus = done ? 'done' : stop?.why === 'error' ? 'stopped' : 'continue';
  return {
    status,
    location: checkpoint.location,
    answer: answerOf({
      input,
      scan,
      country,
      ctx,
      tally,
      checkpoint,
      status,
      stop,
      startedOver,
      requests,
      checkedNow,
      throttle,
    }),
  };
}

/** One input row as a result row waiting for its check: the number read, or why it cannot be. */
function readRow(
  row: number,
  cells: readonly string[],
  layout: Layout,
  defaultCountry: string | undefined,
  read: Awaited<ReturnType<typeof phoneReader>>,
  facts: Awaited<ReturnType<typeof numberFacts>>,
  firstRow: Map<string, number>,
): ResultRow {
  const raw = cells[layout.numberColumn] ?? '';
  const result: ResultRow = {
    row,
    number: raw.length > 64 ? `${raw.slice(0, 63)}…` : raw,
    e164: '',
    country: '',
    number_type: '',
    not_portable_reason: '',
    error: '',
  };
  let country = defaultCountry;
  if (layout.countryColumn !== undefined) {
    const given = countryCell(cells[layout.countryColumn] ?? '');
    if ('error' in given) return { ...result, error: given.error };
    country = given.country ?? country;
  }
  const cell = cellText(raw);
  if ('error' in cell) return { ...result, error: cell.error };
  // As in every tool, a number already in E.164 is taken as it is (src/mcp/phones.ts).
  const phone = E164_RE.test(cell.text) ? { e164: cell.text } : read(cell.text, country);
  if ('error' in phone) return { ...result, error: phone.error };
  result.e164 = phone.e164;
  const first = firstRow.get(phone.e164);
  if (first !== undefined) result.duplicate_of = first;
  else firstRow.set(phone.e164, row);
  const known = facts(phone.e164);
  result.country = known.country ?? '';
  result.number_type = known.type ?? '';
  return result;
}

/** The answers a saved state kept for the next call, as far as they are as this server wrote them. */
function pendingOf(state: JobState): Array<[string, Answer]> {
  const kept = state.pending;
  if (!kept || typeof kept !== 'object') return [];
  const flag = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : '');
  return Object.entries(kept)
    .slice(0, MAX_PENDING)
    .filter(([n, a]) => E164_RE.test(n) && a && typeof a === 'object')
    .map(([n, a]) => [
      n,
      {
        portable: flag(a.portable),
        fast_portable: flag(a.fast_portable),
        not_portable_reason: text(a.not_portable_reason),
        error: text(a.error),
      },
    ]);
}

/** Numbers a 422 names by pointer (/phone_numbers/3), with the API's reason. */
function refusedNumbers(error: TelnyxError, numbers: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (error.kind !== 'invalid') return out;
  for (const item of error.errors) {
    const m = /^\/phone_numbers\/(\d{1,4})$/.exec(item.source?.pointer ?? '');
    const n = m ? numbers[Number(m[1])] : undefined;
    if (n) out.set(n, (item.detail ?? item.title ?? 'refused').slice(0, 200));
  }
  return out;
}

export const locationText = (l: Location) => ('path' in l ? l.path : l.uri);

/** Where the results are, how to read them (in parts when large) and how to keep them, for the answer. */
export function whereResults(l: Location, install?: string): Record<string, unknown> {
  if ('path' in l) return { results_file: shown(l.path, 300) };
  return {
    results_resource: l.uri,
    ...(l.parts ? { results_parts: l.parts, read_parts: l.read_parts } : {}),
    results_kept: `in this server's memory until it stops: read the resource (resources/read), or set an output folder (${outputFolderSetting(install)}) to get a file`,
  };
}

function answerOf(o: {
  input: CsvInput;
  scan: Scan;
  country?: string;
  ctx: JobContext;
  tally: Tally;
  checkpoint: Checkpoint;
  status: CheckStatus;
  stop?: Stop;
  startedOver?: string;
  requests: number;
  checkedNow: number;
  throttle: Throttle;
}): Record<string, unknown> {
  const { tally, scan, stop, ctx } = o;
  const { status } = o;
  const again = `Call portability_check_file again with the same arguments to continue after row ${tally.lastRow} (${tally.rows} of ${scan.rows} rows done; nothing is checked twice).`;
  const next =
    status === 'done'
      ? ctx.exposes('order_create')
        ? 'All rows checked. order_create_from_file (same path, a customer_group_reference) creates draft orders for the portable numbers only.'
        : 'All rows checked.'
      : stop?.why === 'rate'
        ? `The API is rate limiting (asked to wait ${stop.seconds} s). ${again}`
        : stop?.why === 'error'
          ? `Stopped by an API error: ${errorText(stop.error)}. ${again}`
          : again;
  const extra: Record<string, unknown> = {
    status,
    file: shown(o.input.requested),
    ...(ctx.settings.api === 'sandbox'
      ? { sandbox: 'simulated results (sandbox mode), not real portability' }
      : {}),
    ...(o.startedOver ? { started_over: o.startedOver } : {}),
    read_as: {
      header: scan.layout.header,
      delimiter: DELIMITERS[o.input.delimiter] ?? o.input.delimiter,
      number_column: scan.layout.numberLabel,
      ...(scan.layout.countryLabel ? { country_column: scan.layout.countryLabel } : {}),
      ...(o.country ? { default_country: o.country } : {}),
    },
    rows: scan.rows,
    checked_this_call: o.checkedNow,
    requests_this_call: o.requests,
    ...(o.throttle.rateLimited ? { rate_limited_this_call: o.throttle.rateLimited } : {}),
  };
  return tally.report(extra, { ...whereResults(o.checkpoint.location, ctx.settings.install), next });
}

function errorText(error: unknown): string {
  if (error instanceof TelnyxError) {
    const item = error.errors[0];
    const detail = item ? `${item.title ?? ''}${item.detail ? `: ${item.detail}` : ''}` : '';
    return `${error.message}${detail ? ` (${detail})` : ''}`.slice(0, 300);
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
