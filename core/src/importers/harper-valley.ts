import { z } from 'zod';
import type { Utterance } from '../model/transcript';
import { importError, invalidField } from './errors';
import type { ImportedTranscript } from './types';

const Segment = z.looseObject({
  speaker_role: z.enum(['agent', 'caller']),
  start_ms: z.number().nonnegative(),
  duration_ms: z.number().nonnegative(),
  transcript: z.string(),
  human_transcript: z.string().optional(),
  start_timestamp_ms: z.number().nonnegative().optional(),
  channel_index: z.number().int().nonnegative().optional(),
});

const SegmentList = z.array(Segment);

// `[noise]`, `[laughter]`, `<unk>` are annotations, not words; `~` marks a cut-off word.
const TAGS = /\[[^\]]*\]|<[^>]*>|~/g;

/**
 * A Harper Valley Bank transcript: an array of segments in order. Every segment becomes an
 * utterance (segment i -> utterance i), even when stripping tags leaves no words, so indexes
 * line up with the source file. `transcript` (ASR) by default, `human_transcript` when `human`.
 */
export function importHarperValley(
  json: unknown,
  opts: { fileName?: string; human?: boolean } = {},
): ImportedTranscript {
  const parsed = SegmentList.safeParse(json);
  if (!parsed.success) throw invalidField('harper-valley', parsed.error);
  const segments = parsed.data;
  if (segments.length === 0) throw importError('IMPORT.EMPTY', 'harper-valley transcript: no segments');

  const utterances: Utterance[] = segments.map((s) => {
    const raw = opts.human ? (s.human_transcript ?? '') : s.transcript;
    const u: Utterance = {
      speaker: s.speaker_role === 'agent' ? 'agent' : 'customer',
      startMs: Math.round(s.start_ms),
      endMs: Math.round(s.start_ms + s.duration_ms),
      text: raw.replace(TAGS, ' ').replace(/\s+/g, ' ').trim(),
    };
    if (s.channel_index !== undefined) u.channel = s.channel_index;
    return u;
  });

  const first = segments[0]!;
  const startEpoch =
    first.start_timestamp_ms === undefined ? undefined : first.start_timestamp_ms - first.start_ms;
  const startedAt = startEpoch === undefined ? undefined : new Date(startEpoch).toISOString();
  const durationMs = utterances.reduce((m, u) => Math.max(m, u.endMs ?? 0), 0);
  const sid = opts.fileName ? baseName(opts.fileName) : undefined;

  return {
    format: 'harper-valley',
    transcript: {
      utterances,
      source: opts.human ? 'import' : 'asr',
      engine: opts.human ? 'harper-valley:human' : 'harper-valley',
      language: 'en-US',
    },
    ...(sid ? { interactionId: sid } : {}),
    ...(startedAt ? { startedAt, callDate: startedAt.slice(0, 10) } : {}),
    channel: 'voice',
    durationMs,
  };
}

function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  return last.replace(/\.json$/i, '');
}
