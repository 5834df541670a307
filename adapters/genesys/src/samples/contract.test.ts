import nock from 'nock';
import { GenesysClient, RawConversation, conversationDrift, parseRaw } from '@teachback/connector-genesys';
import { MemoryCheckpoints, MemoryInteractions, MemoryQuarantine } from '@teachback/core';
import type { RecordingTranscriber } from '@teachback/core';
import { syncRecentConversations } from '../sync';
import {
  conversationToInteraction,
  customerSession,
  recordingRefs,
  recordingTranscript,
  sessionRecorded,
  staTranscript,
} from '../mapping';
import {
  CUSTOMER_SESSION,
  batchStatus,
  chatRecordings,
  detailsQueryResponse,
  staTranscriptDocument,
  transcriptUrl,
  voiceRecordings,
} from './published';

/*
 * Our parser against payloads shaped after Genesys' published reference and SDK models
 * (./published.ts). If Genesys' documented shapes and our reading of them part ways, this fails.
 */
describe('Genesys parser contract (published samples)', () => {
  const [voice, chat] = detailsQueryResponse.conversations.map((c) =>
    parseRaw(RawConversation, c, 'conversation'),
  );

  it('details: every field is one the SDK knows (no drift) and both conversations parse', () => {
    for (const c of detailsQueryResponse.conversations) expect(conversationDrift(c)).toEqual([]);
    expect(voice!.conversationId).toBe(detailsQueryResponse.conversations[0]!.conversationId);
  });

  it('details → one interaction for a transferred call: both agents, the caller by ANI, queue and the last wrap-up', () => {
    const i = conversationToInteraction('t', voice!)!;
    expect(i).toMatchObject({
      id: `genesys:${voice!.conversationId}`,
      channel: 'voice',
      direction: 'inbound',
      startedAt: '2026-11-02T15:04:05.123Z',
      endedAt: '2026-11-02T15:16:41.870Z',
      durationMs: 756_747,
      queue: { id: 'q0e0e0e0-0000-4000-8000-000000000001' },
      wrapUp: { code: 'w0000000-0000-4000-8000-000000000001', notes: 'Refill sent to pharmacy' },
      contact: { phones: ['+15555550142'], name: 'Avery Testperson' },
      attributes: { mediaType: 'voice', orgAddress: '+15555550100' },
    });
    expect((i.participants ?? []).filter((p) => p.role === 'agent').map((p) => p.userId)).toEqual([
      'a1b2c3d4-0000-4000-8000-0000000000a1',
      'a1b2c3d4-0000-4000-8000-0000000000a2',
    ]);
    // IVR and ACD legs are routing, not people.
    expect(i.participants ?? []).toHaveLength(3);
    expect(sessionRecorded(voice!)).toBe(true);
    expect(conversationToInteraction('t', chat!)?.channel).toBe('chat');
    expect(sessionRecorded(chat!)).toBeUndefined();
  });

  it('the STA communication id is the customer session, the same as the recording sessionId', () => {
    expect(customerSession(voice!)?.session.sessionId).toBe(CUSTOMER_SESSION);
    expect(staTranscriptDocument.communicationId).toBe(CUSTOMER_SESSION);
    expect(voiceRecordings[0]!.sessionId).toBe(CUSTOMER_SESSION);
    expect(new URL(transcriptUrl.url).pathname).toContain(CUSTOMER_SESSION);
  });

  it('STA transcript → utterances: internal = agent, external = customer, times from the conversation start', () => {
    const t = staTranscript(JSON.stringify(staTranscriptDocument));
    expect(t.utterances).toHaveLength(6);
    expect(t.utterances[0]).toMatchObject({
      speaker: 'agent',
      startMs: 61_000,
      endMs: 64_100,
      text: 'thank you for calling this call may be recorded',
    });
    expect(t.utterances[1]).toMatchObject({ speaker: 'customer', startMs: 65_000 });
    expect(t.utterances.map((u) => u.speaker)).toEqual([
      'agent',
      'customer',
      'agent',
      'customer',
      'agent',
      'agent',
    ]);
  });

  it('recordings: both audio files become refs (the archived one can be restored); chats carry their transcript', () => {
    expect(recordingRefs(voiceRecordings)).toEqual([
      expect.objectContaining({ id: 'r0000000-0000-4000-8000-000000000001', durationMs: 669_370 }),
      expect.objectContaining({ id: 'r0000000-0000-4000-8000-000000000002' }),
    ]);
    const t = recordingTranscript(chatRecordings, chat!.conversationStart)!;
    expect(t.utterances.map((u) => [u.speaker, u.startMs, u.text])).toEqual([
      ['customer', 10_000, 'Can I move my appointment to Friday?'],
      ['agent', 40_000, 'Yes, I can help with that.'],
    ]);
  });
});

