import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLayout } from '../../src/jobs/columns.js';
import { detectDelimiter } from '../../src/jobs/csv-input.js';
import { cellText, countryCell, looksLikePhone } from '../../src/jobs/phone-cells.js';
import { textOf } from '../support/mcp.js';
import { sandboxSession } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;

describe('numbers as spreadsheets export them', () => {
  it('undoes what a spreadsheet added where every digit survived, and reports the rest', () => {
    const ok: Array<[string, string]> = [
      ['+1 (303) 555-0100', '+1 (303) 555-0100'],
      ["'+13035550100", '+13035550100'],
      ['="+13035550100"', '+13035550100'],
      ['3035550100.0', '3035550100'],
      ['3035550100,00', '3035550100'],
      ['1.3035550100E+10', '13035550100'],
      ['1,3035550100E+10', '13035550100'],
      ['4.42079460000e11', '442079460000'],
      ['  +44 20 7946 0000\u00a0', '+44 20 7946 0000'],
      ['tel:+1-303-555-0100', 'tel:+1-303-555-0100'],
    ];
    for (const [raw, text] of ok) expect(cellText(raw), raw).toEqual({ text });
    const bad: Array<[string, RegExp]> = [
      ['1.30356E+10', /rounded by the spreadsheet \(scientific notation\): format the column as text/],
      ['1E+10', /rounded by the spreadsheet/],
      ['1.23456789012E+5', /is a decimal number, not a phone number/],
      ['+1 303 555 0100 x12', /has an extension \(x12\)/],
      ['+1 303 555 0100 ext. 7', /has an extension \(ext\. 7\)/],
      ['tel:+13035550100;ext=12', /has an extension \(;ext=12\)/],
      ['303-555-0100 #44', /has an extension \(#44\)/],
      ['', /empty cell/],
      ['9'.repeat(65), /65 characters: too long to be a phone number/],
    ];
    for (const [raw, because] of bad) {
      const cell = cellText(raw);
      expect('error' in cell && cell.error, raw).toMatch(because);
    }
    expect(looksLikePhone('1.30356E+10')).toBe(true);
    expect(looksLikePhone('ada@example.com')).toBe(false);
    expect(looksLikePhone('12345')).toBe(false);
    expect(countryCell(' uk ')).toEqual({ country: 'GB' });
    expect(countryCell('')).toEqual({});
    expect(countryCell('USA')).toEqual({ error: 'country "USA" is not a 2-letter ISO code like US' });
  });

  it('tells the separator from the first lines, quotes and decimal commas included', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(detectDelimiter('a;b\n"x;y";1,5\n2;3,4\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('+13035550100\n+13035550101\n')).toBe(',');
    expect(detectDelimiter('"Doe, Jane",+13035550100\n"Roe, Rick",+13035550101\n')).toBe(',');
  });

  it('finds the header and the column of numbers, preferring a phone-like name', () => {
    const rows = [
      ['Account number', 'Phone', 'Country'],
      ['3035559999', '+13035550100', 'US'],
      ['3035558888', '+13035550101', 'us'],
    ];
    expect(chooseLayout(rows, {})).toMatchObject({
      header: true,
      numberColumn: 1,
      countryColumn: 2,
      numberLabel: '"Phone" (column 2)',
    });
    // Without names, two columns of digits cannot be told apart: the caller is asked.
    expect(() => chooseLayout(rows.slice(1), {})).toThrow(
      /Several columns hold phone numbers: column 1, column 2/,
    );
    expect(chooseLayout([['+13035550100'], ['3035550101']], {})).toMatchObject({
      header: false,
      numberColumn: 0,
    });
    expect(() => chooseLayout(rows.slice(1), { column: 'Phone' })).toThrow(
      /no header row; give the column's number/,
    );
    expect(chooseLayout(rows, { column: ' phone ' }).numberColumn).toBe(1);
    expect(chooseLayout(rows, { column: '1', country_column: '3' })).toMatchObject({
      numberColumn: 0,
      countryColumn: 2,
    });
  });
});

describe('files as spreadsheets save them, checked end to end', () => {
  let root: string;
  let files: string;
  let out: string;
  let s: Awaited<ReturnType<typeof sandboxSession>>;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tpm-formats-'));
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

  /** Checks a file and returns its results as [row, e164 or error] pairs, with the answer. */
  async function check(name: string, content: string | Buffer, args: Json = {}) {
    writeFileSync(path.join(files, name), content);
    const result = await s.mcp.call('portability_check_file', { path: name, ...args });
    expect(result.isError, textOf(result)).toBeFalsy();
    const base = name.replace(/\.(csv|txt|tsv)$/i, '');
    const rows = parse(readFileSync(path.join(out, `${base}.results.csv`), 'utf8'), {
      from_line: 2,
    }) as string[][];
    return { answer: result.structuredContent as Json, rows: rows.map((r) => [Number(r[0]), r[2] || r[8]]) };
  }

  it('semicolons, a BOM, CRLF line ends and decimal commas (a European Excel export)', async () => {
    const { answer, rows } = await check(
      'europe.csv',
      '\uFEFFNom;Téléphone;Pays\r\nA;1,3035550100E+10;US\r\nB;+33 1 23 45 67 89;\r\nC;01 23 45 67 88;FR\r\n',
      { country_column: 'pays' },
    );
    expect(answer.read_as).toMatchObject({
      header: true,
      delimiter: 'semicolon',
      number_column: '"Téléphone" (column 2)',
    });
    expect(rows).toEqual([
      [2, '+13035550100'],
      [3, '+33123456789'],
      [4, '+33123456788'],
    ]);
  });

  it('UTF-16 tab-separated text (Excel "Unicode Text")', async () => {
    const { answer, rows } = await check(
      'unicode.txt',
      Buffer.from('\uFEFFName\tPhone\nAda\t+13035550101\n', 'utf16le'),
    );
    expect(answer.read_as.delimiter).toBe('tab');
    expect(rows).toEqual([[2, '+13035550101']]);
  });

  it('no header, blank lines (rows keep their numbers), a default country', async () => {
    const { answer, rows } = await check('plain.csv', '+13035550102\n\n3035550103\n\n\n303 555 0104\n', {
      country: 'US',
    });
    expect(answer.read_as).toMatchObject({ header: false, number_column: 'column 1', default_country: 'US' });
    expect(rows).toEqual([
      [1, '+13035550102'],
      [3, '+13035550103'],
      [6, '+13035550104'],
    ]);
  });

  it('quoted fields with commas and line breaks, Windows-1252 names, a column named by number', async () => {
    const { rows } = await check(
      'quoted.csv',
      Buffer.from(
        'Name,Phone\n"Doe, Jane","+1 (303) 555-0104"\n"Jos\xe9\nline two",+13035550105\n',
        'latin1',
      ),
      { column: '2' },
    );
    expect(rows).toEqual([
      [2, '+13035550104'],
      [3, '+13035550105'],
    ]);
  });

  it('every spreadsheet form of a number in one column', async () => {
    const { rows, answer } = await check(
      'forms.csv',
      [
        'Phone,Country',
        "'+13035550110,",
        '"=""+13035550111""",',
        '3035550112.0,US',
        '1.3035550113E+10,',
        'tel:+1-303-555-0114,',
        '1-303-555-0115,',
        '1.30356E+10,US',
        '+1 303 555 0116 ext 9,',
        '0044 20 7946 0117,',
      ].join('\n'),
    );
    expect(rows.map((r) => r[1])).toEqual([
      '+13035550110',
      '+13035550111',
      '+13035550112',
      '+13035550113',
      '+13035550114',
      '+13035550115',
      expect.stringMatching(/rounded by the spreadsheet/),
      expect.stringMatching(/has an extension/),
      '+442079460117',
    ]);
    expect(answer.invalid_rows.count).toBe(2);
  });
});
