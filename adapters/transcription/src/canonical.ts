import { CANONICAL_FORMAT_TAG, type Transcript } from '@teachback/core';

export interface CanonicalTranscript extends Transcript {
  format: typeof CANONICAL_FORMAT_TAG;
  id?: string;
  callDate?: string;
  channel?: 'voice';
  durationMs?: number;
}

/** The canonical JSON the scorer's importer reads (`teachback.transcript.v1`). */
export function toCanonicalTranscript(
  transcript: Transcript,
  meta: { id?: string; callDate?: string; durationMs?: number } = {},
): CanonicalTranscript {
  return {
    format: CANONICAL_FORMAT_TAG,
    ...(meta.id === undefined ? {} : { id: meta.id }),
    ...(meta.callDate === undefined ? {} : { callDate: meta.callDate }),
    channel: 'voice',
    ...(meta.durationMs === undefined ? {} : { durationMs: meta.durationMs }),
    ...transcript,
  };
}

function clock(ms: number | null): string {
  if (ms === null) return '--:--';
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** `[mm:ss] Agent: text` lines, the plain-text transcript format the importer also reads. */
export function toPlainText(transcript: Transcript): string {
  return transcript.utterances
    .map((u) => {
      const who = u.speaker.charAt(0).toUpperCase() + u.speaker.slice(1);
      return `[${clock(u.startMs)}] ${who}: ${u.text}`;
    })
    .join('\n');
}
