import {
  ConnectorError,
  executeWithRetry,
  networkErrorCode,
  parseRetryAfter,
  defaultClassify,
  type RetryObserver,
} from '@teachback/connector-kit';
import type {
  MonoAudio,
  RecognizedSpan,
  RecognizedWord,
  RecognizeOptions,
  Transcriber,
} from '@teachback/core';
import { z } from 'zod';
import { encodeWav } from '../audio/wav';

export interface HttpEngineOptions {
  /** Base URL (`https://host`, `https://host/v1`) or the full `/audio/transcriptions` endpoint. */
  url: string;
  apiKey?: string;
  auth?: 'bearer' | 'api-key';
  model?: string;
  /** Per attempt; a slow attempt is abandoned and retried under the retry table. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: RetryObserver;
}

const Word = z.looseObject({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  probability: z.number().optional(),
});

const Segment = z.looseObject({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  avg_logprob: z.number().optional(),
  no_speech_prob: z.number().optional(),
  words: z.array(Word).optional(),
});

/** OpenAI `verbose_json`; whisper.cpp and faster-whisper servers add fields, which are ignored. */
export const VerboseTranscription = z.looseObject({
  text: z.string(),
  language: z.string().optional(),
  duration: z.number().optional(),
  segments: z.array(Segment).optional(),
  words: z.array(Word).optional(),
});
export type VerboseTranscription = z.infer<typeof VerboseTranscription>;

/** Resolves the endpoint so admins can paste either the service root or the full path. */
export function transcriptionEndpoint(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  if (/\/audio\/transcriptions$/.test(path)) return u.toString();
  u.pathname = /\/v1$/.test(path) ? `${path}/audio/transcriptions` : `${path}/v1/audio/transcriptions`;
  return u.toString();
}

function toWord(w: z.infer<typeof Word>): RecognizedWord {
  const word: RecognizedWord = {
    text: w.word.trim(),
    startMs: Math.round(w.start * 1000),
    endMs: Math.round(w.end * 1000),
  };
  if (w.probability !== undefined) word.confidence = clamp01(w.probability);
  return word;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * Maps a verbose_json response to spans. Segment confidence is exp(avg_logprob) discounted by the
 * no-speech probability (Whisper's own hallucination signal); word probabilities, when the server
 * gives them, replace it. Top-level `words` (OpenAI's word granularity) go to the segment that
 * contains their midpoint.
 */
export function spansFromVerboseJson(body: VerboseTranscription): RecognizedSpan[] {
  const topWords = (body.words ?? []).map(toWord);
  const segments = body.segments ?? [];
  if (segments.length === 0) {
    const text = body.text.trim();
    if (text === '') return [];
    const span: RecognizedSpan = {
      text,
      startMs: topWords[0]?.startMs ?? 0,
      endMs: topWords[topWords.length - 1]?.endMs ?? Math.round((body.duration ?? 0) * 1000),
    };
    if (topWords.length > 0) span.words = topWords;
    return [span];
  }
  return segments
    .map((s): RecognizedSpan => {
      const startMs = Math.round(s.start * 1000);
      const endMs = Math.round(s.end * 1000);
      const span: RecognizedSpan = { text: s.text.trim(), startMs, endMs };
      const words = s.words
        ? s.words.map(toWord)
        : topWords.filter((w) => {
            const mid = (w.startMs + w.endMs) / 2;
            return mid >= startMs && mid < endMs;
          });
      if (words.length > 0) span.words = words;
      const hasWordConfidence = words.some((w) => w.confidence !== undefined);
      if (!hasWordConfidence && s.avg_logprob !== undefined) {
        span.confidence = clamp01(Math.exp(s.avg_logprob) * (1 - (s.no_speech_prob ?? 0)));
      }
      return span;
    })
    .filter((s) => s.text !== '');
}

function statusCode(status: number): string {
  if (status === 401 || status === 403) return 'TRANSCRIBE.AUTH_FAILED';
  if (status === 429) return 'TRANSCRIBE.RATE_LIMITED';
  if (status >= 500) return 'TRANSCRIBE.SERVICE_UNAVAILABLE';
  return 'TRANSCRIBE.REQUEST_REJECTED';
}

/**
 * The production engine: any OpenAI-compatible `/v1/audio/transcriptions` service (OpenAI, Azure
 * OpenAI, whisper.cpp server, faster-whisper servers). Each chunk is uploaded as 16 kHz mono WAV
 * and asked for `verbose_json` with word and segment timestamps. Retries follow the one retry
 * table in connector-kit; errors carry the status, never the response body.
 */
export class HttpTranscriber implements Transcriber {
  readonly engine: string;
  readonly sampleRate = 16_000;
  /** OpenAI caps uploads at 25 MB; ten minutes of 16 kHz 16-bit mono is 19 MB. */
  readonly maxChunkMs = 10 * 60_000;
  private readonly endpoint: string;
  private readonly options: HttpEngineOptions;

  constructor(options: HttpEngineOptions) {
    this.options = options;
    this.endpoint = transcriptionEndpoint(options.url);
    this.engine = `http:${options.model ?? 'whisper-1'}`;
  }

  async recognize(audio: MonoAudio, options: RecognizeOptions = {}): Promise<RecognizedSpan[]> {
    const wav = encodeWav([audio.samples], audio.sampleRate);
    const doFetch = this.options.fetch ?? fetch;
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const body = await executeWithRetry(
      async () => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(wav)], { type: 'audio/wav' }), 'chunk.wav');
        form.append('model', this.options.model ?? 'whisper-1');
        form.append('response_format', 'verbose_json');
        form.append('timestamp_granularities[]', 'word');
        form.append('timestamp_granularities[]', 'segment');
        form.append('temperature', '0');
        if (options.language) form.append('language', options.language.slice(0, 2));
        const headers: Record<string, string> = { accept: 'application/json' };
        if (this.options.apiKey) {
          if (this.options.auth === 'api-key') headers['api-key'] = this.options.apiKey;
          else headers['authorization'] = `Bearer ${this.options.apiKey}`;
        }
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        let response: Response;
        let text: string;
        try {
          response = await doFetch(this.endpoint, { method: 'POST', body: form, headers, signal });
          text = await response.text();
        } catch (err) {
          if (options.signal?.aborted) throw err;
          const code = timeout.aborted ? 'TIMEOUT' : networkErrorCode(err);
          throw new ConnectorError(
            code === 'TIMEOUT' ? 'TRANSCRIBE.TIMEOUT' : 'TRANSCRIBE.NETWORK',
            code === 'TIMEOUT'
              ? `transcription service did not answer within ${timeoutMs} ms`
              : `transcription service unreachable (${code ?? 'network error'})`,
            { cause: code === 'TIMEOUT' ? Object.assign(new Error('timeout'), { code: 'TIMEOUT' }) : err },
          );
        }
        if (!response.ok) {
          const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
          throw new ConnectorError(
            statusCode(response.status),
            `transcription service answered HTTP ${response.status}`,
            { status: response.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
          );
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (cause) {
          throw new ConnectorError(
            'TRANSCRIBE.BAD_RESPONSE',
            'transcription service answered with invalid JSON',
            {
              cause,
            },
          );
        }
        const parsed = VerboseTranscription.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new ConnectorError(
            'TRANSCRIBE.BAD_RESPONSE',
            `transcription service response: field ${issue.path.join('.') || '(root)'}: ${issue.message}`,
          );
        }
        return parsed.data;
      },
      {
        policy: { maxAttempts: this.options.maxAttempts ?? 4 },
        // A caller's cancellation is final; everything else goes through the table.
        classify: (err) => (options.signal?.aborted ? {} : defaultClassify(err)),
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
      },
    );
    return spansFromVerboseJson(body);
  }
}
