import type { Models } from 'purecloud-platform-client-v2';

/*
 * Seeded, synthetic healthcare conversations. Every fixture is typed as the SDK's own model type,
 * so a model change in a new SDK version fails to compile here before it surprises a sync.
 * All people are invented; phone numbers use the 555 fiction range.
 */

export type SimMedia = 'voice' | 'callback' | 'chat' | 'email' | 'message';

export interface SimLine {
  speaker: 'agent' | 'customer';
  text: string;
}

export interface SimConversation {
  id: string;
  media: SimMedia;
  messageType?: string;
  agentUserId: string;
  queueId: string;
  startMs: number;
  endMs: number;
  details: Models.AnalyticsConversationWithoutAttributes;
  /**
   * The customer participant's session id: the communication id that keys the STA transcript and
   * the recording's `sessionId` (platforms/genesys.md §3). The agent's session id is another one.
   */
  communicationId: string;
  /** Every agent who handled the conversation, in order (a transfer adds one). */
  agentUserIds: string[];
  lines: SimLine[];
  /** Voice: whether Speech & Text Analytics produced a transcript. */
  hasStaTranscript: boolean;
  /** Digital: whether the recordings API carries the transcript. */
  recorded: boolean;
  /** Voice: recording archived (stub without sessionId). */
  archived: boolean;
  /** How many recordings calls answer 202 before the list is ready. */
  transcodingPolls: number;
  recordingId: string;
  messageIds: string[];
  /** A finished post-call survey (voice calls only), served by the Quality surveys API. */
  survey?: SimSurvey;
}

