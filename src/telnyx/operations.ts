import { unsafeSegment } from '../catalog/request.js';

/** What the client needs of a catalog entry to recognise its requests. */
export interface Operation {
  method: string;
  /** Path template, `{x}` = one path parameter. */
  path: string;
}

/**
 * Whether a built request (method + percent-encoded path) is one of the operations: same method,
 * the template's literal segments exactly, and each parameter one non-empty segment that decodes to a
 * safe value. Compared segment by segment (linear, no pattern built from the templates).
 */
export function matchesOperation(method: string, path: string, operations: readonly Operation[]): boolean {
  const segments = path.split('/');
  return operations.some((op) => {
    if (op.method !== method) return false;
    const template = op.path.split('/');
    if (template.length !== segments.length) return false;
    return template.every((part, i) => {
      const segment = segments[i] as string;
      if (!(part.startsWith('{') && part.endsWith('}'))) return part === segment;
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return unsafeSegment(decoded) === undefined && encodeURIComponent(decoded) === segment;
    });
  });
}
