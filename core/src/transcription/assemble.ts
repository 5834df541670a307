import type { Utterance } from '../model/transcript';
import type { ChunkRecognition, RecognizedSpan } from './port';

export interface AssembleOptions {
  /**
   * Consecutive spans of the same speaker closer than this are one utterance. Chunks are cut at
   * silences, so a sentence split across two chunks is joined again here.
   */
  mergeGapMs?: number;
}

function spanConfidence(span: RecognizedSpan): number | undefined {
  if (span.confidence !== undefined) return span.confidence;
  const words = span.words?.filter((w) => w.confidence !== undefined) ?? [];
  if (words.length === 0) return undefined;
  // Long words carry more of what was heard than fillers, so weight by duration.
  let total = 0;
  let weight = 0;
  for (const w of words) {
    const d = Math.max(1, w.endMs - w.startMs);
    total += w.confidence! * d;
    weight += d;
  }
  return total / weight;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * Puts chunk-relative spans from every channel on the call's timeline (offset + span time), in
 * start order, and joins a speaker's adjacent spans into utterances.
 */
export function assembleUtterances(
  chunks: readonly ChunkRecognition[],
  options: AssembleOptions = {},
): Utterance[] {
  const mergeGapMs = options.mergeGapMs ?? 700;
  interface Piece {
    utterance: Utterance;
    words: number;
  }
  const pieces: Piece[] = [];
  for (const chunk of chunks) {
    for (const span of chunk.spans) {
      const text = span.text.trim().replace(/\s+/g, ' ');
      if (text === '') continue;
      const startMs = Math.max(0, Math.round(chunk.offsetMs + span.startMs));
      const endMs = Math.max(startMs, Math.round(chunk.offsetMs + span.endMs));
      const confidence = spanConfidence(span);
      const utterance: Utterance = { speaker: chunk.speaker, startMs, endMs, text };
      if (confidence !== undefined) utterance.confidence = clamp01(confidence);
      if (chunk.channel !== undefined) utterance.channel = chunk.channel;
      pieces.push({ utterance, words: wordCount(text) });
    }
  }
  pieces.sort(
    (a, b) =>
      a.utterance.startMs! - b.utterance.startMs! || (a.utterance.channel ?? 0) - (b.utterance.channel ?? 0),
  );

  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    const u = piece.utterance;
    if (
      last &&
      last.utterance.speaker === u.speaker &&
      last.utterance.channel === u.channel &&
      u.startMs! - last.utterance.endMs! <= mergeGapMs
    ) {
      const a = last.utterance;
      const total = last.words + piece.words;
      if (a.confidence !== undefined && u.confidence !== undefined) {
        a.confidence = (a.confidence * last.words + u.confidence * piece.words) / total;
      } else if (u.confidence !== undefined || a.confidence !== undefined) {
        a.confidence = Math.min(a.confidence ?? 1, u.confidence ?? 1);
      }
      a.text = `${a.text} ${u.text}`;
      a.endMs = Math.max(a.endMs!, u.endMs!);
      last.words = total;
    } else {
      merged.push({ utterance: { ...u }, words: piece.words });
    }
  }
  return merged.map((p) => p.utterance);
}