/** One caller's answers to the simulator's survey form (SURVEY_FORM). */
export interface SimSurvey {
  id: string;
  /** 1–5: the rank of the chosen option of the satisfaction question. */
  csat: number;
  /** 0–10. */
  nps: number;
  completedMs: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const uuidFor = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const FIRST = [
  'Avery',
  'Jordan',
  'Riley',
  'Casey',
  'Morgan',
  'Quinn',
  'Rowan',
  'Skyler',
  'Emerson',
  'Harper',
];
const LAST = ['Testperson', 'Sampleton', 'Fictive', 'Demoe', 'Mockwell', 'Placeholder'];
const REASONS = [
  'check on my prescription refill',
  'reschedule my appointment with the cardiology clinic',
  'ask about a bill for my lab work',
  'get the results of my blood test',
  'update the pharmacy on file',
];
export const AGENTS = Array.from({ length: 20 }, (_, i) => uuidFor(0xa6e47, i + 1));
export const SUPERVISORS = Array.from({ length: 4 }, (_, i) => uuidFor(0x50be4, i + 1));
export const QUEUES = [uuidFor(0x9e9e, 1), uuidFor(0x9e9e, 2), uuidFor(0x9e9e, 3)];
export const WRAP_UPS = [uuidFor(0x3a90, 1), uuidFor(0x3a90, 2), uuidFor(0x3a90, 3)];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

function script(rnd: () => number, n: number): SimLine[] {
  const name = `${pick(rnd, FIRST)} ${pick(rnd, LAST)}`;
  const dob = `${1940 + Math.floor(rnd() * 60)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
  const reason = pick(rnd, REASONS);
  const verifies = n % 7 !== 3;
  const crisis = n % 53 === 11;
  const lines: SimLine[] = [
    {
      speaker: 'agent',
      text: 'Thank you for contacting Northwind Health, this call may be recorded for quality.',
    },
    { speaker: 'customer', text: `Hi, I need to ${reason}.` },
  ];
  if (verifies) {
    lines.push(
      { speaker: 'agent', text: 'I can help with that. Can you verify your full name and date of birth?' },
      { speaker: 'customer', text: `It is ${name}, born ${dob}.` },
      { speaker: 'agent', text: 'Thank you, your identity is verified.' },
    );
  }
  if (crisis)
    lines.push({ speaker: 'customer', text: 'Also I have had crushing chest pain since this morning.' });
  lines.push(
    {
      speaker: 'agent',
      text: 'I have taken care of that for you. Is there anything else I can help with today?',
    },
    { speaker: 'customer', text: 'No, that is all, thank you.' },
  );
  return lines;
}

const MEDIA_PLAN: readonly { media: SimMedia; messageType?: string; weight: number }[] = [
  { media: 'voice', weight: 50 },
  { media: 'callback', weight: 5 },
  { media: 'chat', weight: 10 },
  { media: 'email', weight: 15 },
  { media: 'message', messageType: 'sms', weight: 10 },
  { media: 'message', messageType: 'webmessaging', weight: 7 },
  { media: 'message', messageType: 'facebook', weight: 3 },
];

const voiceLike0 = (m: SimMedia): boolean => m === 'voice' || m === 'callback';

export interface GenerateOptions {
  seed: number;
  count: number;
  /** Conversations are spread evenly from here. */
  startMs: number;
  spanMs: number;
}

export function generateConversations(o: GenerateOptions): SimConversation[] {
  const rnd = mulberry32(o.seed);
  const total = MEDIA_PLAN.reduce((s, m) => s + m.weight, 0);
  const out: SimConversation[] = [];
  const step = o.spanMs / Math.max(1, o.count);
  for (let n = 0; n < o.count; n++) {
    let r = rnd() * total;
    const plan = MEDIA_PLAN.find((m) => (r -= m.weight) < 0) ?? MEDIA_PLAN[0]!;
    const id = uuidFor(0xc0, n + 1);
    const startMs = Math.floor(o.startMs + n * step);
    const durMs = 120_000 + Math.floor(rnd() * 18 * 60_000);
    const endMs = startMs + durMs;
    const midMs = startMs + Math.floor(durMs / 2);
    const agentUserId = pick(rnd, AGENTS);
    // Every 10th voice call is transferred to a second agent half way through.
    const transferredTo =
      voiceLike0(plan.media) && n % 10 === 6
        ? AGENTS[(AGENTS.indexOf(agentUserId) + 1) % AGENTS.length]!
        : undefined;
    const queueId = pick(rnd, QUEUES);
    const agentSessionId = uuidFor(0x5e55, n + 1);
    const communicationId = uuidFor(0xc5e5, n + 1);
    const recorded = voiceLike0(plan.media) || n % 6 !== 5;
    const phone = `+1555${String(1_000_000 + Math.floor(rnd() * 8_999_999)).slice(0, 7)}`;
    const email = `patient${n + 1}@example.org`;
    const iso = (ms: number) => new Date(ms).toISOString();
    const voiceLike = plan.media === 'voice' || plan.media === 'callback';
    const inbound = plan.media !== 'callback' && rnd() < 0.85;
    const address = voiceLike ? `tel:${phone}` : plan.media === 'email' ? email : phone;
    const lines = script(rnd, n);
    const agentSession: Models.AnalyticsSession = {
      sessionId: agentSessionId,
      mediaType: plan.media,
      ...(plan.messageType ? { messageType: plan.messageType } : {}),
      direction: inbound ? 'inbound' : 'outbound',
      ...(voiceLike
        ? inbound
          ? { ani: `tel:${phone}`, dnis: 'tel:+15550100100' }
          : { ani: 'tel:+15550100100', dnis: `tel:${phone}` }
        : {}),
      addressFrom: inbound ? address : 'support@northwind-health.example',
      addressTo: inbound ? 'support@northwind-health.example' : address,
      recording: recorded,
      segments: [
        {
          segmentType: 'interact',
          segmentStart: iso(startMs + 20_000),
          segmentEnd: iso(transferredTo ? midMs : endMs - 30_000),
          queueId,
        },
        {
          segmentType: 'wrapup',
          segmentStart: iso(endMs - 30_000),
          segmentEnd: iso(endMs),
          queueId,
          wrapUpCode: pick(rnd, WRAP_UPS),
          wrapUpNote: 'Resolved on first contact',
        },
      ],
    };
    const details: Models.AnalyticsConversationWithoutAttributes = {
      conversationId: id,
      conversationStart: iso(startMs),
      conversationEnd: iso(endMs),
      originatingDirection: inbound ? 'inbound' : 'outbound',
      divisionIds: [uuidFor(0xd1, 1)],
      participants: [
        {
          participantId: uuidFor(0xaa01, n + 1),
          purpose: 'customer',
          ...(n % 4 === 0 ? { externalContactId: uuidFor(0xec, n + 1) } : {}),
          sessions: [
            {
              sessionId: communicationId,
              mediaType: plan.media,
              ...(plan.messageType ? { messageType: plan.messageType } : {}),
              direction: inbound ? 'inbound' : 'outbound',
              // Outbound legs swap the roles: our caller id is the ANI, the patient is dialled.
              ...(voiceLike
                ? inbound
                  ? { ani: `tel:${phone}`, dnis: 'tel:+15550100100' }
                  : { ani: 'tel:+15550100100', dnis: `tel:${phone}` }
                : {}),
              ...(inbound ? { addressFrom: address } : { addressTo: address }),
              recording: recorded,
              segments: [
                { segmentType: 'interact', segmentStart: iso(startMs), segmentEnd: iso(endMs - 30_000) },
              ],
            },
          ],
        },
        {
          participantId: uuidFor(0xaa02, n + 1),
          purpose: 'acd',
          participantName: 'Patient Services',
          sessions: [
            {
              sessionId: uuidFor(0xacd, n + 1),
              mediaType: plan.media,
              segments: [
                {
                  segmentType: 'interact',
                  segmentStart: iso(startMs),
                  segmentEnd: iso(startMs + 20_000),
                  queueId,
                },
              ],
            },
          ],
        },
        {
          participantId: uuidFor(0xaa03, n + 1),
          purpose: 'agent',
          userId: agentUserId,
          sessions: [agentSession],
        },
        ...(transferredTo
          ? [
              {
                participantId: uuidFor(0xaa04, n + 1),
                purpose: 'agent',
                userId: transferredTo,
                sessions: [
                  {
                    ...agentSession,
                    sessionId: uuidFor(0x5e56, n + 1),
                    segments: [
                      {
                        segmentType: 'interact',
                        segmentStart: iso(midMs),
                        segmentEnd: iso(endMs - 30_000),
                        queueId,
                      },
                      { ...agentSession.segments![1]!, wrapUpNote: 'Transferred and resolved' },
                    ],
                  },
                ],
              },
            ]
          : []),
      ],
    };
    // Session metrics as Genesys emits them on the details record, derived from the segments above
    // (no random draws, so a seed keeps giving the conversations it always gave).
    const holdMs = voiceLike && n % 3 === 1 ? 15_000 + (n % 4) * 5_000 : 0;
    addSessionMetrics(details, {
      startMs,
      answeredMs: startMs + 20_000,
      holdMs,
      transferred: !!transferredTo,
    });
    const survey: SimSurvey | undefined =
      voiceLike && n % 7 === 3
        ? {
            id: uuidFor(0x5a7e, n + 1),
            csat: 1 + (n % 5),
            nps: (n * 3) % 11,
            completedMs: endMs + 600_000,
          }
        : undefined;
    if (survey) {
      details.surveys = [
        {
          surveyId: survey.id,
          surveyFormId: SURVEY_FORM.id!,
          surveyFormContextId: SURVEY_FORM.contextId,
          surveyFormName: SURVEY_FORM.name,
          surveyStatus: 'Finished',
          surveyCompletedDate: new Date(survey.completedMs).toISOString(),
          surveyPromoterScore: survey.nps,
          queueId,
          userId: transferredTo ?? agentUserId,
          eventTime: new Date(survey.completedMs).toISOString(),
        },
      ];
    }
    out.push({
      ...(survey ? { survey } : {}),
      id,
      media: plan.media,
      ...(plan.messageType ? { messageType: plan.messageType } : {}),
      agentUserId,
      agentUserIds: transferredTo ? [agentUserId, transferredTo] : [agentUserId],
      queueId,
      startMs,
      endMs,
      details,
      communicationId,
      lines,
      hasStaTranscript: voiceLike && n % 5 !== 4,
      recorded,
      archived: voiceLike && n % 41 === 7,
      transcodingPolls: voiceLike && n % 9 === 2 ? 1 : 0,
      recordingId: uuidFor(0x4ec, n + 1),
      messageIds: lines.map((_, i) => uuidFor(0x3e55a9e, (n + 1) * 100 + i)),
    });
  }
  return out;
}

/**
 * One conversation the simulator must serve as given, so its data can match another simulator's
 * seed (the shared synthetic population). Everything not given here is fixed, not random.
 */
export interface SeededGenesysCall {
  /** The conversation id. */
  id: string;
  /** ISO instants. */
  startedAt: string;
  endedAt: string;
  direction: 'inbound' | 'outbound';
  /** Default 'voice'. */
  media?: SimMedia;
  /** For media 'message': 'sms', 'webmessaging', ... */
  messageType?: string;
  /** The agent's Genesys user id. */
  agentId: string;
  /** The customer participant's participantName. */
  customerName: string;
  /** E.164; the customer address for voice, callback and message media. */
  customerPhone?: string;
  /** The customer address for email and chat. */
  customerEmail?: string;
  queueId?: string;
  /**
   * What was said, in order (the STA transcript, chat/email/message bodies, the recording's
   * script). Default: a three-line refill call.
   */
  lines?: readonly SimLine[];
}

const CENTER_LINE = 'tel:+15550100100';
const SUPPORT_ADDRESS = 'support@northwind-health.example';

/** The seeded calls as simulator conversations: fixed script, platform transcript, nothing archived. */
export function seededConversations(calls: readonly SeededGenesysCall[]): SimConversation[] {
  return calls.map((call, i) => {
    const n = i + 1;
    const media = call.media ?? 'voice';
    const voiceLike = media === 'voice' || media === 'callback';
    const startMs = Date.parse(call.startedAt);
    const endMs = Date.parse(call.endedAt);
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
      throw new Error(`calls[${i}].startedAt/endedAt: expected ISO instants with endedAt after startedAt`);
    }
    const address = voiceLike
      ? call.customerPhone && `tel:${call.customerPhone}`
      : media === 'message'
        ? call.customerPhone
        : call.customerEmail;
    if (!address) throw new Error(`calls[${i}]: media ${media} needs the customer's address`);
    const inbound = call.direction === 'inbound';
    const queueId = call.queueId ?? QUEUES[0]!;
    const communicationId = uuidFor(0x5eedc5e5, n);
    const iso = (ms: number) => new Date(ms).toISOString();
    const wrapAt = Math.max(startMs, endMs - 30_000);
    const mediaFields = {
      mediaType: media,
      ...(call.messageType ? { messageType: call.messageType } : {}),
      direction: call.direction,
    };
    // Genesys's voice legs: inbound, the caller is the ANI; outbound, the dialled party is the DNIS.
    const voiceEnds = voiceLike
      ? inbound
        ? { ani: address, dnis: CENTER_LINE }
        : { ani: CENTER_LINE, dnis: address }
      : {};
    const agentSession: Models.AnalyticsSession = {
      sessionId: uuidFor(0x5eed5e55, n),
      ...mediaFields,
      ...voiceEnds,
      addressFrom: inbound ? address : SUPPORT_ADDRESS,
      addressTo: inbound ? SUPPORT_ADDRESS : address,
      recording: true,
      segments: [
        { segmentType: 'interact', segmentStart: iso(startMs), segmentEnd: iso(wrapAt), queueId },
        {
          segmentType: 'wrapup',
          segmentStart: iso(wrapAt),
          segmentEnd: iso(endMs),
          queueId,
          wrapUpCode: WRAP_UPS[0]!,
        },
      ],
    };
    const details: Models.AnalyticsConversationWithoutAttributes = {
      conversationId: call.id,
      conversationStart: iso(startMs),
      conversationEnd: iso(endMs),
      originatingDirection: call.direction,
      divisionIds: [uuidFor(0xd1, 1)],
      participants: [
        {
          participantId: uuidFor(0x5eedaa01, n),
          participantName: call.customerName,
          purpose: 'customer',
          sessions: [
            {
              sessionId: communicationId,
              ...mediaFields,
              ...voiceEnds,
              ...(inbound ? { addressFrom: address } : { addressTo: address }),
              recording: true,
              segments: [{ segmentType: 'interact', segmentStart: iso(startMs), segmentEnd: iso(wrapAt) }],
            },
          ],
        },
        {
          participantId: uuidFor(0x5eedaa03, n),
          purpose: 'agent',
          userId: call.agentId,
          sessions: [agentSession],
        },
      ],
    };
    addSessionMetrics(details, { startMs, holdMs: 0, transferred: false });
    const lines: SimLine[] = call.lines
      ? call.lines.map((l) => ({ ...l }))
      : [
          { speaker: 'agent', text: 'Thank you for contacting Northwind Health, this call may be recorded.' },
          { speaker: 'customer', text: 'Hi, I need to check on my prescription refill.' },
          { speaker: 'agent', text: 'I have taken care of that for you.' },
        ];
    return {
      id: call.id,
      media,
      ...(call.messageType ? { messageType: call.messageType } : {}),
      agentUserId: call.agentId,
      agentUserIds: [call.agentId],
      queueId,
      startMs,
      endMs,
      details,
      communicationId,
      lines,
      hasStaTranscript: voiceLike,
      recorded: true,
      archived: false,
      transcodingPolls: 0,
      recordingId: uuidFor(0x5eed4ec, n),
      messageIds: lines.map((_, j) => uuidFor(0x5eed3e55, n * 100 + j)),
    };
  });
}

