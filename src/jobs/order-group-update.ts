import { z } from 'zod';
import { byName } from '../catalog/index.js';
import { shownAs } from '../mcp/json-schema.js';
import { groupArgument } from './group-orders.js';
import type { Workflow } from './workflow.js';

// The same zod pieces as order_update: identical validation, and phone numbers normalised alike.
const update = (byName.get('order_update')?.input.shape ?? {}) as Record<string, z.ZodType>;
/**
 * The order_update fields that mean the same for every order of a group. Not webhook_url (data sent
 * out, confirmed per order), not references (they name the orders and the group); not
 * phone_number_configuration, to keep tools/list small (order_update sets it per order).
 */
export const GROUP_FIELDS = ['end_user', 'documents', 'activation_settings', 'misc', 'requirements'] as const;

// Shown as "as order_update" (its schema is served beside this tool): ~550 tokens fewer on every turn.
const input = z.object({
  ...groupArgument,
  ...Object.fromEntries(
    GROUP_FIELDS.map((f) => [
      f,
      shownAs(
        update[f] as z.ZodType,
        { type: f === 'requirements' ? 'array' : 'object', description: `As order_update's ${f}` },
        'order_update',
      ),
    ]),
  ),
});

export const orderGroupUpdate: Workflow = {
  name: 'order_group_update',
  title: 'Update a group of orders',
  description:
    'Set the same order_update fields on every draft or exception order of a group (customer_group_reference); answers with counts and the first failures.',
  toolset: 'orders',
  effect: 'write',
  idempotent: true,
  after: 'order_update',
  uses: ['order_list', 'order_update'],
  mayUse: ['order_requirements_list'],
  input,
  run: async (args, ctx) => (await import('./group-update.js')).updateGroup(args, ctx),
};
