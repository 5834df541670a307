import { z } from 'zod';
import { ConnectorError } from '@teachback/connector-kit';
import type { Models } from 'purecloud-platform-client-v2';
import { GenesysErrorCode } from './errors';

/*
 * Raw platform payloads. Loose on purpose: Genesys adds fields every release, and an unknown field
 * must never fail a sync. Only what we read is described.
 */

export const RawSegment = z.looseObject({
  segmentType: z.string().optional(),
  segmentStart: z.string().optional(),
  segmentEnd: z.string().optional(),
  queueId: z.string().optional(),
  wrapUpCode: z.string().optional(),
  wrapUpNote: z.string().optional(),
  wrapUpTags: z.array(z.string()).optional(),
  disconnectType: z.string().optional(),
  subject: z.string().optional(),
});

export const RawSessionMetric = z.looseObject({
  name: z.string().optional(),
  value: z.number().optional(),
  emitDate: z.string().optional(),
});

export const RawSession = z.looseObject({
  sessionId: z.string().optional(),
  mediaType: z.string().optional(),
  messageType: z.string().optional(),
  direction: z.string().optional(),
  ani: z.string().optional(),
  dnis: z.string().optional(),
  addressFrom: z.string().optional(),
  addressTo: z.string().optional(),
  addressOther: z.string().optional(),
  recording: z.boolean().optional(),
  segments: z.array(RawSegment).optional(),
  /** Session metrics (tAnswered, tAbandon, tHandle, tHeldComplete, tAcw, nTransferred, ...), ms or counts. */
  metrics: z.array(RawSessionMetric).optional(),
});

export const RawParticipant = z.looseObject({
  participantId: z.string().optional(),
  participantName: z.string().optional(),
  purpose: z.string().optional(),
  userId: z.string().optional(),
  externalContactId: z.string().optional(),
  sessions: z.array(RawSession).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
});

export const RawAnalyticsSurvey = z.looseObject({
  surveyId: z.string().optional(),
  surveyFormId: z.string().optional(),
  surveyStatus: z.string().optional(),
  surveyCompletedDate: z.string().optional(),
  surveyPromoterScore: z.number().optional(),
  queueId: z.string().optional(),
  userId: z.string().optional(),
});

