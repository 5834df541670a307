import type { Utterance } from '../model/transcript';
import { importError } from './errors';

/**
 * The largest transcript scored as one interaction. A 50-MB "call" is a concatenated export or a
 * runaway recording, not a conversation: scoring it as one 600-hour interaction would be wrong and
 * slow, so it is refused with a clear error instead.
 */
export interface TranscriptLimits {
  /** Characters of transcript content (JSON or text). */
  maxChars: number;
  maxUtterances: number;
  /** Last known time in the transcript (or the duration its file states). */
  maxDurationMs: number;
}

export const DEFAULT_TRANSCRIPT_LIMITS: TranscriptLimits = {
  maxChars: 5_000_000,
  maxUtterances: 20_000,
  maxDurationMs: 12 * 3_600_000,
};

export function transcriptLimits(overrides: Partial<TranscriptLimits> = {}): TranscriptLimits {
  const limits = { ...DEFAULT_TRANSCRIPT_LIMITS, ...overrides };
  for (const [field, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0)
      throw importError(
        'IMPORT.INVALID_FIELD',
        `transcript limits: ${field} must be a positive whole number`,
        {
          field,
        },
      );
  }
  return limits;
}

function tooLarge(what: string, field: keyof TranscriptLimits, actual: number, limit: number): never {
  throw importError(
    'IMPORT.TOO_LARGE',
    `transcript too large to score as one interaction: ${what} (limit ${limit.toLocaleString('en-US')}; raise ${field} if this is really one call)`,
    { field, actual, limit },
  );
}

/** Checked before parsing, so a huge file costs no parse. */
export function checkContentSize(content: string, limits: TranscriptLimits): void {
  if (content.length > limits.maxChars)
    tooLarge(
      `${content.length.toLocaleString('en-US')} characters`,
      'maxChars',
      content.length,
      limits.maxChars,
    );
}

export function checkTranscriptSize(
  utterances: readonly Utterance[],
  durationMs: number | undefined,
  limits: TranscriptLimits,
): void {
  if (utterances.length > limits.maxUtterances)
    tooLarge(
      `${utterances.length.toLocaleString('en-US')} utterances`,
      'maxUtterances',
      utterances.length,
      limits.maxUtterances,
    );
  let last = durationMs ?? 0;
  for (const u of utterances) last = Math.max(last, u.endMs ?? 0, u.startMs ?? 0);
  if (last > limits.maxDurationMs)
    tooLarge(`${(last / 3_600_000).toFixed(1)} hours long`, 'maxDurationMs', last, limits.maxDurationMs);
}
