import { z } from 'zod';

/** Every option of the server, with its default. Only cli.ts reads the environment to fill it. */
export const ConfigSchema = z.object({
  apiKey: z.string().min(1).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.telnyx.com/v2'),
  timeoutMs: z.int().min(100).max(600_000).default(30_000),
  maxRetries: z.int().min(0).max(2).default(2),
  retryBaseMs: z.int().min(0).max(60_000).default(500),
  maxRetryAfterMs: z.int().min(0).max(600_000).default(20_000),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** The environment variables we read, and the option each fills. */
export const ENV = {
  TELNYX_API_KEY: 'apiKey',
  TELNYX_BASE_URL: 'baseUrl',
  TELNYX_TIMEOUT_MS: 'timeoutMs',
} as const;

export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  const input: Record<string, unknown> = {};
  if (env.TELNYX_API_KEY?.trim()) input.apiKey = env.TELNYX_API_KEY.trim();
  if (env.TELNYX_BASE_URL?.trim()) input.baseUrl = env.TELNYX_BASE_URL.trim();
  if (env.TELNYX_TIMEOUT_MS?.trim()) input.timeoutMs = Number(env.TELNYX_TIMEOUT_MS);
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const names = Object.fromEntries(Object.entries(ENV).map(([k, v]) => [v, k]));
    const problems = parsed.error.issues.map(
      (i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
