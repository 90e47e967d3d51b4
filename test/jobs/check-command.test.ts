import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../fixtures/spreadsheet.js';
import { CLI } from '../support/stdio.js';

/** The built CLI run to its end (stdin closed, stderr not a terminal: no progress bar). */
function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('telnyx-porting-mcp check FILE.csv', () => {
  let root: string;
  beforeAll(() => {
    // As the command prints it: the real path (the temporary folder may be a symlink, as on macOS).
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tpm-cli-check-')));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('checks a spreadsheet against the sandbox, writes the results next to it and prints the summary', async () => {
    const file = path.join(root, 'numbers.csv');
    writeFileSync(file, generateSheet(500, 5).csv);
    const result = await run(['check', file, '--sandbox']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const results = path.join(root, 'numbers.results.csv');
    expect(result.stdout).toContain(`Results: ${results}`);
    expect(result.stdout).toMatch(
      /numbers\.csv: 500 rows \(with a header, comma-separated; numbers in "Phone" \(column 2\), countries in "Country" \(column 3\)\)/,
    );
    expect(result.stdout).toMatch(/simulated results \(sandbox mode\)/);
    expect(result.stdout).toMatch(/ {2}portable: +\d+ \(FastPort \d+\)/);
    const lines = readFileSync(results, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'row,number,e164,country,number_type,portable,fast_portable,not_portable_reason,error,duplicate_of_row',
    );
    expect(lines.length).toBe(501);

    // Run again: every row is done, nothing is checked.
    const again = await run(['check', file, '--sandbox']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/500 rows done; \d+ distinct numbers checked \(0 by 0 requests this run\)/);
  });

  it('takes --column, --country and --output-dir', async () => {
    const file = path.join(root, 'plain.csv');
    const out = path.join(root, 'out');
    mkdirSync(out);
    writeFileSync(file, 'Name,Mobile\nAda,303 555 0100\nBob,303 555 0107\n');
    const result = await run([
      'check',
      file,
      '--column',
      'Mobile',
      '--country=us',
      '--sandbox',
      '--output-dir',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/numbers in "Mobile" \(column 2\), default country US/);
    expect(existsSync(path.join(out, 'plain.results.csv'))).toBe(true);
    expect(existsSync(path.join(root, 'plain.results.csv'))).toBe(false);
  });

  it('checks a CSV named through a symlink: the file it points to, results beside it', async () => {
    const data = path.join(root, 'data');
    mkdirSync(data);
    writeFileSync(path.join(data, 'real.csv'), 'Phone\n+13035550100\n+13035550107\n');
    const link = path.join(root, 'link.csv');
    symlinkSync(path.join(data, 'real.csv'), link);
    const result = await run(['check', link, '--sandbox']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 rows done/);
    expect(readFileSync(path.join(data, 'real.results.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('exits 2 on bad input with the reason, and writes nothing', async () => {
    const pdf = path.join(root, 'scan.csv');
    writeFileSync(pdf, '%PDF-1.7\n');
    const cases: Array<[string[], RegExp]> = [
      [['check'], /check needs the CSV file to check\.\nUsage: telnyx-porting-mcp check FILE\.csv/],
      [['check', pdf, '--sandbox'], /scan\.csv is a PDF, not a CSV; open it and save it as "CSV UTF-8"/],
      [['check', path.join(root, 'nope.csv'), '--sandbox'], /nope\.csv does not exist/],
      [
        ['check', path.join(root, 'plain.csv'), '--sandbox', '--column', 'Fax'],
        /column "Fax" is not a header of the file; headers: 1: Name, 2: Mobile/,
      ],
      [
        ['check', path.join(root, 'plain.csv'), '--country', 'USA', '--sandbox'],
        /--country: must be an ISO 3166-1 alpha-2 code/,
      ],
      [
        ['check', path.join(root, 'plain.csv')],
        /TELNYX_API_KEY is not set: set it in the environment, or add --sandbox/,
      ],
      [['check', path.join(root, 'plain.csv'), '--sandbox', '--bogus'], /--bogus: unknown option/],
    ];
    for (const [args, pattern] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(pattern);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    expect(existsSync(path.join(root, 'scan.results.csv'))).toBe(false);
  });
});