// ---- session metrics and surveys -------------------------------------------------------------

const seg = (s: Models.AnalyticsSession, type: string) =>
  (s.segments ?? []).filter((x) => x.segmentType === type);
const spanMs = (x: Models.AnalyticsConversationSegment) =>
  Math.max(0, Date.parse(x.segmentEnd ?? '') - Date.parse(x.segmentStart ?? ''));

/**
 * Adds the analytics session metrics Genesys puts on a details record: on the queue (acd) leg
 * tAcd and tAnswered (time from entering the queue to the answer); on each agent leg tTalkComplete,
 * tHeldComplete (one per hold), tAcw, tHandle (talk + hold + after-call work) and nTransferred on
 * the leg that transferred. Names and units (ms, counts) as in AnalyticsSessionMetric.
 */
function addSessionMetrics(
  details: Models.AnalyticsConversationWithoutAttributes,
  o: { startMs: number; answeredMs?: number; holdMs: number; transferred: boolean },
): void {
  const iso = (ms: number) => new Date(ms).toISOString();
  const agents = (details.participants ?? []).filter((p) => p.purpose === 'agent');
  for (const p of details.participants ?? []) {
    for (const s of p.sessions ?? []) {
      if (p.purpose === 'acd' && o.answeredMs !== undefined) {
        const wait = o.answeredMs - o.startMs;
        s.metrics = [
          { name: 'tAcd', value: wait, emitDate: iso(o.answeredMs) },
          { name: 'tAnswered', value: wait, emitDate: iso(o.answeredMs) },
        ];
      }
      if (p.purpose !== 'agent') continue;
      const first = p === agents[0];
      const interact = seg(s, 'interact').reduce((a, x) => a + spanMs(x), 0);
      const acw = seg(s, 'wrapup').reduce((a, x) => a + spanMs(x), 0);
      // The first agent's hold sits inside its talk time; talk excludes it, as in Genesys.
      const hold = first ? Math.min(o.holdMs, Math.floor(interact / 2)) : 0;
      const end = Date.parse(seg(s, 'wrapup')[0]?.segmentEnd ?? details.conversationEnd ?? iso(o.startMs));
      s.metrics = [
        ...(hold > 0 ? [{ name: 'tHeldComplete', value: hold, emitDate: iso(end) }] : []),
        { name: 'tTalkComplete', value: interact - hold, emitDate: iso(end) },
        { name: 'tAcw', value: acw, emitDate: iso(end) },
        { name: 'tHandle', value: interact + acw, emitDate: iso(end) },
        ...(first && o.transferred ? [{ name: 'nTransferred', value: 1, emitDate: iso(end) }] : []),
      ];
    }
  }
}

