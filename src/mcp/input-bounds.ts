/**
 * Bounds every argument is held to before any pattern, schema or phone parser sees it, so no input
 * can make validation slow: string length, nesting depth, number of values. One linear walk.
 */
export const MAX_STRING = 10_000;
export const MAX_DEPTH = 32;
export const MAX_VALUES = 50_000;

/**
 * Problems as "- path: why" lines (empty = within bounds). Stops at the first problem of each kind.
 * `long` names argument paths with a larger cap of their own (a file's base64 content).
 */
export function boundProblems(args: unknown, long: Readonly<Record<string, number>> = {}): string[] {
  const problems: string[] = [];
  let tooLong = false;
  let tooDeep = false;
  let count = 0;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: args, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (++count > MAX_VALUES) {
      problems.push(`- (arguments): more than ${MAX_VALUES} values; split the work into several calls`);
      break;
    }
    if (typeof value === 'string') {
      const cap = Object.hasOwn(long, path) ? (long[path] as number) : MAX_STRING;
      if (!tooLong && value.length > cap) {
        tooLong = true;
        problems.push(`- ${path || '(arguments)'}: longer than ${cap} characters`);
      }
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        if (!tooDeep) problems.push(`- ${path || '(arguments)'}: nested deeper than ${MAX_DEPTH} levels`);
        tooDeep = true;
        continue;
      }
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--)
          stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      } else {
        for (const [key, v] of Object.entries(value)) {
          const at = path ? `${path}.${key.slice(0, 64)}` : key.slice(0, 64);
          if (key.length > 64) {
            problems.push(`- ${at}…: property names are at most 64 characters`);
            return problems;
          }
          stack.push({ value: v, path: at, depth: depth + 1 });
        }
      }
    }
  }
  return problems;
}
