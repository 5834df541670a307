import { fieldPath, TeachbackError } from '@teachback/core';
import { z } from 'zod';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

const ServiceUrl = z.url({ protocol: /^https?$/ }).refine(
  (value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || LOOPBACK.test(url.hostname);
  },
  { message: 'must be https (plain http only to a service on this machine): transcripts are PHI' },
);

/**
 * The judge is off unless a URL is set: the offline engine is the default and every target is met
 * without it. Like transcription's http engine: URL, key and model of any OpenAI-compatible
 * chat-completions service, which must be covered by a BAA.
 */
export const JudgeConfig = z.strictObject({
  url: ServiceUrl,
  apiKey: z.string().min(1).optional(),
  /** `bearer` (OpenAI, most servers) or `api-key` (Azure OpenAI). */
  auth: z.enum(['bearer', 'api-key']).default('bearer'),
  model: z.string().min(1, 'name the chat model the service should use'),
  timeoutMs: z.coerce.number().int().positive().default(60_000),
  maxAttempts: z.coerce.number().int().min(1).max(10).default(4),
  /** Answers kept in memory (least recently used go first). */
  cacheSize: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
});
export type JudgeConfig = z.infer<typeof JudgeConfig>;
export type JudgeConfigInput = z.input<typeof JudgeConfig>;

/** Environment variables read by {@link loadJudgeConfig}, by config field. */
export const JUDGE_ENV = {
  url: 'TEACHBACK_JUDGE_URL',
  apiKey: 'TEACHBACK_JUDGE_API_KEY',
  auth: 'TEACHBACK_JUDGE_AUTH',
  model: 'TEACHBACK_JUDGE_MODEL',
  timeoutMs: 'TEACHBACK_JUDGE_TIMEOUT_MS',
  maxAttempts: 'TEACHBACK_JUDGE_MAX_ATTEMPTS',
  cacheSize: 'TEACHBACK_JUDGE_CACHE_SIZE',
} as const;

/**
 * The judge config from environment variables, `overrides` winning; undefined when no URL is set
 * (no judge: `judge: llm` criteria stay not_applicable). Errors name the field and its variable,
 * never the value (an API key).
 */
export function loadJudgeConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<JudgeConfigInput> = {},
): JudgeConfig | undefined {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(JUDGE_ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[field] = value;
  }
  for (const [field, value] of Object.entries(overrides)) if (value !== undefined) raw[field] = value;
  if (raw['url'] === undefined) return undefined;
  const parsed = JudgeConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(issue.path);
    const envName = (JUDGE_ENV as Record<string, string>)[field];
    throw new TeachbackError(
      'CONFIG.INVALID',
      `judge config: field ${field}${envName ? ` (${envName})` : ''}: ${issue.message}`,
      { details: { field, ...(envName ? { env: envName } : {}) } },
    );
  }
  return parsed.data;
}
