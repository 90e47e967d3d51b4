import { catalog } from '../../src/catalog/index.js';
import { workflows } from '../../src/jobs/index.js';

/** Tools the default profile serves: every operation, and every workflow over many rows or orders. */
export const DEFAULT_TOOLS = catalog.length + workflows.length;

/** Tools read-only mode serves. */
export const READ_ONLY_TOOLS = [...catalog, ...workflows].filter((t) => t.effect === 'read').length;
