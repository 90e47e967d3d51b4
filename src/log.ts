import { createRedactor } from './redact.js';

/**
 * Diagnostics go to stderr (stdout is the protocol channel in stdio mode). Every line passes through
 * redaction so a secret can never be logged, whatever the message carries.
 */
export function createLogger(
  secrets: Array<string | undefined>,
  write = (line: string) => process.stderr.write(line),
) {
  const { text: redact } = createRedactor(secrets);
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  return {
    info: (message: string) => write(`[telnyx-porting-mcp] ${redact(message)}\n`),
    error: (message: string, error?: unknown) =>
      write(`[telnyx-porting-mcp] error: ${redact(error ? `${message}: ${describe(error)}` : message)}\n`),
  };
}

export type Logger = ReturnType<typeof createLogger>;
