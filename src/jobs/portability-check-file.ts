import { z } from 'zod';
import { country } from '../catalog/endpoint.js';
import type { Workflow } from './workflow.js';

export const fileInput = {
  path: z.string().describe('CSV file in an allowed folder'),
};

/** portability_check_file: a spreadsheet of numbers in, a results CSV out, a summary as the answer. */
export const portabilityCheckFile: Workflow = {
  name: 'portability_check_file',
  title: 'Check portability of a CSV',
  description:
    'Check every number of a CSV file (any size); writes a results CSV and answers with a summary. On "continue", call again with the same arguments.',
  toolset: 'portability',
  effect: 'read',
  after: 'portability_check',
  uses: ['portability_check'],
  input: z.object({
    ...fileInput,
    column: z.string().optional().describe('Number column: header or 1-based'),
    country_column: z.string().optional().describe('Country column (ISO codes)'),
    country: country(),
  }),
  async run(input, ctx) {
    const { checkFile } = await import('./check-file.js');
    return (await checkFile(input as { path: string }, ctx)).answer;
  },
};