/** A survey (GET /api/v2/quality/surveys/{id}): the answers by question id. */
export const RawSurvey = z.looseObject({
  id: z.string().optional(),
  status: z.string().optional(),
  completedDate: z.string().optional(),
  conversation: z.looseObject({ id: z.string().optional() }).optional(),
  surveyForm: z.looseObject({ id: z.string().optional() }).optional(),
  answers: z
    .looseObject({
      totalScore: z.number().optional(),
      npsScore: z.number().optional(),
      questionGroupScores: z
        .array(
          z.looseObject({
            questionGroupId: z.string().optional(),
            markedNA: z.boolean().optional(),
            questionScores: z
              .array(
                z.looseObject({
                  questionId: z.string().optional(),
                  answerId: z.string().optional(),
                  score: z.number().optional(),
                  markedNA: z.boolean().optional(),
                  npsScore: z.number().optional(),
                  freeTextAnswer: z.string().optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type RawSurvey = z.infer<typeof RawSurvey>;

/** A survey form: question ids → question type and answer options. */
export const RawSurveyForm = z.looseObject({
  id: z.string().optional(),
  questionGroups: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        questions: z
          .array(
            z.looseObject({
              id: z.string().optional(),
              type: z.string().optional(),
              answerOptions: z
                .array(z.looseObject({ id: z.string().optional(), value: z.number().optional() }))
                .optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});
export type RawSurveyForm = z.infer<typeof RawSurveyForm>;

export const RawConversation = z.looseObject({
  conversationId: z.string().min(1),
  conversationStart: z.string().optional(),
  conversationEnd: z.string().optional(),
  originatingDirection: z.string().optional(),
  divisionIds: z.array(z.string()).optional(),
  externalTag: z.string().optional(),
  participants: z.array(RawParticipant).optional(),
  /** Post-call surveys sent for the conversation (AnalyticsSurvey): ids to read the answers by. */
  surveys: z.array(RawAnalyticsSurvey).optional(),
});
export type RawConversation = z.infer<typeof RawConversation>;

/** The STA transcript document behind the pre-signed transcript URL. */
export const RawStaPhrase = z.looseObject({
  phraseIndex: z.number().optional(),
  participantPurpose: z.string().optional(),
  text: z.string().default(''),
  confidence: z.number().optional(),
  startTimeMs: z.number().optional(),
  duration: z.looseObject({ milliseconds: z.number().optional() }).optional(),
  type: z.string().optional(),
});
export const RawStaTranscriptDocument = z.looseObject({
  conversationId: z.string().optional(),
  communicationId: z.string().optional(),
  mediaType: z.string().optional(),
  conversationStartTime: z.number().optional(),
  transcripts: z
    .array(
      z.looseObject({
        transcriptId: z.string().optional(),
        language: z.string().optional(),
        engineId: z.string().optional(),
        phrases: z.array(RawStaPhrase).default([]),
      }),
    )
    .default([]),
});
export type RawStaTranscriptDocument = z.infer<typeof RawStaTranscriptDocument>;

/** Notification socket frames: `{topicName, version?, eventBody}`. */
export const RawNotification = z.looseObject({
  topicName: z.string(),
  eventBody: z.unknown(),
});

export const RawTranscriptionEvent = z.looseObject({
  conversationId: z.string().optional(),
  communicationId: z.string().optional(),
  sessionStartTimeMs: z.number().optional(),
  transcriptionStartTimeMs: z.number().optional(),
  transcripts: z
    .array(
      z.looseObject({
        utteranceId: z.string().optional(),
        isFinal: z.boolean().optional(),
        channel: z.string().optional(),
        alternatives: z
          .array(
            z.looseObject({
              transcript: z.string().optional(),
              confidence: z.number().optional(),
              offsetMs: z.number().optional(),
              durationMs: z.number().optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  status: z.looseObject({ status: z.string().optional() }).optional(),
});
export type RawTranscriptionEvent = z.infer<typeof RawTranscriptionEvent>;

/** Queue conversation topic body: enough to learn which conversations are live and when they end. */
export const RawQueueConversationEvent = z.looseObject({
  id: z.string(),
  participants: z
    .array(
      z.looseObject({
        purpose: z.string().optional(),
        userId: z.string().optional(),
        state: z.string().optional(),
        endTime: z.string().optional(),
        calls: z.array(z.looseObject({ state: z.string().optional() })).optional(),
      }),
    )
    .optional(),
});

/** Validates a raw payload; the error names the field path, never the value. */
export function parseRaw<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.map(String).join('.') || '(root)';
  throw new ConnectorError(
    GenesysErrorCode.MALFORMED_RESPONSE,
    `${what}: ${path} ${issue?.message ?? 'invalid'}`,
    {
      details: { what, path },
    },
  );
}

/**
 * Every top-level field of the SDK's AnalyticsConversation (v262). Typed as a complete record so a
 * new SDK version with new fields fails to compile here; at runtime, fields outside this list are
 * drift: Genesys sends something the pinned SDK does not know yet.
 */
const CONVERSATION_FIELDS: Record<keyof Models.AnalyticsConversation, true> = {
  accessAttributes: true,
  associatedConversationId: true,
  conferenceStart: true,
  consultationConversationIds: true,
  conversationEnd: true,
  conversationId: true,
  conversationInitiator: true,
  conversationStart: true,
  customerParticipation: true,
  divisionIds: true,
  externalTag: true,
  inactivityTimeout: true,
  knowledgeBaseIds: true,
  mediaStatsMinConversationMos: true,
  mediaStatsMinConversationRFactor: true,
  originatingDirection: true,
  originatingSocialMediaPublic: true,
  selfServed: true,
  evaluations: true,
  surveys: true,
  resolutions: true,
  participants: true,
};

/** Top-level conversation fields the pinned SDK does not describe (names only; values may be PHI). */
export function conversationDrift(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  return Object.keys(raw).filter((k) => !(k in CONVERSATION_FIELDS));
}
