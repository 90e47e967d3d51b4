import { orderGroupConfirm } from './order-group-confirm.js';
import { orderGroupStatus } from './order-group-status.js';
import { orderGroupUpdate } from './order-group-update.js';
import type { Workflow } from './workflow.js';

/**
 * Every workflow tool, in no particular order (each says which tool it follows in tools/list). Their
 * modules load the heavy parts (CSV parsing, ...) only when a call runs.
 */
export const workflows: readonly Workflow[] = [orderGroupUpdate, orderGroupConfirm, orderGroupStatus];

export const workflowByName: ReadonlyMap<string, Workflow> = new Map(workflows.map((w) => [w.name, w]));
