import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TeachbackError,
  type MonoAudio,
  type RecognizedSpan,
  type RecognizedWord,
  type Transcriber,
} from '@teachback/core';
import { encodeWav } from '../audio/wav';

export interface SphinxEngineOptions {
  /** `pocketsphinx_continuous` from Debian's `pocketsphinx` package unless set. */
  command?: string;
  hmm?: string;
  lm?: string;
  dict?: string;
  timeoutMs?: number;
  /**
   * Multiplies pocketsphinx's word posteriors. They are badly over-confident on telephone audio:
   * on the synthesized 8 kHz set the mean posterior is about 0.6 while only 20-30% of words are
   * right, so unscaled they would let a wrong transcript through the review gate.
   */
  confidenceScale?: number;
}

/**
 * Tighter search pruning than pocketsphinx's defaults: on the benchmark set it cut CPU time by
 * about 2.4x with the same word error rate (the default beam mostly explores hopeless paths on
 * telephone audio).
 */
const SEARCH_LIMITS = ['-maxhmmpf', '3000', '-maxwpf', '10'];

/** See {@link SphinxEngineOptions.confidenceScale}; chosen from the benchmark, not tuned per test. */
export const SPHINX_CONFIDENCE_SCALE = 0.4;

const TIMED_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

/** Silence, sentence marks and noise fillers that pocketsphinx prints between words. */
function isFiller(token: string): boolean {
  return (
    token === '<s>' ||
    token === '</s>' ||
    token === '<sil>' ||
    /^\[.*\]$/.test(token) ||
    /^\+\+.*\+\+$/.test(token)
  );
}

/**
 * Parses `pocketsphinx_continuous -time yes` output: for each utterance a hypothesis line, then
 * one `word start end posterior` line per word, framed by `<s>` and `</s>`. Alternate
 * pronunciations print as `word(2)`.
 */
export function parseSphinxOutput(stdout: string): RecognizedSpan[] {
  const spans: RecognizedSpan[] = [];
  let words: RecognizedWord[] | undefined;
  const flush = (): void => {
    if (words && words.length > 0) {
      spans.push({
        text: words.map((w) => w.text).join(' '),
        startMs: words[0]!.startMs,
        endMs: words[words.length - 1]!.endMs,
        words,
      });
    }
    words = undefined;
  };
  for (const line of stdout.split(/\r?\n/)) {
    const m = TIMED_LINE.exec(line.trim());
    if (!m) continue;
    const token = m[1]!;
    if (token === '<s>') {
      flush();
      words = [];
      continue;
    }
    if (token === '</s>') {
      flush();
      continue;
    }
    if (isFiller(token)) continue;
    (words ??= []).push({
      text: token.replace(/\(\d+\)$/, ''),
      startMs: Math.round(Number(m[2]) * 1000),
      endMs: Math.round(Number(m[3]) * 1000),
      confidence: Math.min(1, Math.max(0, Number(m[4]))),
    });
  }
  flush();
  return spans;
}

/**
 * The offline fallback: CMU pocketsphinx (Debian `pocketsphinx` + `pocketsphinx-en-us`) run as a
 * child process per chunk. Its general US-English model was trained on wideband read speech, so
 * on 8 kHz telephone audio most words are wrong (see the README's measured figures): use it to
 * keep working offline and in tests, never as the engine a QA program relies on.
 */
export class SphinxTranscriber implements Transcriber {
  readonly engine = 'sphinx';
  readonly sampleRate = 16_000;
  readonly maxChunkMs = 60_000;
  private readonly options: SphinxEngineOptions;

  constructor(options: SphinxEngineOptions = {}) {
    this.options = options;
  }

  async recognize(audio: MonoAudio, options: { signal?: AbortSignal } = {}): Promise<RecognizedSpan[]> {
    const dir = await mkdtemp(join(tmpdir(), 'teachback-sphinx-'));
    try {
      const file = join(dir, 'chunk.wav');
      await writeFile(file, encodeWav([audio.samples], audio.sampleRate));
      const args = ['-infile', file, '-time', 'yes', '-samprate', String(audio.sampleRate), ...SEARCH_LIMITS];
      if (this.options.hmm) args.push('-hmm', this.options.hmm);
      if (this.options.lm) args.push('-lm', this.options.lm);
      if (this.options.dict) args.push('-dict', this.options.dict);
      const stdout = await this.run(args, options.signal);
      const scale = this.options.confidenceScale ?? SPHINX_CONFIDENCE_SCALE;
      return parseSphinxOutput(stdout).map((span) => ({
        ...span,
        words: span.words?.map((w) => ({ ...w, confidence: (w.confidence ?? 0) * scale })),
      }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private run(args: string[], signal: AbortSignal | undefined): Promise<string> {
    const command = this.options.command ?? 'pocketsphinx_continuous';
    const timeoutMs = this.options.timeoutMs ?? 600_000;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(signal ? { signal } : {}),
      });
      let out = '';
      let errors = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      // The log is chatty INFO lines; keep only errors, which name files and settings, never speech.
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        for (const line of d.split('\n'))
          if (/^(ERROR|FATAL)/.test(line) && errors.length < 2000) errors += `${line}\n`;
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (err.code === 'ENOENT') {
          reject(
            new TeachbackError(
              'TRANSCRIBE.ENGINE_UNAVAILABLE',
              `sphinx engine: command ${command} not found; install the Debian packages pocketsphinx and pocketsphinx-en-us (or set TEACHBACK_SPHINX_COMMAND)`,
              { cause: err },
            ),
          );
        } else
          reject(
            new TeachbackError('TRANSCRIBE.ENGINE_FAILED', `sphinx engine: ${err.message}`, { cause: err }),
          );
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(new TeachbackError('TRANSCRIBE.TIMEOUT', `sphinx engine: no result within ${timeoutMs} ms`));
        } else if (code !== 0) {
          reject(
            new TeachbackError(
              'TRANSCRIBE.ENGINE_FAILED',
              `sphinx engine: ${command} exited with code ${code}${errors ? `: ${errors.trim().split('\n')[0]}` : ''}`,
              { details: { exitCode: code } },
            ),
          );
        } else resolve(out);
      });
    });
  }
}
