import type { Endpoint, Toolset } from '../catalog/endpoint.js';
import { catalog as fullCatalog } from '../catalog/index.js';
import { workflows as allWorkflows } from '../jobs/index.js';
import type { Workflow } from '../jobs/workflow.js';

export const TOOLSETS: readonly Toolset[] = [
  'portability',
  'orders',
  'numbers',
  'documents',
  'verification',
  'loa',
  'events',
  'reports',
];

export interface Profile {
  readOnly: boolean;
  /** Empty = every toolset. */
  toolsets: readonly string[];
  excludeTools: readonly string[];
}

/**
 * The operations a server exposes: toolsets and read-only intersect, exclusions win. Anything left
 * out is simply not registered (in compact mode too), so no generic call can reach it.
 */
export function selectEndpoints(catalog: readonly Endpoint[], profile: Profile): Endpoint[] {
  return selectByProfile(catalog, profile, [...catalog, ...allWorkflows]);
}

/**
 * The workflows (work over many rows or orders) a profile serves: the same rules as operations, and
 * every operation a workflow cannot do without must be exposed too, so a workflow never reaches an
 * operation the profile left out (`--exclude-tools order_confirm` also removes order_group_confirm).
 */
export function selectWorkflows(
  exposed: readonly Endpoint[],
  profile: Profile,
  workflows: readonly Workflow[] = allWorkflows,
): Workflow[] {
  const names = new Set(exposed.map((e) => e.name));
  return selectByProfile(workflows, profile, [...fullCatalog, ...allWorkflows]).filter((w) =>
    w.uses.every((tool) => names.has(tool)),
  );
}

function selectByProfile<T extends Pick<Endpoint, 'name' | 'toolset' | 'effect'>>(
  tools: readonly T[],
  profile: Profile,
  known: readonly Pick<Endpoint, 'name'>[],
): T[] {
  const unknownSets = profile.toolsets.filter((t) => !TOOLSETS.includes(t as Toolset));
  if (unknownSets.length) {
    throw new Error(`Unknown toolset ${unknownSets.join(', ')}; toolsets: ${TOOLSETS.join(', ')}`);
  }
  const names = new Set(known.map((e) => e.name));
  const unknownTools = profile.excludeTools.filter((t) => !names.has(t));
  if (unknownTools.length) throw new Error(`Unknown tool ${unknownTools.join(', ')} in the exclusions`);
  return tools.filter(
    (e) =>
      (!profile.readOnly || e.effect === 'read') &&
      (profile.toolsets.length === 0 || profile.toolsets.includes(e.toolset)) &&
      !profile.excludeTools.includes(e.name),
  );
}
