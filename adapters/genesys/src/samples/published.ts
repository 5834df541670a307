import type { Models } from '@teachback/connector-genesys';

/*
 * Payloads shaped after Genesys' published API reference (developer.genesys.cloud: the details
 * query, the STA transcript URL and its transcript schema, recordings, batch downloads) and the
 * models of `purecloud-platform-client-v2` (index.d.ts). Facts only — field names, nesting, formats
 * (ISO instants with milliseconds, `tel:` URIs, epoch milliseconds in transcripts, `{milliseconds}`
 * durations) — with invented values: synthetic people, 555 numbers, made-up ids.
 *
 * Typed with the SDK's own models where it has one, so a field the SDK does not know fails to
 * compile. The transcript document has no SDK model: its shape follows the published schema.
 */

const CONVERSATION = '7c5b0a53-1f0e-4d55-9a52-3c2b8e1d0a01';
/** The customer's session: the STA communication id and the recording's sessionId. */
export const CUSTOMER_SESSION = '0b9e3c11-6a4d-4f5e-8c1a-2d7f3e9b4c02';
const AGENT_1 = 'a1b2c3d4-0000-4000-8000-0000000000a1';
const AGENT_2 = 'a1b2c3d4-0000-4000-8000-0000000000a2';
const QUEUE = 'q0e0e0e0-0000-4000-8000-000000000001';
const WRAP_UP = 'w0000000-0000-4000-8000-000000000001';

/** POST /api/v2/analytics/conversations/details/query: a voice call transferred between two agents, and a chat. */
export const detailsQueryResponse = {
  totalHits: 2,
  conversations: [
    {
      conversationId: CONVERSATION,
      conversationStart: '2026-11-02T15:04:05.123Z',
      conversationEnd: '2026-11-02T15:16:41.870Z',
      originatingDirection: 'inbound',
      divisionIds: ['d1d1d1d1-0000-4000-8000-000000000001'],
      mediaStatsMinConversationMos: 4.38,
      mediaStatsMinConversationRFactor: 89.1,
      participants: [
        {
          participantId: 'p0000000-0000-4000-8000-000000000001',
          participantName: 'Avery Testperson',
          purpose: 'customer',
          sessions: [
            {
              sessionId: CUSTOMER_SESSION,
              mediaType: 'voice',
              direction: 'inbound',
              ani: 'tel:+15555550142',
              dnis: 'tel:+15555550100',
              sessionDnis: 'tel:+15555550100',
              edgeId: 'e0000000-0000-4000-8000-000000000001',
              protocolCallId: 'synthetic-call-id-1',
              provider: 'Edge',
              remote: 'Avery Testperson',
              recording: true,
              metrics: [{ name: 'nConnected', value: 1, emitDate: '2026-11-02T15:04:05.123Z' }],
              segments: [
                {
                  segmentStart: '2026-11-02T15:04:05.123Z',
                  segmentEnd: '2026-11-02T15:16:11.870Z',
                  segmentType: 'interact',
                  disconnectType: 'endpoint',
                  conference: false,
                },
              ],
            },
          ],
        },
        {
          participantId: 'p0000000-0000-4000-8000-000000000002',
          participantName: 'Patient Services IVR',
          purpose: 'ivr',
          sessions: [
            {
              sessionId: 's0000000-0000-4000-8000-000000000002',
              mediaType: 'voice',
              direction: 'inbound',
              flow: {
                flowId: 'f0000000-0000-4000-8000-000000000001',
                flowName: 'Main IVR',
                flowType: 'INBOUNDCALL',
              },
              segments: [
                {
                  segmentStart: '2026-11-02T15:04:05.200Z',
                  segmentEnd: '2026-11-02T15:04:40.000Z',
                  segmentType: 'ivr',
                  disconnectType: 'transfer',
                },
              ],
            },
          ],
        },
        {
          participantId: 'p0000000-0000-4000-8000-000000000003',
          purpose: 'acd',
          sessions: [
            {
              sessionId: 's0000000-0000-4000-8000-000000000003',
              mediaType: 'voice',
              requestedRoutings: ['Standard'],
              usedRouting: 'Standard',
              segments: [
                {
                  segmentStart: '2026-11-02T15:04:40.000Z',
                  segmentEnd: '2026-11-02T15:05:02.500Z',
                  segmentType: 'interact',
                  queueId: QUEUE,
                  disconnectType: 'transfer',
                },
              ],
            },
          ],
        },
        {
          participantId: 'p0000000-0000-4000-8000-000000000004',
          purpose: 'agent',
          userId: AGENT_1,
          sessions: [
            {
              sessionId: 's0000000-0000-4000-8000-000000000004',
              mediaType: 'voice',
              direction: 'inbound',
              ani: 'tel:+15555550142',
              dnis: 'tel:+15555550100',
              recording: true,
              segments: [
                {
                  segmentStart: '2026-11-02T15:05:02.500Z',
                  segmentEnd: '2026-11-02T15:05:06.000Z',
                  segmentType: 'alert',
                  queueId: QUEUE,
                },
                {
                  segmentStart: '2026-11-02T15:05:06.000Z',
                  segmentEnd: '2026-11-02T15:10:30.000Z',
                  segmentType: 'interact',
                  queueId: QUEUE,
                  disconnectType: 'transfer',
                },
              ],
            },
          ],
        },
        {
          participantId: 'p0000000-0000-4000-8000-000000000005',
          purpose: 'agent',
          userId: AGENT_2,
          sessions: [
            {
              sessionId: 's0000000-0000-4000-8000-000000000005',
              mediaType: 'voice',
              direction: 'inbound',
              recording: true,
              segments: [
                {
                  segmentStart: '2026-11-02T15:10:30.000Z',
                  segmentEnd: '2026-11-02T15:16:11.870Z',
                  segmentType: 'interact',
                  queueId: QUEUE,
                  disconnectType: 'peer',
                },
                {
                  segmentStart: '2026-11-02T15:16:11.870Z',
                  segmentEnd: '2026-11-02T15:16:41.870Z',
                  segmentType: 'wrapup',
                  queueId: QUEUE,
                  wrapUpCode: WRAP_UP,
                  wrapUpNote: 'Refill sent to pharmacy',
                },
              ],
            },
          ],
        },
      ],
    },
    {
      conversationId: '7c5b0a53-1f0e-4d55-9a52-3c2b8e1d0a02',
      conversationStart: '2026-11-02T16:00:00.000Z',
      conversationEnd: '2026-11-02T16:07:30.000Z',
      originatingDirection: 'inbound',
      divisionIds: ['d1d1d1d1-0000-4000-8000-000000000001'],
      participants: [
        {
          participantId: 'p0000000-0000-4000-8000-000000000011',
          purpose: 'customer',
          sessions: [
            {
              sessionId: 's0000000-0000-4000-8000-000000000011',
              mediaType: 'chat',
              direction: 'inbound',
              roomId: 'room-synthetic-1@conference.example.org',
              segments: [
                {
                  segmentStart: '2026-11-02T16:00:00.000Z',
                  segmentEnd: '2026-11-02T16:07:30.000Z',
                  segmentType: 'interact',
                },
              ],
            },
          ],
        },
        {
          participantId: 'p0000000-0000-4000-8000-000000000012',
          purpose: 'agent',
          userId: AGENT_1,
          sessions: [
            {
              sessionId: 's0000000-0000-4000-8000-000000000012',
              mediaType: 'chat',
              direction: 'inbound',
              segments: [
                {
                  segmentStart: '2026-11-02T16:00:05.000Z',
                  segmentEnd: '2026-11-02T16:07:30.000Z',
                  segmentType: 'interact',
                  queueId: QUEUE,
                },
              ],
            },
          ],
        },
      ],
    },
  ],
} satisfies Models.AnalyticsConversationQueryResponse;

