// What `npm run bench` does with its figures: it always prints them; it rewrites the tracked
// BENCHMARKS.md only when asked with --write, so a run to look at numbers changes no file.
import { writeFileSync } from 'node:fs';

export const USAGE =
  'usage: npm run bench [-- --write]   (--write: also rewrite BENCHMARKS.md with the figures)';

/** The run's options, or the reason to stop before measuring anything. */
export function benchArgs(argv) {
  const unknown = argv.filter((a) => a !== '--write');
  if (unknown.length) return { error: `unknown argument: ${unknown.join(' ')}\n${USAGE}` };
  return { write: argv.includes('--write') };
}

/** Writes `doc` to `file` only with `write`; returns the line that says what happened. */
export function publish(doc, { write, file }) {
  if (!write) return 'BENCHMARKS.md is unchanged: `npm run bench -- --write` rewrites it with these figures.';
  writeFileSync(file, doc);
  return `Wrote ${file}`;
}
