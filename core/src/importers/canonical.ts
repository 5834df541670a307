import { z } from 'zod';
import { Channel } from '../model/interaction';
import { Transcript, Utterance } from '../model/transcript';
import { importError, invalidField } from './errors';
import type { ImportedTranscript } from './types';

export const CANONICAL_FORMAT_TAG = 'teachback.transcript.v1';

// Hand-written files often leave out times; absent means unknown, like null.
const UtteranceInput = Utterance.extend({
  startMs: Utterance.shape.startMs.default(null),
  endMs: Utterance.shape.endMs.default(null),
});

const CallDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const CanonicalFile = Transcript.extend({
  format: z.literal(CANONICAL_FORMAT_TAG).optional(),
  utterances: z.array(UtteranceInput),
  id: z.string().min(1).optional(),
  playbook: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a playbook id (lower-case letters, digits, dashes)')
    .optional(),
  callDate: CallDate.optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
  channel: Channel.optional(),
  durationMs: z.number().int().nonnegative().optional(),
});

/**
 * `{"format":"teachback.transcript.v1", "id"?, "playbook"?, "callDate"?, "startedAt"?, "channel"?, "durationMs"?,
 * ...Transcript}` or a bare `{"utterances":[...]}`; strict, so a misspelt field is reported.
 */
export function importCanonical(json: unknown): ImportedTranscript {
  const parsed = CanonicalFile.safeParse(json);
  if (!parsed.success) throw invalidField('canonical', parsed.error);
  const { format: _tag, id, playbook, callDate, startedAt, channel, durationMs, ...transcript } = parsed.data;
  if (transcript.utterances.length === 0) {
    throw importError('IMPORT.EMPTY', 'canonical transcript: field utterances: no utterances', {
      field: 'utterances',
    });
  }
  const date = callDate ?? startedAt?.slice(0, 10);
  return {
    format: 'canonical',
    transcript,
    ...(id === undefined ? {} : { interactionId: id }),
    ...(playbook === undefined ? {} : { playbook }),
    ...(date === undefined ? {} : { callDate: date }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(channel === undefined ? {} : { channel }),
    ...(durationMs === undefined ? {} : { durationMs }),
  };
}
