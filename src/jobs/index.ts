import { orderCreateFromFile } from './order-create-from-file.js';
import { orderGroupConfirm } from './order-group-confirm.js';
import { orderGroupStatus } from './order-group-status.js';
import { orderGroupUpdate } from './order-group-update.js';
import { portabilityCheckFile } from './portability-check-file.js';
import type { Workflow } from './workflow.js';

/**
 * Every workflow tool, in no particular order (each says which tool it follows in tools/list). Their
 * modules load the heavy parts (CSV parsing, ...) only when a call runs.
 */
export const workflows: readonly Workflow[] = [
  portabilityCheckFile,
  orderCreateFromFile,
  orderGroupUpdate,
  orderGroupConfirm,
  orderGroupStatus,
];

export const workflowByName: ReadonlyMap<string, Workflow> = new Map(workflows.map((w) => [w.name, w]));
