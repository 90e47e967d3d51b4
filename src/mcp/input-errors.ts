import type { z } from 'zod';

/** Zod issues as one line per bad field: the field's path, what was wrong, what is expected. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => `- ${fieldName(issue.path)}: ${explain(issue, valueAt(input, issue.path))}`);
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(arguments)';
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function explain(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `required (${issue.expected})`;
      if (issue.expected === 'array')
        return `expected a list, got ${shown(value)}; wrap a single value: [${shown(value)}]`;
      return `expected ${issue.expected}, got ${shown(value)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${shown(value)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} item(s)`
        : issue.origin === 'string'
          ? `must not be empty`
          : `must be >= ${issue.minimum}; got ${shown(value)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${issue.maximum} items`
        : `must be <= ${issue.maximum}; got ${shown(value)}`;
    case 'invalid_format':
      return `${issue.message}; got ${shown(value)}`;
    case 'custom':
      return `${issue.message}; got ${shown(value)}`;
    default:
      return issue.message;
  }
}