describe('Genesys sync over the published samples (nock)', () => {
  const API = 'https://api.mypurecloud.com';
  const NOW = new Date('2026-11-02T18:00:00Z');
  const [voiceDetails, chatDetails] = detailsQueryResponse.conversations;
  const client = () => {
    let clock = 0;
    return new GenesysClient({
      orgId: 'org-1',
      region: 'us_east_1',
      credentials: { clientId: 'c', clientSecret: 's' },
      requestsPerMinute: 60_000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
  };
  const common = () => {
    nock('https://login.mypurecloud.com')
      .post('/oauth/token')
      .reply(200, { access_token: 't', expires_in: 86400 });
    return nock(API)
      .get('/api/v2/routing/settings/transcription')
      .reply(200, { transcription: 'EnabledQueueFlow', transcriptionConfidenceThreshold: 0 })
      .post('/api/v2/analytics/conversations/details/query')
      .reply(200, detailsQueryResponse)
      .get(`/api/v2/conversations/${chatDetails!.conversationId}/recordings`)
      .query(true)
      .reply(200, chatRecordings);
  };
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('asks for the transcript by the customer session and reads the published transcript document', async () => {
    const api = common()
      .get(
        `/api/v2/speechandtextanalytics/conversations/${voiceDetails!.conversationId}/communications/${CUSTOMER_SESSION}/transcripturl`,
      )
      .reply(200, transcriptUrl);
    const s3 = nock('https://example-transcripts.s3.amazonaws.com')
      .get(/transcriptsCache/)
      .query(true)
      .reply(200, staTranscriptDocument);
    const sink = new MemoryInteractions();
    const report = await syncRecentConversations(
      {
        client: client(),
        checkpoints: new MemoryCheckpoints(),
        sink,
        quarantine: new MemoryQuarantine(),
        now: () => NOW,
      },
      { tenantId: 't', initialLookbackMs: 6 * 3_600_000, windowMs: 6 * 3_600_000 },
    );
    api.done();
    s3.done();
    expect(report).toMatchObject({ processed: 2, quarantined: 0, transcripts: { sta: 1, recording: 1 } });
    const call = sink.rows.get(`t|genesys|${voiceDetails!.conversationId}`)!.interaction;
    expect(call.transcript?.utterances).toHaveLength(6);
  });

  it('without a transcript: one batch request by conversation id, the file from its result, ASR on it', async () => {
    const api = common()
      .get(/\/transcripturl$/)
      .reply(404, { status: 404, code: 'not.found', message: 'not found' })
      .post('/api/v2/recording/batchrequests', {
        batchDownloadRequestList: [{ conversationId: voiceDetails!.conversationId }],
      })
      .reply(202, { id: batchStatus.id })
      .get(`/api/v2/recording/batchrequests/${batchStatus.id}`)
      .reply(200, batchStatus);
    const s3 = nock('https://example-recordings.s3.amazonaws.com')
      .get('/synthetic.wav')
      .query(true)
      .reply(200, 'RIFF');
    const heard: (string | undefined)[] = [];
    const asr: RecordingTranscriber = {
      async transcribe(_audio, meta) {
        heard.push(meta.recordingId);
        return {
          source: 'asr',
          engine: 'fake',
          utterances: [{ speaker: 'agent', startMs: 0, endMs: 1, text: 'hello' }],
        };
      },
    };
    const sink = new MemoryInteractions();
    const report = await syncRecentConversations(
      {
        client: client(),
        checkpoints: new MemoryCheckpoints(),
        sink,
        transcription: asr,
        now: () => NOW,
        sleep: async () => undefined,
      },
      { tenantId: 't', initialLookbackMs: 6 * 3_600_000, windowMs: 6 * 3_600_000 },
    );
    api.done();
    s3.done();
    expect(heard).toEqual(['r0000000-0000-4000-8000-000000000001']);
    expect(report).toMatchObject({
      transcripts: { sta: 0, asr: 1 },
      recordings: { batchRequested: 1, batchFailed: 0 },
    });
    expect(sink.rows.get(`t|genesys|${voiceDetails!.conversationId}`)!.interaction.recordings).toEqual([
      expect.objectContaining({ id: 'r0000000-0000-4000-8000-000000000001' }),
    ]);
  });
});
