import { z } from 'zod';
import { groupName } from './group-orders.js';
import { fileInput } from './portability-check-file.js';
import type { Workflow } from './workflow.js';

/** order_create_from_file: draft orders for the portable numbers of a checked CSV, as one group. */
export const orderCreateFromFile: Workflow = {
  name: 'order_create_from_file',
  title: 'Create orders from a checked CSV',
  description:
    'Create draft orders for the portable numbers of a CSV checked by portability_check_file. Numbers already ordered under the same reference are skipped: safe to call again.',
  toolset: 'orders',
  effect: 'write',
  idempotent: true,
  after: 'order_create',
  uses: ['order_create', 'order_list'],
  mayUse: ['porting_number_list'],
  input: z.object({
    ...fileInput,
    customer_group_reference: groupName().describe('Group name for the orders'),
  }),
  async run(input, ctx) {
    const { createOrdersFromFile } = await import('./create-orders.js');
    return createOrdersFromFile(input as { path: string; customer_group_reference: string }, ctx);
  },
};
