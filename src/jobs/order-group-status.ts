import { z } from 'zod';
import { dateTime } from '../catalog/endpoint.js';
import { groupArgument } from './group-orders.js';
import type { Workflow } from './workflow.js';

export const orderGroupStatus: Workflow = {
  name: 'order_group_status',
  title: 'Status of a group of orders',
  description:
    "A group's orders and numbers by status, FOC dates, what needs action (with the tool that fixes it) and changes since a time; export writes every number as CSV.",
  toolset: 'orders',
  effect: 'read',
  after: 'order_get',
  uses: ['order_list'],
  mayUse: ['event_list', 'order_verification_code_list', 'porting_number_list'],
  input: z.object({
    ...groupArgument,
    since: dateTime('Changes since (default 24 h ago)').optional(),
    export: z.boolean().optional().describe('Write every number as CSV'),
  }),
  run: async (args, ctx) => (await import('./group-status.js')).statusOfGroup(args, ctx),
};
