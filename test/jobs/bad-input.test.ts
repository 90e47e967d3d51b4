import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

const GOOD = 'Phone,Country\n+1 303 555 0100,US\n3035550101,US\n';

describe('bad input gets a clear error, before any request, and loses nothing', () => {
  let root: string;
  let files: string;
  let out: string;
  let s: Awaited<ReturnType<typeof sandboxSession>>;
  const requests = () => s.exchanges.filter((e) => e.operationId === 'PostPortabilityCheck').length;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-bad-'));
    files = path.join(root, 'in');
    out = path.join(root, 'out');
    mkdirSync(files);
    mkdirSync(out);
    s = await sandboxSession({}, { filesDir: [files], outputDir: out });
  });
  afterAll(async () => {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function refused(name: string, content: string | Buffer | undefined, args: Json, pattern: RegExp) {
    if (content !== undefined) writeFileSync(path.join(files, name), content);
    const before = requests();
    const result = await s.mcp.call('portability_check_file', { path: name, ...args });
    expect(result.isError, `${name}: ${textOf(result)}`).toBe(true);
    expect(textOf(result)).toMatch(pattern);
    expect(requests(), name).toBe(before);
    return textOf(result);
  }

  it('refuses what is not a CSV, saying to save it as CSV', async () => {
    const xlsx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from('\u0014\u0000\u0006\u0000[Content_Types].xml xl/workbook.xml'),
    ]);
    await refused(
      'book.xlsx',
      xlsx,
      {},
      /book\.xlsx is an Excel workbook \(\.xlsx\), not a CSV; open it and save it as "CSV UTF-8"/,
    );
    await refused('scan.csv', '%PDF-1.7\n1 0 obj\n', {}, /scan\.csv is a PDF, not a CSV/);
    await refused(
      'blob.csv',
      Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7]),
      {},
      /blob\.csv is not a text file; save it as CSV/,
    );
    await refused('empty.csv', '', {}, /empty\.csv is empty/);
    await refused('blank.csv', '\n\n  \n', {}, /blank\.csv has no rows/);
    await refused('header.csv', 'Name,Phone\n', {}, /header\.csv has a header row but no rows of numbers/);
  });

  it('names the headers it found when no column holds phone numbers, or the column asked for is not there', async () => {
    await refused(
      'people.csv',
      'Name,Email\nAda,ada@example.com\nBob,bob@example.com\n',
      {},
      /No column of phone numbers found; headers: 1: Name, 2: Email\. Pass column/,
    );
    await refused(
      'two.csv',
      'Primary,Secondary\n+13035550100,+13035550101\n',
      {},
      /Several columns hold phone numbers: "Primary" \(column 1\), "Secondary" \(column 2\)\. Pass column/,
    );
    await refused(
      'two.csv',
      undefined,
      { column: 'Mobile' },
      /column "Mobile" is not a header of the file; headers: 1: Primary, 2: Secondary/,
    );
    await refused('two.csv', undefined, { column: '9' }, /column 9: the file has 2 column/);
    await refused('two.csv', undefined, { column: '1', country_column: '1' }, /name the same column/);
    await refused(
      'quote.csv',
      'Phone\n"+13035550100\n+13035550101\n',
      {},
      /a quote \("\) opened at row 2 is never closed/,
    );
  });

  it('refuses a file over 100,000 rows before any request', async () => {
    const rows = Array.from({ length: 100_001 }, (_, i) => `+1303${String(5_000_000 + i)}`);
    await refused(
      'huge.csv',
      `Phone\n${rows.join('\n')}\n`,
      {},
      /huge\.csv has more than 100,000 rows; split it into files of at most 100,000 rows\. Nothing was checked/,
    );
  });

  it('refuses paths outside the allowed folders, and a country the number plan does not know', async () => {
    writeFileSync(path.join(root, 'secret.csv'), GOOD);
    await refused(path.join(root, 'secret.csv'), undefined, {}, /does not exist in the allowed directories/);
    await refused('../secret.csv', undefined, {}, /contains "\.\."/);
    symlinkSync(path.join(root, 'secret.csv'), path.join(files, 'link.csv'));
    await refused('link.csv', undefined, {}, /link\.csv does not exist in the allowed directories/);
    await refused(
      'good.csv',
      GOOD,
      { country: 'ZZ' },
      /country ZZ is not a country code the number plan knows/,
    );
    const plain = await connect({ baseUrl: s.sandbox.url });
    const off = await plain.call('portability_check_file', { path: '/tmp/x.csv' });
    expect(textOf(off)).toMatch(
      /Reading local files is off: allow the folder holding the CSV with --files-dir/,
    );
    await plain.close();
  });

  it('reports rows it cannot read (no country code, mixed countries) with their row numbers, never guessing', async () => {
    writeFileSync(path.join(files, 'mixed.csv'), 'Phone\n+13035550100\n020 7946 0000\n+44 20 7946 0001\n');
    const result = await s.mcp.call('portability_check_file', { path: 'mixed.csv' });
    const a = result.structuredContent as Json;
    expect(a.status).toBe('done');
    expect(a.numbers_checked).toBe(2);
    expect(a.invalid_rows).toEqual({
      count: 1,
      first: [
        expect.stringMatching(
          /^row 3: "020 7946 0000" has no country code: write it with \+ and the country code/,
        ),
      ],
    });
  });

  it('never writes over a file that is not its own results, nor through a symlink', async () => {
    writeFileSync(path.join(files, 'mine.csv'), GOOD);
    writeFileSync(path.join(out, 'mine.results.csv'), 'my,own,notes\n1,2,3\n');
    await refused(
      'mine.csv',
      undefined,
      {},
      /mine\.results\.csv exists and is not a results file of this server; move it away or name another file/,
    );
    expect(readFileSync(path.join(out, 'mine.results.csv'), 'utf8')).toBe('my,own,notes\n1,2,3\n');

    writeFileSync(path.join(files, 'linked.csv'), GOOD);
    const target = path.join(root, 'elsewhere.csv');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, path.join(out, 'linked.results.csv'));
    await refused(
      'linked.csv',
      undefined,
      {},
      /linked\.results\.csv exists and is not a results file of this server/,
    );
    expect(readFileSync(target, 'utf8')).toBe('precious\n');

    // A foreign file at the state's name: refused, and the results file just made is taken away again.
    writeFileSync(path.join(files, 'state.csv'), GOOD);
    writeFileSync(path.join(out, 'state.results.job.json'), '{"someone":"else"}');
    await refused(
      'state.csv',
      undefined,
      {},
      /state\.results\.job\.json exists and is not a results file of this server/,
    );
    expect(existsSync(path.join(out, 'state.results.csv'))).toBe(false);
    expect(readFileSync(path.join(out, 'state.results.job.json'), 'utf8')).toBe('{"someone":"else"}');
  });

  it('refuses to mix the results of two files with the same name', async () => {
    const a = path.join(files, 'a');
    const b = path.join(files, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, 'list.csv'), GOOD);
    writeFileSync(path.join(b, 'list.csv'), GOOD);
    const first = await s.mcp.call('portability_check_file', { path: 'a/list.csv' });
    expect(first.isError, textOf(first)).toBeFalsy();
    const text = await refused(
      'b/list.csv',
      undefined,
      {},
      /list\.results\.csv holds the results of another file named list\.csv; move that results file away or rename list\.csv/,
    );
    // Only the other file's name: its folder (a path of the user's machine) is not told.
    expect(text).not.toContain(files);
  });

  it('says when the output folder is gone', async () => {
    writeFileSync(path.join(files, 'gone.csv'), GOOD);
    const dir = path.join(root, 'vanishing');
    mkdirSync(dir);
    const v = await connect({ baseUrl: s.sandbox.url, filesDir: [files], outputDir: dir });
    rmSync(dir, { recursive: true });
    const result = await v.call('portability_check_file', { path: 'gone.csv' });
    expect(textOf(result)).toMatch(
      /Cannot keep the results: the output folder .*vanishing does not exist any more/,
    );
    await v.close();
  });

  it('order_create_from_file wants a finished check of the same content, and results of the same API', async () => {
    writeFileSync(path.join(files, 'unchecked.csv'), GOOD);
    const ordersBefore = s.sandbox.store.orders.size;
    const none = await s.mcp.call('order_create_from_file', {
      path: 'unchecked.csv',
      customer_group_reference: 'g',
    });
    expect(textOf(none)).toMatch(
      /unchecked\.csv has no results yet\. Check it first: portability_check_file with path unchecked\.csv, until its status is "done"/,
    );

    writeFileSync(path.join(files, 'edited.csv'), GOOD);
    expect((await s.mcp.call('portability_check_file', { path: 'edited.csv' })).isError).toBeFalsy();
    writeFileSync(path.join(files, 'edited.csv'), `${GOOD}+13035550102\n`);
    const changed = await s.mcp.call('order_create_from_file', {
      path: 'edited.csv',
      customer_group_reference: 'g',
    });
    expect(textOf(changed)).toMatch(/edited\.csv changed since it was checked\. Check it first/);

    // Results made in sandbox mode never become real orders (and the other way round).
    const dir = path.join(root, 'sandboxed');
    mkdirSync(dir);
    const sandboxed = await connect({
      baseUrl: s.sandbox.url,
      sandbox: true,
      filesDir: [files],
      outputDir: dir,
    });
    const checked = await sandboxed.call('portability_check_file', { path: 'good.csv' });
    expect((checked.structuredContent as Json).sandbox).toMatch(/simulated/);
    await sandboxed.close();
    const real = await connect({ baseUrl: s.sandbox.url, filesDir: [files, dir], outputDir: dir });
    const mixed = await real.call('order_create_from_file', {
      path: 'good.csv',
      customer_group_reference: 'g',
    });
    expect(textOf(mixed)).toMatch(
      /These results were made against the sandbox, and this server talks to local; check the file again here first/,
    );
    const direct = await real.call('order_create_from_file', {
      path: path.join(dir, 'good.results.csv'),
      customer_group_reference: 'g',
    });
    expect(textOf(direct)).toMatch(/made against the sandbox/);
    await real.close();
    expect(s.sandbox.store.orders.size).toBe(ordersBefore);
    expect(readdirSync(dir).sort()).toEqual(['good.results.csv', 'good.results.job.json']);
  });
});
