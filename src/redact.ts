/**
 * Replaces every occurrence of a secret (the API key) with "[redacted]": in log lines, and in tool
 * results as a last line of defence should an upstream ever echo the key back in an error or payload.
 */
export function createRedactor(secrets: Array<string | undefined>) {
  const hidden = secrets.filter((s): s is string => !!s && s.length >= 4);
  const text = (value: string) => hidden.reduce((acc, s) => acc.split(s).join('[redacted]'), value);
  /** Same for any JSON value; the value is returned unchanged (same object) when nothing matches. */
  const deep = <T>(value: T): T => {
    if (hidden.length === 0) return value;
    const json = JSON.stringify(value);
    if (json === undefined || !hidden.some((s) => json.includes(s))) return value;
    return JSON.parse(text(json)) as T;
  };
  /** Whether a text contains a secret. */
  const has = (value: string) => hidden.some((s) => value.includes(s));
  return { text, deep, has };
}

export type Redactor = ReturnType<typeof createRedactor>;
