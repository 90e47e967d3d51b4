/**
 * Diagnostics go to stderr (stdout is the protocol channel in stdio mode). Every line passes through
 * redaction so a secret can never be logged, whatever the message carries.
 */
export function createLogger(
  secrets: Array<string | undefined>,
  write = (line: string) => process.stderr.write(line),
) {
  const hidden = secrets.filter((s): s is string => !!s && s.length >= 4);
  const redact = (text: string) => hidden.reduce((acc, s) => acc.split(s).join('[redacted]'), text);
  return {
    info: (message: string) => write(`[telnyx-porting-mcp] ${redact(message)}\n`),
    error: (message: string, error?: unknown) =>
      write(
        `[telnyx-porting-mcp] error: ${redact(message)}${error ? `: ${redact(error instanceof Error ? error.message : String(error))}` : ''}\n`,
      ),
  };
}

export type Logger = ReturnType<typeof createLogger>;