/**
 * The org's one survey form (Models.SurveyForm): a 5-option satisfaction question, an NPS question
 * and a free-text question, in one group. Question types as Genesys names them.
 */
export const SURVEY_FORM: Models.SurveyForm = {
  id: uuidFor(0x5f0, 1),
  name: 'Post-call survey',
  contextId: uuidFor(0x5f0c, 1),
  language: 'en-US',
  published: true,
  questionGroups: [
    {
      id: uuidFor(0x5f06, 1),
      name: 'Your call',
      type: 'questionGroup',
      questions: [
        {
          id: uuidFor(0x5f01, 1),
          text: 'How satisfied are you with the help you received today?',
          type: 'multipleChoiceQuestion',
          answerOptions: [1, 2, 3, 4, 5].map((v) => ({
            id: uuidFor(0x5fa0, v),
            text: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'][v - 1],
            value: v,
          })),
        },
        {
          id: uuidFor(0x5f01, 2),
          text: 'How likely are you to recommend us?',
          type: 'npsQuestion',
          maxResponseCharacters: 100,
          explanationPrompt: 'Tell us why',
        },
        {
          id: uuidFor(0x5f01, 3),
          text: 'Anything else?',
          type: 'freeTextQuestion',
          maxResponseCharacters: 500,
        },
      ],
    },
  ],
};

