import { z } from 'zod';
import { groupArgument } from './group-orders.js';
import type { Workflow } from './workflow.js';

export const orderGroupConfirm: Workflow = {
  name: 'order_group_confirm',
  title: 'Submit a group of orders',
  description:
    "Submit every draft or exception order of a group that passes order_confirm's checks, after one confirmation; lists the rest by what is missing.",
  toolset: 'orders',
  effect: 'destructive',
  after: 'order_confirm',
  uses: ['order_list', 'order_confirm'],
  mayUse: [
    'order_get',
    'order_requirements_list',
    'order_verification_code_list',
    'order_associated_number_list',
  ],
  input: z.object({ ...groupArgument }),
  run: async (args, ctx) => (await import('./group-confirm.js')).confirmGroup(args, ctx),
};
