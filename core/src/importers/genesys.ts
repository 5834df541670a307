import { z } from 'zod';
import type { Channel } from '../model/interaction';
import type { Speaker, Utterance } from '../model/transcript';
import { importError, invalidField } from './errors';
import type { ImportedTranscript } from './types';

// Raw platform payloads are loose: Genesys adds fields without notice, so only what we read is checked.
const Millis = z.looseObject({ milliseconds: z.number().nonnegative().optional() });

const Phrase = z.looseObject({
  text: z.string().optional(),
  participantPurpose: z.string().optional(),
  confidence: z.number().min(0).optional(),
  startTimeMs: z.number().nonnegative().optional(),
  offset: Millis.optional(),
  offsetMs: z.number().nonnegative().optional(),
  duration: Millis.optional(),
  durationMs: z.number().nonnegative().optional(),
});

const TranscriptPart = z.looseObject({
  language: z.string().optional(),
  engineId: z.string().optional(),
  startTime: z.number().nonnegative().optional(),
  phrases: z.array(Phrase).default([]),
});

const EpochOrIso = z.union([z.number().nonnegative(), z.iso.datetime({ offset: true })]);

const TranscriptFile = z.looseObject({
  conversationId: z.string().min(1).optional(),
  communicationId: z.string().optional(),
  mediaType: z.string().optional(),
  conversationStartTime: EpochOrIso.optional(),
  startTime: EpochOrIso.optional(),
  duration: Millis.optional(),
  transcripts: z.array(TranscriptPart),
});

const PURPOSE: Readonly<Record<string, Speaker>> = {
  internal: 'agent',
  agent: 'agent',
  user: 'agent',
  external: 'customer',
  customer: 'customer',
  acd: 'system',
  ivr: 'system',
  workflow: 'system',
  bot: 'system',
};

const MEDIA: Readonly<Record<string, Channel>> = {
  call: 'voice',
  callback: 'voice',
  voice: 'voice',
  chat: 'chat',
  webchat: 'chat',
  email: 'email',
  sms: 'sms',
  message: 'messaging',
  messaging: 'messaging',
};

type RawPhrase = z.infer<typeof Phrase>;

/**
 * A Speech & Text Analytics transcript (the file behind `.../transcripturl`). Phrases of every
 * transcript part are merged in time order. Times are made relative to the conversation start
 * (startTimeMs - conversationStartTime) when both are epochs, else taken from the phrase offset.
 */
export function importGenesys(json: unknown): ImportedTranscript {
  const parsed = TranscriptFile.safeParse(json);
  if (!parsed.success) throw invalidField('genesys', parsed.error);
  const file = parsed.data;
  const firstEpoch = earliestEpoch(file.transcripts);
  const convStart = toEpoch(file.conversationStartTime) ?? toEpoch(file.startTime) ?? firstEpoch;

  const rows: { u: Utterance; order: number; weight: number }[] = [];
  file.transcripts.forEach((part, t) => {
    const partStart = part.startTime ?? convStart;
    part.phrases.forEach((p, i) => {
      const startMs = phraseStart(p, convStart, partStart);
      const duration = p.duration?.milliseconds ?? p.durationMs;
      const text = (p.text ?? '').trim();
      const u: Utterance = {
        speaker: PURPOSE[(p.participantPurpose ?? '').toLowerCase()] ?? 'unknown',
        startMs,
        endMs: startMs !== null && duration !== undefined ? startMs + Math.round(duration) : null,
        text,
      };
      const confidence = normaliseConfidence(p.confidence);
      if (confidence !== undefined) u.confidence = confidence;
      rows.push({ u, order: t * 1e6 + i, weight: text.length });
    });
  });
  if (rows.length === 0) {
    throw importError('IMPORT.EMPTY', 'genesys transcript: field transcripts: no phrases', {
      field: 'transcripts',
    });
  }
  // Segmented transcripts list parts one after another; a stable sort by time interleaves them.
  rows.sort((a, b) => (a.u.startMs ?? Infinity) - (b.u.startMs ?? Infinity) || a.order - b.order);

  const utterances = rows.map((r) => r.u);
  let confSum = 0;
  let confWeight = 0;
  for (const r of rows) {
    if (r.u.confidence === undefined) continue;
    confSum += r.u.confidence * Math.max(1, r.weight);
    confWeight += Math.max(1, r.weight);
  }
  const first = file.transcripts[0];
  const lastEnd = utterances.reduce((m, u) => Math.max(m, u.endMs ?? u.startMs ?? 0), 0);
  const durationMs = file.duration?.milliseconds ?? (lastEnd > 0 ? lastEnd : undefined);
  const startedAt = convStart === undefined ? undefined : new Date(convStart).toISOString();
  const channel = file.mediaType ? MEDIA[file.mediaType.toLowerCase()] : undefined;

  return {
    format: 'genesys',
    transcript: {
      utterances,
      source: 'platform',
      engine: first?.engineId ? `genesys-sta:${first.engineId}` : 'genesys-sta',
      ...(first?.language ? { language: first.language } : {}),
      ...(confWeight > 0 ? { confidence: confSum / confWeight } : {}),
    },
    ...(file.conversationId ? { interactionId: file.conversationId } : {}),
    ...(startedAt ? { startedAt, callDate: startedAt.slice(0, 10) } : {}),
    ...(channel ? { channel } : {}),
    ...(durationMs === undefined ? {} : { durationMs: Math.round(durationMs) }),
  };
}

function phraseStart(
  p: RawPhrase,
  convStart: number | undefined,
  partStart: number | undefined,
): number | null {
  if (p.startTimeMs !== undefined && convStart !== undefined && p.startTimeMs >= convStart) {
    return Math.round(p.startTimeMs - convStart);
  }
  const offset = p.offset?.milliseconds ?? p.offsetMs;
  if (offset !== undefined) return Math.round(offset);
  if (p.startTimeMs !== undefined && partStart !== undefined && p.startTimeMs >= partStart) {
    return Math.round(p.startTimeMs - partStart);
  }
  if (p.startTimeMs !== undefined && p.startTimeMs <= 1e11) return Math.round(p.startTimeMs);
  return null;
}

// Phrase startTimeMs is wall-clock epoch ms; with no conversation start given, the first phrase
// stands in for it. Values too small to be epochs are already relative.
function earliestEpoch(parts: readonly z.infer<typeof TranscriptPart>[]): number | undefined {
  let min: number | undefined;
  for (const part of parts) {
    for (const p of part.phrases) {
      if (p.startTimeMs !== undefined && p.startTimeMs > 1e11) min = Math.min(min ?? Infinity, p.startTimeMs);
    }
  }
  return min;
}

function toEpoch(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'number' ? v : Date.parse(v);
}

// STA reports 0..1; some exports scale to 0..100.
function normaliseConfidence(c: number | undefined): number | undefined {
  if (c === undefined) return undefined;
  return c > 1 ? Math.min(1, c / 100) : c;
}
