import { stat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TeachbackError,
  type MonoAudio,
  type RecognizedSpan,
  type RecognizeOptions,
  type Transcriber,
} from '@teachback/core';
import { encodeWav } from '../audio/wav';

/** The slice of `@fugood/whisper.node` this engine uses; typed here so the binding stays optional. */
export interface WhisperBinding {
  initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContext>;
}
export interface WhisperContext {
  transcribeFile(
    filePath: string,
    options?: { language?: string; maxThreads?: number; temperature?: number },
  ): {
    stop: () => Promise<void>;
    promise: Promise<{ result: string; segments: Array<{ text: string; t0: number; t1: number }> }>;
  };
  release(): Promise<void>;
}

export const WHISPER_BINDING_PACKAGE = '@fugood/whisper.node';

/**
 * Loads the binding on first use. It is an optional peer dependency (prebuilt whisper.cpp for each
 * platform, no download at install time), so a deployment that never uses this engine doesn't
 * carry it.
 */
export function loadWhisperBinding(): WhisperBinding {
  const requireFromHere = createRequire(__filename);
  try {
    return requireFromHere(WHISPER_BINDING_PACKAGE) as WhisperBinding;
  } catch (err) {
    throw new TeachbackError(
      'TRANSCRIBE.ENGINE_UNAVAILABLE',
      `whisper engine: the whisper.cpp binding is not installed; run \`npm install ${WHISPER_BINDING_PACKAGE}\` next to Teachback, or use the http or sphinx engine`,
      { cause: err },
    );
  }
}

export interface WhisperEngineOptions {
  /** A ggml model file (e.g. ggml-base.en.bin) the admin provides; nothing is ever downloaded. */
  modelPath?: string;
  threads?: number;
  /** Injected for tests; defaults to {@link loadWhisperBinding}. */
  loadBinding?: () => WhisperBinding;
}

/**
 * Local whisper.cpp. The binding already converts whisper.cpp's centisecond segment times to ms
 * (`t0 * 10` in its common.cpp) and reports no confidence, so gating relies on the words-per-minute
 * test for this engine.
 */
export class WhisperTranscriber implements Transcriber {
  readonly engine = 'whisper';
  readonly sampleRate = 16_000;
  readonly maxChunkMs = 5 * 60_000;
  private readonly options: WhisperEngineOptions;
  private context: Promise<WhisperContext> | undefined;

  constructor(options: WhisperEngineOptions) {
    this.options = options;
  }

  /** Fails early with a clear message when the model file or the binding is missing. */
  async ready(): Promise<WhisperContext> {
    this.context ??= this.open();
    try {
      return await this.context;
    } catch (err) {
      this.context = undefined;
      throw err;
    }
  }

  private async open(): Promise<WhisperContext> {
    const modelPath = this.options.modelPath;
    if (!modelPath) {
      throw new TeachbackError(
        'TRANSCRIBE.MODEL_MISSING',
        'whisper engine: no model file configured; set TEACHBACK_WHISPER_MODEL_PATH to a ggml model file (e.g. ggml-base.en.bin)',
        { details: { field: 'whisper.modelPath', env: 'TEACHBACK_WHISPER_MODEL_PATH' } },
      );
    }
    const info = await stat(modelPath).catch(() => undefined);
    if (!info?.isFile()) {
      throw new TeachbackError(
        'TRANSCRIBE.MODEL_MISSING',
        `whisper engine: model file ${modelPath} does not exist or is not a file (TEACHBACK_WHISPER_MODEL_PATH); Teachback never downloads models`,
        { details: { field: 'whisper.modelPath', env: 'TEACHBACK_WHISPER_MODEL_PATH' } },
      );
    }
    const binding = (this.options.loadBinding ?? loadWhisperBinding)();
    try {
      return await binding.initWhisper({ filePath: modelPath, useGpu: false });
    } catch (err) {
      throw new TeachbackError(
        'TRANSCRIBE.MODEL_INVALID',
        `whisper engine: could not load model file ${modelPath}`,
        {
          cause: err,
          details: { field: 'whisper.modelPath' },
        },
      );
    }
  }

  async recognize(audio: MonoAudio, options: RecognizeOptions = {}): Promise<RecognizedSpan[]> {
    const context = await this.ready();
    const dir = await mkdtemp(join(tmpdir(), 'teachback-whisper-'));
    try {
      const file = join(dir, 'chunk.wav');
      await writeFile(file, encodeWav([audio.samples], audio.sampleRate));
      const job = context.transcribeFile(file, {
        maxThreads: this.options.threads ?? 2,
        temperature: 0,
        ...(options.language ? { language: options.language.slice(0, 2) } : {}),
      });
      const onAbort = (): void => void job.stop();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await job.promise;
        return result.segments
          .map((s) => ({ text: s.text.trim(), startMs: Math.round(s.t0), endMs: Math.round(s.t1) }))
          .filter((s) => s.text !== '' && !/^\[.*\]$/.test(s.text));
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async release(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    if (context) await (await context).release();
  }
}
