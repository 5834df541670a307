import { z } from 'zod';
import type { Setting } from './setting';

export const EngineName = z.enum(['http', 'whisper', 'sphinx']);
export type EngineName = z.infer<typeof EngineName>;

/**
 * Which speaker each side of a stereo recording is. Genesys records the external party (the
 * customer) on the left. Five9 exports have no fixed layout, so it is configured per deployment.
 * `mixed` treats the file as one mono stream with a single `unknown` speaker.
 */
export const ChannelLayoutName = z.enum(['customer-left', 'agent-left', 'mixed']);
export type ChannelLayoutName = z.infer<typeof ChannelLayoutName>;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** Recordings and transcripts are PHI: plain http only to a service on this machine. */
export function serviceUrl(what: string) {
  return z.url({ protocol: /^https?$/ }).refine(
    (value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || LOOPBACK.test(url.hostname);
    },
    { message: `must be https (plain http only to a service on this machine): ${what} are PHI` },
  );
}

/**
 * The speech engine. `engine` unset means "not chosen": `teachback transcribe` then uses sphinx,
 * while sync workers transcribe nothing rather than score sphinx's rough transcripts.
 */
export const TranscriptionSettings = z.strictObject({
  engine: EngineName.optional(),
  language: z.string().min(2).default('en'),
  channels: ChannelLayoutName.default('customer-left'),
  five9Channels: ChannelLayoutName.default('agent-left'),
  http: z
    .strictObject({
      url: serviceUrl('recordings').optional(),
      apiKey: z.string().min(1).optional(),
      /** `bearer` (OpenAI, most servers) or `api-key` (Azure OpenAI). */
      auth: z.enum(['bearer', 'api-key']).default('bearer'),
      model: z.string().min(1).default('whisper-1'),
      timeoutMs: z.number().int().positive().default(120_000),
      maxAttempts: z.number().int().min(1).max(10).default(4),
    })
    .default({ auth: 'bearer', model: 'whisper-1', timeoutMs: 120_000, maxAttempts: 4 }),
  whisper: z
    .strictObject({
      modelPath: z.string().min(1).optional(),
      threads: z.number().int().min(1).max(64).default(2),
    })
    .default({ threads: 2 }),
  sphinx: z
    .strictObject({
      command: z.string().min(1).default('pocketsphinx_continuous'),
      /** Acoustic model directory, language model and dictionary; the Debian defaults when unset. */
      hmm: z.string().min(1).optional(),
      lm: z.string().min(1).optional(),
      dict: z.string().min(1).optional(),
      timeoutMs: z.number().int().positive().default(600_000),
    })
    .default({ command: 'pocketsphinx_continuous', timeoutMs: 600_000 }),
});
export type TranscriptionSettings = z.output<typeof TranscriptionSettings>;
export type TranscriptionSettingsInput = z.input<typeof TranscriptionSettings>;

const SPEECH = 'transcribe, score (audio), sync/worker (Five9 recordings)';

export const TRANSCRIPTION_SETTINGS: Setting[] = [
  {
    path: 'engine',
    env: 'TEACHBACK_TRANSCRIBE_ENGINE',
    about: 'speech engine: http, whisper or sphinx; sync workers transcribe recordings only when set',
    default: 'sphinx for `transcribe`/`score`; none for workers',
    commands: SPEECH,
  },
  {
    path: 'language',
    env: 'TEACHBACK_TRANSCRIBE_LANGUAGE',
    about: 'spoken language',
    default: 'en',
    commands: SPEECH,
  },
  {
    path: 'channels',
    env: 'TEACHBACK_TRANSCRIBE_CHANNELS',
    about: 'stereo layout: customer-left, agent-left or mixed',
    default: 'customer-left',
    commands: SPEECH,
  },
  {
    path: 'five9Channels',
    env: 'TEACHBACK_FIVE9_CHANNELS',
    about: "stereo layout of this deployment's Five9 recordings",
    default: 'agent-left',
    commands: SPEECH,
  },
  {
    path: 'http.url',
    env: 'TEACHBACK_TRANSCRIBE_URL',
    about: 'OpenAI-compatible transcription service (https; BAA required)',
    commands: SPEECH,
  },
  {
    path: 'http.apiKey',
    env: 'TEACHBACK_TRANSCRIBE_API_KEY',
    about: "the service's API key",
    commands: SPEECH,
    secret: true,
  },
  {
    path: 'http.auth',
    env: 'TEACHBACK_TRANSCRIBE_AUTH',
    about: 'bearer (OpenAI, most servers) or api-key (Azure OpenAI)',
    default: 'bearer',
    commands: SPEECH,
  },
  {
    path: 'http.model',
    env: 'TEACHBACK_TRANSCRIBE_MODEL',
    about: 'model name',
    default: 'whisper-1',
    commands: SPEECH,
  },
  {
    path: 'http.timeoutMs',
    env: 'TEACHBACK_TRANSCRIBE_TIMEOUT_MS',
    read: 'number',
    about: 'per-request timeout, ms',
    default: '120000',
    commands: SPEECH,
  },
  {
    path: 'http.maxAttempts',
    env: 'TEACHBACK_TRANSCRIBE_MAX_ATTEMPTS',
    read: 'number',
    about: 'attempts per chunk (1–10)',
    default: '4',
    commands: SPEECH,
  },
  {
    path: 'whisper.modelPath',
    env: 'TEACHBACK_WHISPER_MODEL_PATH',
    about: 'local whisper.cpp model file',
    commands: SPEECH,
  },
  {
    path: 'whisper.threads',
    env: 'TEACHBACK_WHISPER_THREADS',
    read: 'number',
    about: 'whisper.cpp threads (1–64)',
    default: '2',
    commands: SPEECH,
  },
  {
    path: 'sphinx.command',
    env: 'TEACHBACK_SPHINX_COMMAND',
    about: 'pocketsphinx executable',
    default: 'pocketsphinx_continuous',
    commands: SPEECH,
  },
  {
    path: 'sphinx.hmm',
    env: 'TEACHBACK_SPHINX_HMM',
    about: 'acoustic model directory',
    default: 'Debian package',
    commands: SPEECH,
  },
  {
    path: 'sphinx.lm',
    env: 'TEACHBACK_SPHINX_LM',
    about: 'language model',
    default: 'Debian package',
    commands: SPEECH,
  },
  {
    path: 'sphinx.dict',
    env: 'TEACHBACK_SPHINX_DICT',
    about: 'pronunciation dictionary',
    default: 'Debian package',
    commands: SPEECH,
  },
  {
    path: 'sphinx.timeoutMs',
    env: 'TEACHBACK_SPHINX_TIMEOUT_MS',
    read: 'number',
    about: 'per-recording timeout, ms',
    default: '600000',
    commands: SPEECH,
  },
];
