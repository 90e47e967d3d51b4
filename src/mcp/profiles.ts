import type { Endpoint, Toolset } from '../catalog/endpoint.js';

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
  const unknownSets = profile.toolsets.filter((t) => !TOOLSETS.includes(t as Toolset));
  if (unknownSets.length) {
    throw new Error(`Unknown toolset ${unknownSets.join(', ')}; toolsets: ${TOOLSETS.join(', ')}`);
  }
  const names = new Set(catalog.map((e) => e.name));
  const unknownTools = profile.excludeTools.filter((t) => !names.has(t));
  if (unknownTools.length) throw new Error(`Unknown tool ${unknownTools.join(', ')} in the exclusions`);
  return catalog.filter(
    (e) =>
      (!profile.readOnly || e.effect === 'read') &&
      (profile.toolsets.length === 0 || profile.toolsets.includes(e.toolset)) &&
      !profile.excludeTools.includes(e.name),
  );
}