/** GET /api/v2/quality/surveys/{id}: the survey with its answers (Models.Survey). */
export function surveyFor(c: SimConversation): Models.Survey | undefined {
  const s = c.survey;
  if (!s) return undefined;
  const group = SURVEY_FORM.questionGroups![0]!;
  const [csatQ, npsQ, textQ] = group.questions!;
  return {
    id: s.id,
    name: SURVEY_FORM.name,
    conversation: { id: c.id },
    surveyForm: {
      id: SURVEY_FORM.id,
      name: SURVEY_FORM.name,
      contextId: SURVEY_FORM.contextId,
      language: 'en-US',
    },
    agent: { id: c.agentUserIds.at(-1)! },
    status: 'Finished',
    queue: { id: c.queueId },
    completedDate: new Date(s.completedMs).toISOString(),
    surveyType: 'Web',
    answers: {
      totalScore: s.csat * 20,
      npsScore: s.nps,
      questionGroupScores: [
        {
          questionGroupId: group.id!,
          totalScore: s.csat,
          maxTotalScore: 5,
          markedNA: false,
          questionScores: [
            { questionId: csatQ!.id!, answerId: csatQ!.answerOptions![s.csat - 1]!.id!, score: s.csat },
            { questionId: npsQ!.id!, npsScore: s.nps, npsTextAnswer: 'Synthetic reason' },
            { questionId: textQ!.id!, freeTextAnswer: 'Synthetic comment, no real person' },
          ],
        },
      ],
    },
  };
}

