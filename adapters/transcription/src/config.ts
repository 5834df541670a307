import { fieldPath, TeachbackError } from '@teachback/core';
import { z } from 'zod';

export const EngineName = z.enum(['http', 'whisper', 'sphinx']);
export type EngineName = z.infer<typeof EngineName>;

/**
 * Which speaker each side of a stereo recording is. Genesys records the external party (the
 * customer) on the left. Five9 exports have no fixed layout, so it is configured per deployment.
 * `mixed` treats the file as one mono stream with a single `unknown` speaker.
 */
export const ChannelLayoutName = z.enum(['customer-left', 'agent-left', 'mixed']);
export type ChannelLayoutName = z.infer<typeof ChannelLayoutName>;

export const RecordingSource = z.enum(['genesys', 'five9']);
export type RecordingSource = z.infer<typeof RecordingSource>;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

const ServiceUrl = z.url({ protocol: /^https?$/ }).refine(
  (value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || LOOPBACK.test(url.hostname);
  },
  { message: 'must be https (plain http only to a service on this machine): recordings are PHI' },
);

export const TranscriptionConfig = z.strictObject({
  engine: EngineName.default('sphinx'),
  language: z.string().min(2).default('en'),
  channels: ChannelLayoutName.default('customer-left'),
  five9Channels: ChannelLayoutName.default('agent-left'),
  http: z
    .strictObject({
      url: ServiceUrl.optional(),
      apiKey: z.string().min(1).optional(),
      /** `bearer` (OpenAI, most servers) or `api-key` (Azure OpenAI). */
      auth: z.enum(['bearer', 'api-key']).default('bearer'),
      model: z.string().min(1).default('whisper-1'),
      timeoutMs: z.coerce.number().int().positive().default(120_000),
      maxAttempts: z.coerce.number().int().min(1).max(10).default(4),
    })
    .default({ auth: 'bearer', model: 'whisper-1', timeoutMs: 120_000, maxAttempts: 4 }),
  whisper: z
    .strictObject({
      modelPath: z.string().min(1).optional(),
      threads: z.coerce.number().int().min(1).max(64).default(2),
    })
    .default({ threads: 2 }),
  sphinx: z
    .strictObject({
      command: z.string().min(1).default('pocketsphinx_continuous'),
      /** Acoustic model directory, language model and dictionary; the Debian defaults when unset. */
      hmm: z.string().min(1).optional(),
      lm: z.string().min(1).optional(),
      dict: z.string().min(1).optional(),
      timeoutMs: z.coerce.number().int().positive().default(600_000),
    })
    .default({ command: 'pocketsphinx_continuous', timeoutMs: 600_000 }),
});
export type TranscriptionConfig = z.infer<typeof TranscriptionConfig>;
export type TranscriptionConfigInput = z.input<typeof TranscriptionConfig>;

/** Environment variables read by {@link loadTranscriptionConfig}, by config field. */
export const TRANSCRIPTION_ENV = {
  engine: 'TEACHBACK_TRANSCRIBE_ENGINE',
  language: 'TEACHBACK_TRANSCRIBE_LANGUAGE',
  channels: 'TEACHBACK_TRANSCRIBE_CHANNELS',
  five9Channels: 'TEACHBACK_FIVE9_CHANNELS',
  'http.url': 'TEACHBACK_TRANSCRIBE_URL',
  'http.apiKey': 'TEACHBACK_TRANSCRIBE_API_KEY',
  'http.auth': 'TEACHBACK_TRANSCRIBE_AUTH',
  'http.model': 'TEACHBACK_TRANSCRIBE_MODEL',
  'http.timeoutMs': 'TEACHBACK_TRANSCRIBE_TIMEOUT_MS',
  'http.maxAttempts': 'TEACHBACK_TRANSCRIBE_MAX_ATTEMPTS',
  'whisper.modelPath': 'TEACHBACK_WHISPER_MODEL_PATH',
  'whisper.threads': 'TEACHBACK_WHISPER_THREADS',
  'sphinx.command': 'TEACHBACK_SPHINX_COMMAND',
  'sphinx.hmm': 'TEACHBACK_SPHINX_HMM',
  'sphinx.lm': 'TEACHBACK_SPHINX_LM',
  'sphinx.dict': 'TEACHBACK_SPHINX_DICT',
  'sphinx.timeoutMs': 'TEACHBACK_SPHINX_TIMEOUT_MS',
} as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Builds the transcription config from environment variables, with `overrides` (e.g. CLI flags)
 * winning. Errors name the field and its environment variable, never the value (an API key).
 */
export function loadTranscriptionConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: TranscriptionConfigInput = {},
): TranscriptionConfig {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(TRANSCRIPTION_ENV)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail === undefined) raw[head] = value;
    else {
      const section = isRecord(raw[head]) ? raw[head] : {};
      section[tail] = value;
      raw[head] = section;
    }
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    raw[key] = isRecord(value) && isRecord(raw[key]) ? { ...raw[key], ...value } : value;
  }
  const parsed = TranscriptionConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(issue.path);
    const envName = (TRANSCRIPTION_ENV as Record<string, string>)[field];
    throw new TeachbackError(
      'CONFIG.INVALID',
      `transcription config: field ${field}${envName ? ` (${envName})` : ''}: ${issue.message}`,
      { details: { field, ...(envName ? { env: envName } : {}) } },
    );
  }
  return parsed.data;
}