/** GET …/communications/{communicationId}/transcripturl: a pre-signed S3 link (expires in 10 minutes). */
export const transcriptUrl = {
  url:
    'https://example-transcripts.s3.amazonaws.com/transcriptsCache/org/' +
    `${CONVERSATION}/${CUSTOMER_SESSION}-transcripts?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
    '&X-Amz-Date=20261102T152000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=600&X-Amz-Signature=synthetic',
} satisfies Models.TranscriptUrl;

const START = Date.parse('2026-11-02T15:04:05.123Z');
const phrase = (
  phraseIndex: number,
  participantPurpose: 'internal' | 'external',
  text: string,
  offsetMs: number,
  durationMs: number,
) => ({
  phraseIndex,
  participantPurpose,
  text,
  decoratedText: text,
  stability: 1,
  confidence: 0.91,
  offset: { milliseconds: offsetMs },
  startTimeMs: START + offsetMs,
  duration: { milliseconds: durationMs },
  words: text.split(' ').map((word, i) => ({
    word,
    confidence: 0.9,
    offset: { milliseconds: offsetMs + i * 300 },
    startTimeMs: START + offsetMs + i * 300,
    duration: { milliseconds: 280 },
  })),
});

/** The document behind the pre-signed URL (published transcript schema). Times are epoch ms. */
export const staTranscriptDocument = {
  organizationId: 'o0000000-0000-4000-8000-000000000001',
  conversationId: CONVERSATION,
  communicationId: CUSTOMER_SESSION,
  mediaType: 'call',
  conversationStartTime: START,
  startTime: START,
  duration: { milliseconds: 726_747 },
  participants: [
    {
      participantPurpose: 'external',
      initialDirection: 'inbound',
      ani: 'tel:+15555550142',
      dnis: 'tel:+15555550100',
      startTimeMs: START,
      endTimeMs: START + 726_747,
    },
    { participantPurpose: 'internal', userId: AGENT_1, queueId: QUEUE, startTimeMs: START + 60_877 },
    { participantPurpose: 'internal', userId: AGENT_2, queueId: QUEUE, startTimeMs: START + 385_877 },
  ],
  transcripts: [
    {
      transcriptId: 't0000000-0000-4000-8000-000000000001',
      language: 'en-us',
      programId: 'g0000000-0000-4000-8000-000000000001',
      engineId: 'Genesys',
      startTime: START,
      duration: { milliseconds: 726_747 },
      phrases: [
        phrase(0, 'internal', 'thank you for calling this call may be recorded', 61_000, 3_100),
        phrase(1, 'external', 'hi I need to check on my prescription refill', 65_000, 2_900),
        phrase(2, 'internal', 'can you verify your full name and date of birth', 68_500, 3_000),
        phrase(3, 'external', 'it is avery testperson born march third', 72_000, 2_600),
        phrase(4, 'internal', 'let me transfer you to our pharmacy team', 380_000, 2_400),
        phrase(5, 'internal', 'I have sent the refill to your pharmacy', 392_000, 2_800),
      ],
      analytics: {
        sentiment: [
          {
            participant: 'external',
            phrase: 'hi I need to check',
            phraseIndex: 1,
            sentiment: 0,
            startTimeMs: START + 65_000,
          },
        ],
        topics: [
          {
            participant: 'internal',
            topicId: 'tp000000-0000-4000-8000-000000000001',
            topicName: 'Recording disclosure',
            topicPhrase: 'call may be recorded',
            transcriptPhrase: 'this call may be recorded',
            confidence: 0.85,
            startTimeMs: START + 61_000,
            duration: { milliseconds: 1_800 },
          },
        ],
        acoustic: [
          {
            eventType: 'silence',
            offsetMs: 200_000,
            startTimeMs: START + 200_000,
            durationMs: 9_000,
            participant: 'internal',
          },
        ],
      },
    },
  ],
};

/** GET /api/v2/conversations/{id}/recordings?formatId=NONE: one playable audio, one archived stub. */
export const voiceRecordings = [
  {
    id: 'r0000000-0000-4000-8000-000000000001',
    conversationId: CONVERSATION,
    path: 'synthetic/path',
    startTime: '2026-11-02T15:05:02.500Z',
    endTime: '2026-11-02T15:16:11.870Z',
    media: 'audio',
    annotations: [],
    fileState: 'AVAILABLE',
    mediaUris: {},
    outputDurationMs: 669_370,
    outputSizeInBytes: 5_354_960,
    maxAllowedRestorationsForOrg: 0,
    remainingRestorationsAllowedForOrg: 0,
    sessionId: CUSTOMER_SESSION,
    recordingFileRole: 'CUSTOMER_EXPERIENCE',
    creationTime: '2026-11-02T15:16:12.000Z',
    selfUri: `/api/v2/conversations/${CONVERSATION}/recordings/r0000000-0000-4000-8000-000000000001`,
  },
  {
    id: 'r0000000-0000-4000-8000-000000000002',
    conversationId: CONVERSATION,
    media: 'audio',
    fileState: 'ARCHIVED',
    archiveDate: '2027-01-31T00:00:00.000Z',
    archiveMedium: 'CLOUDARCHIVE',
  },
] satisfies Models.Recording[];

/** The chat's recording: the chat transcript rides on the recordings API. */
export const chatRecordings = [
  {
    id: 'r0000000-0000-4000-8000-000000000011',
    conversationId: '7c5b0a53-1f0e-4d55-9a52-3c2b8e1d0a02',
    media: 'chat',
    fileState: 'AVAILABLE',
    sessionId: 's0000000-0000-4000-8000-000000000011',
    transcript: [
      {
        id: 'm1',
        body: 'Can I move my appointment to Friday?',
        bodyType: 'standard',
        utc: '2026-11-02T16:00:10.000Z',
        participantPurpose: 'customer',
      },
      {
        id: 'm2',
        body: 'Yes, I can help with that.',
        bodyType: 'standard',
        utc: '2026-11-02T16:00:40.000Z',
        participantPurpose: 'agent',
      },
    ],
  },
] satisfies Models.Recording[];

/** GET /api/v2/recording/batchrequests/{jobId} once complete: one file, one archived failure. */
export const batchStatus = {
  id: 'b0000000-0000-4000-8000-000000000001',
  jobId: 'b0000000-0000-4000-8000-000000000001',
  expectedResultCount: 2,
  resultCount: 2,
  errorCount: 1,
  results: [
    {
      conversationId: CONVERSATION,
      recordingId: 'r0000000-0000-4000-8000-000000000001',
      resultUrl: 'https://example-recordings.s3.amazonaws.com/synthetic.wav?X-Amz-Signature=synthetic',
      contentType: 'audio/wav',
    },
    {
      conversationId: CONVERSATION,
      recordingId: 'r0000000-0000-4000-8000-000000000002',
      errorMsg: 'Recording is archived',
    },
  ],
  selfUri: '/api/v2/recording/batchrequests/b0000000-0000-4000-8000-000000000001',
} satisfies Models.BatchDownloadJobStatusResult;