// ---- typed response builders ---------------------------------------------------------------

export function staTranscriptDocument(c: SimConversation): Record<string, unknown> {
  let t = 2000;
  const phrases = c.lines.map((l, i) => {
    const duration = 1500 + l.text.length * 45;
    const p = {
      phraseIndex: i,
      participantPurpose: l.speaker === 'agent' ? 'internal' : 'external',
      text: l.text,
      decoratedText: l.text,
      confidence: 0.82 + ((i * 7) % 15) / 100,
      startTimeMs: c.startMs + t,
      duration: { milliseconds: duration },
    };
    t += duration + 400;
    return p;
  });
  return {
    organizationId: 'sim-org',
    conversationId: c.id,
    communicationId: c.communicationId,
    mediaType: 'call',
    conversationStartTime: c.startMs,
    participants: [
      ...c.agentUserIds.map((userId) => ({ participantPurpose: 'internal', userId, queueId: c.queueId })),
      { participantPurpose: 'external' },
    ],
    transcripts: [
      {
        transcriptId: `${c.communicationId}-t`,
        language: 'en-US',
        engineId: 'genesys',
        phrases,
        analytics: { sentiment: [], topics: [], acoustic: [] },
      },
    ],
  };
}

export function recordingsFor(c: SimConversation, archiveDate: string): Models.Recording[] {
  const base: Models.Recording = {
    id: c.recordingId,
    conversationId: c.id,
    startTime: new Date(c.startMs).toISOString(),
    endTime: new Date(c.endMs).toISOString(),
    media:
      c.media === 'voice' || c.media === 'callback' ? 'audio' : c.media === 'email' ? 'email' : 'message',
    fileState: 'AVAILABLE',
  };
  if (c.media === 'voice' || c.media === 'callback') {
    if (c.archived) return [{ ...base, fileState: 'ARCHIVED', archiveDate }];
    return [{ ...base, sessionId: c.communicationId, outputDurationMs: c.endMs - c.startMs }];
  }
  if (!c.recorded) return [];
  const at = (i: number) => new Date(c.startMs + 5000 + i * 30_000).toISOString();
  if (c.media === 'chat') {
    const transcript: Models.ChatMessage[] = c.lines.map((l, i) => ({
      id: c.messageIds[i]!,
      body: l.text,
      bodyType: 'standard',
      utc: at(i),
      participantPurpose: l.speaker === 'agent' ? 'agent' : 'customer',
    }));
    return [{ ...base, media: 'chat', sessionId: c.communicationId, transcript }];
  }
  if (c.media === 'email') {
    const emailTranscript: Models.RecordingEmailMessage[] = c.lines.map((l, i) => ({
      id: c.messageIds[i]!,
      subject: 'Your question for Northwind Health',
      textBody: l.text,
      time: at(i),
      from: { email: l.speaker === 'agent' ? 'support@northwind-health.example' : `patient@example.org` },
    }));
    return [{ ...base, sessionId: c.communicationId, emailTranscript }];
  }
  const messagingTranscript: Models.RecordingMessagingMessage[] = c.lines.map((l, i) => ({
    id: c.messageIds[i]!,
    messageText: l.text,
    timestamp: at(i),
    purpose: l.speaker === 'agent' ? 'agent' : 'customer',
  }));
  return [{ ...base, sessionId: c.communicationId, messagingTranscript }];
}

