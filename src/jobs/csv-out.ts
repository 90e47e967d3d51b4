import { stringify } from 'csv-stringify';
import { openOwnFile } from '../files/output.js';
import { resourceLocation } from './results-parts.js';
import { type JobContext, JobError, outputFolderSetting } from './workflow.js';

/**
 * Where a results file went: a path in the output folder, or a resource of this process (with its
 * parts when it is too large for one read).
 */
export type Location = { path: string } | { uri: string; parts?: number; read_parts?: string };

/** The first line of every CSV this server writes starts with these columns: how it knows its own files. */
export const isOurCsv = (head: string, header: readonly string[]) =>
  head.replace(/^\uFEFF/, '').startsWith(`${header.join(',')}\n`) ||
  head.replace(/^\uFEFF/, '').startsWith(`${header.join(',')}\r\n`);

/**
 * Writes a whole CSV (header, then rows as they come, streamed) to the output folder, replacing an
 * earlier file of this server's with the same name and never anyone else's; without an output folder,
 * into the results store as a resource (bounded: the store drops its oldest files first).
 */
export async function writeCsv(
  ctx: Pick<JobContext, 'settings' | 'results'>,
  name: string,
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
): Promise<Location> {
  const csv = stringify({ header: true, columns: [...header], record_delimiter: 'unix' });
  const dir = ctx.settings.outputDir;
  if (dir) {
    const file = await openOwnFile(dir, name, (head) => isOurCsv(head, header));
    if (typeof file === 'string') throw new JobError(`Cannot write the results: ${file}`);
    let out: ReturnType<typeof file.handle.createWriteStream> | undefined;
    try {
      await file.handle.truncate(0);
      out = file.handle.createWriteStream({ start: 0, autoClose: false });
      const stream = out;
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
        csv.on('error', reject);
      });
      csv.pipe(out);
      for await (const row of rows) if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
      csv.end();
      await done;
    } finally {
      // The stream holds the handle until it is destroyed: close() would wait for it forever.
      out?.destroy();
      await file.handle.close();
    }
    return { path: file.shown };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  csv.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= ctx.results.maxBytes) chunks.push(chunk);
  });
  const ended = new Promise<void>((resolve, reject) => {
    csv.on('end', resolve);
    csv.on('error', reject);
  });
  for await (const row of rows) csv.write(row);
  csv.end();
  await ended;
  const stored =
    size <= ctx.results.maxBytes
      ? ctx.results.put({ name, title: name, mimeType: 'text/csv', bytes: Buffer.concat(chunks) })
      : undefined;
  if (!stored) {
    throw new JobError(
      `The results (${size} bytes) are too large to keep in memory; allow an output folder (${outputFolderSetting(ctx.settings.install)}) to write them to a file.`,
    );
  }
  return resourceLocation(stored.uri, stored.bytes);
}
