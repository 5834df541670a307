import { z } from 'zod';
import type { Setting } from './setting';
import { serviceUrl } from './transcription';

/**
 * The judge is off unless a URL is set: the offline engine is the default and every target is met
 * without it. URL, key and model of any OpenAI-compatible chat-completions service, which must be
 * covered by a BAA.
 */
export const JudgeSettings = z.strictObject({
  url: serviceUrl('transcripts'),
  apiKey: z.string().min(1).optional(),
  /** `bearer` (OpenAI, most servers) or `api-key` (Azure OpenAI). */
  auth: z.enum(['bearer', 'api-key']).default('bearer'),
  model: z
    .string('name the chat model the service should use')
    .min(1, 'name the chat model the service should use'),
  timeoutMs: z.number().int().positive().default(60_000),
  maxAttempts: z.number().int().min(1).max(10).default(4),
  /** Answers kept in memory (least recently used go first). */
  cacheSize: z.number().int().min(0).max(1_000_000).default(10_000),
});
export type JudgeSettings = z.output<typeof JudgeSettings>;
export type JudgeSettingsInput = z.input<typeof JudgeSettings>;

const JUDGED = 'score (criteria with `judge: llm`)';

export const JUDGE_SETTINGS: Setting[] = [
  {
    path: 'url',
    env: 'TEACHBACK_JUDGE_URL',
    about: 'OpenAI-compatible chat-completions service; unset = no judge (https; BAA required)',
    commands: JUDGED,
  },
  {
    path: 'apiKey',
    env: 'TEACHBACK_JUDGE_API_KEY',
    about: "the service's API key",
    commands: JUDGED,
    secret: true,
  },
  {
    path: 'auth',
    env: 'TEACHBACK_JUDGE_AUTH',
    about: 'bearer or api-key (Azure OpenAI)',
    default: 'bearer',
    commands: JUDGED,
  },
  {
    path: 'model',
    env: 'TEACHBACK_JUDGE_MODEL',
    about: 'chat model (required with a URL)',
    commands: JUDGED,
  },
  {
    path: 'timeoutMs',
    env: 'TEACHBACK_JUDGE_TIMEOUT_MS',
    read: 'number',
    about: 'per-request timeout, ms',
    default: '60000',
    commands: JUDGED,
  },
  {
    path: 'maxAttempts',
    env: 'TEACHBACK_JUDGE_MAX_ATTEMPTS',
    read: 'number',
    about: 'attempts per question (1–10)',
    default: '4',
    commands: JUDGED,
  },
  {
    path: 'cacheSize',
    env: 'TEACHBACK_JUDGE_CACHE_SIZE',
    read: 'number',
    about: 'answers kept in memory',
    default: '10000',
    commands: JUDGED,
  },
];