export function messageConversation(c: SimConversation): Models.MessageConversation {
  const by = (speaker: SimLine['speaker'], status: string): Models.MessageDetails[] =>
    c.lines.flatMap((l, i) =>
      l.speaker === speaker ? [{ messageId: c.messageIds[i]!, messageStatus: status }] : [],
    );
  return {
    id: c.id,
    participants: [
      { id: uuidFor(0xaa01, 0), purpose: 'customer', messages: by('customer', 'received') },
      {
        id: uuidFor(0xaa03, 0),
        purpose: 'agent',
        user: { id: c.agentUserId },
        messages: by('agent', 'sent'),
      },
    ],
  };
}

export function messageData(c: SimConversation, ids: readonly string[]): Models.TextMessageListing {
  const entities: Models.MessageData[] = [];
  for (const id of ids) {
    const i = c.messageIds.indexOf(id);
    if (i < 0) continue;
    const l = c.lines[i]!;
    entities.push({
      id,
      conversationId: c.id,
      timestamp: new Date(c.startMs + 5000 + i * 30_000).toISOString(),
      direction: l.speaker === 'agent' ? 'outbound' : 'inbound',
      status: l.speaker === 'agent' ? 'sent' : 'received',
      normalizedMessage: { type: 'Text', text: l.text },
    });
  }
  return { entities };
}

export function emailPreviews(c: SimConversation): Models.EmailMessagePreviewListing {
  const entities: Models.EmailMessagePreview[] = c.lines.map((l, i) => ({
    id: c.messageIds[i]!,
    to: [{ email: l.speaker === 'agent' ? 'patient@example.org' : 'support@northwind-health.example' }],
    from: { email: l.speaker === 'agent' ? 'support@northwind-health.example' : 'patient@example.org' },
    subject: 'Your question for Northwind Health',
    time: new Date(c.startMs + 5000 + i * 30_000).toISOString(),
  }));
  return { entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1 };
}

export function emailMessage(c: SimConversation, id: string): Models.EmailMessage | undefined {
  const i = c.messageIds.indexOf(id);
  if (i < 0) return undefined;
  const p = emailPreviews(c).entities![i]!;
  return { ...p, textBody: c.lines[i]!.text };
}

/**
 * Synthetic "audio": a WAV header whose data chunk carries the script as text. Real ASR would
 * hear speech; the fake transcriber in tests reads the text back, which proves the bytes made it.
 */
export function syntheticWav(c: SimConversation): Buffer {
  const payload = Buffer.from(c.lines.map((l) => `${l.speaker}: ${l.text}`).join('\n'), 'utf8');
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + payload.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(7, 20); // mu-law, the trunk codec
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(payload.length, 40);
  return Buffer.concat([header, payload]);
}
