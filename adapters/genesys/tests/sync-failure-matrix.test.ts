import nock from 'nock';
import { GenesysClient } from '@teachback/connector-genesys';
import { MemoryCheckpoints, MemoryInteractions, MemoryQuarantine } from '@teachback/core';
import { conversationToInteraction, customerSession } from '../src/mapping';
import { RECENT_STREAM, syncRecentConversations, type SyncEvent } from '../src/sync';

const API = 'https://api.mypurecloud.com';
const LOGIN = 'https://login.mypurecloud.com';
const NOW = new Date('2026-11-27T12:00:00Z');

const sms = (id: string, start: string, end?: string) => ({
  conversationId: id,
  conversationStart: start,
  ...(end ? { conversationEnd: end } : {}),
  originatingDirection: 'inbound',
  participants: [
    {
      purpose: 'customer',
      sessions: [
        { sessionId: `${id}-cs`, mediaType: 'message', messageType: 'sms', addressFrom: '+15550001111' },
      ],
    },
    {
      purpose: 'agent',
      userId: 'agent-1',
      sessions: [
        {
          sessionId: `${id}-as`,
          mediaType: 'message',
          messageType: 'sms',
          segments: [{ segmentType: 'wrapup', queueId: 'q-1', wrapUpCode: 'wu-1', wrapUpNote: 'done' }],
        },
      ],
    },
  ],
});

const recordings = [
  {
    id: 'r-1',
    media: 'message',
    sessionId: 's',
    messagingTranscript: [
      { purpose: 'customer', messageText: 'Need a refill', timestamp: '2026-11-27T10:00:05Z' },
      { purpose: 'agent', messageText: 'Sure, I can help', timestamp: '2026-11-27T10:00:35Z' },
    ],
  },
];

function client() {
  let clock = 0;
  return new GenesysClient({
    orgId: 'org-1',
    region: 'us_east_1',
    credentials: { clientId: 'c', clientSecret: 's' },
    requestsPerMinute: 60_000,
    now: () => clock,
    sleep: async (ms) => void (clock += ms),
    random: () => 0.5,
  });
}

function login(transcription = 'EnabledGlobally') {
  nock(LOGIN).post('/oauth/token').reply(200, { access_token: 't', expires_in: 86400 }).persist();
  // Each sync asks once whether voice transcription is on.
  nock(API)
    .get('/api/v2/routing/settings/transcription')
    .reply(200, { transcription, transcriptionConfidenceThreshold: 0 })
    .persist();
}

type DetailsBody = { interval: string; paging: { pageNumber: number } };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Genesys sync failure matrix (nock)', () => {
  it('quarantines a malformed record, leaves an active one for later, keeps the rest, and checkpoints after the write', async () => {
    login();
    const intervals: string[] = [];
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .reply((_u, body) => {
        intervals.push((body as DetailsBody).interval);
        return [
          200,
          {
            totalHits: 3,
            conversations: [
              { ...sms('c-1', '2026-11-27T10:00:00Z', '2026-11-27T10:05:00Z'), aiSummaryId: 'new-in-2027' },
              { conversationStart: '2026-11-27T10:01:00Z', participants: 'not-a-list' },
              sms('c-live', '2026-11-27T11:59:00Z'),
            ],
          },
        ];
      })
      .get('/api/v2/conversations/c-1/recordings')
      .query(true)
      .reply(200, recordings);
    const checkpoints = new MemoryCheckpoints();
    const sink = new MemoryInteractions();
    const quarantine = new MemoryQuarantine();
    const events: SyncEvent[] = [];
    const report = await syncRecentConversations(
      { client: client(), checkpoints, sink, quarantine, now: () => NOW, onEvent: (e) => events.push(e) },
      { tenantId: 't', initialLookbackMs: 3_600_000 * 3, windowMs: 3_600_000 * 3 },
    );
    expect(intervals).toEqual(['2026-11-27T09:00:00.000Z/2026-11-27T12:00:00.000Z']);
    expect(report).toMatchObject({
      processed: 1,
      created: 1,
      quarantined: 1,
      skipped: { malformed: 1, active: 1 },
      transcripts: { recording: 1 },
    });
    // No conversation id to name: the entry names where it was and which field was wrong.
    expect([...quarantine.entries.values()]).toEqual([
      {
        tenantId: 't',
        platform: 'genesys',
        kind: 'conversation',
        ref: 'page-1#1',
        reason: expect.stringMatching(/^conversation: (conversationId|participants) /),
        at: NOW.toISOString(),
      },
    ]);
    expect(events.find((e) => e.type === 'malformed_conversation')).toMatchObject({ index: 1 });
    // An unknown field is tolerated and reported by name, once.
    expect(events.filter((e) => e.type === 'schema_drift')).toEqual([
      { type: 'schema_drift', fields: ['aiSummaryId'] },
    ]);
    const row = [...sink.rows.values()][0]!.interaction;
    expect(row).toMatchObject({
      channel: 'sms',
      direction: 'inbound',
      queue: { id: 'q-1' },
      wrapUp: { code: 'wu-1', notes: 'done' },
      transcript: {
        utterances: [
          { speaker: 'customer', startMs: 5000 },
          { speaker: 'agent', startMs: 35000 },
        ],
      },
    });
    expect(await checkpoints.load('t', RECENT_STREAM)).toEqual({
      version: 1,
      highWaterMark: '2026-11-27T12:00:00.000Z',
      lastRunAt: '2026-11-27T12:00:00.000Z',
    });
  });

  it('quarantines a conversation it cannot map under its id, naming the field, and only then checkpoints', async () => {
    login();
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .reply(200, {
        totalHits: 2,
        conversations: [
          { ...sms('c-bad', 'yesterday', '2026-11-27T10:05:00Z') },
          sms('c-1', '2026-11-27T10:00:00Z', '2026-11-27T10:05:00Z'),
        ],
      })
      .get(/\/api\/v2\/conversations\/c-(bad|1)\/recordings/)
      .query(true)
      .times(2)
      .reply(200, recordings);
    const checkpoints = new MemoryCheckpoints();
    const quarantine = new MemoryQuarantine();
    const sink = new MemoryInteractions();
    const report = await syncRecentConversations(
      { client: client(), checkpoints, sink, quarantine, now: () => NOW },
      { tenantId: 't', initialLookbackMs: 3_600_000 * 3, windowMs: 3_600_000 * 3 },
    );
    expect(report).toMatchObject({ processed: 1, quarantined: 1, requests: { interactions: 2 } });
    expect([...sink.rows.keys()]).toEqual(['t|genesys|c-1']);
    const entry = quarantine.entries.get('t|genesys|conversation|c-bad');
    expect(entry?.reason).toMatch(/^interaction\.startedAt: /);
    // The value itself (a date here, a phone number elsewhere) is never echoed.
    expect(entry?.reason).not.toContain('yesterday');
    expect(checkpoints.saves).toBe(1);
  });

  it('without a quarantine, or when the quarantine write fails, the window fails and is not checkpointed', async () => {
    login();
    const bad = { conversationStart: '2026-11-27T10:01:00Z', participants: 'not-a-list' };
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .times(2)
      .reply(200, { totalHits: 1, conversations: [bad] });
    const checkpoints = new MemoryCheckpoints();
    await expect(
      syncRecentConversations(
        { client: client(), checkpoints, sink: new MemoryInteractions(), now: () => NOW },
        { tenantId: 't', initialLookbackMs: 3_600_000, windowMs: 3_600_000 },
      ),
    ).rejects.toMatchObject({ code: 'SYNC.UNREADABLE_RECORD' });
    const broken = { add: () => Promise.reject(new Error('quarantine table gone')) };
    await expect(
      syncRecentConversations(
        { client: client(), checkpoints, sink: new MemoryInteractions(), quarantine: broken, now: () => NOW },
        { tenantId: 't', initialLookbackMs: 3_600_000, windowMs: 3_600_000 },
      ),
    ).rejects.toThrow('quarantine table gone');
    expect(checkpoints.saves).toBe(0);
  });

  it('does not checkpoint a window whose write failed', async () => {
    login();
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .reply(200, {
        totalHits: 1,
        conversations: [sms('c-1', '2026-11-27T10:00:00Z', '2026-11-27T10:05:00Z')],
      })
      .get('/api/v2/conversations/c-1/recordings')
      .query(true)
      .reply(200, recordings);
    const checkpoints = new MemoryCheckpoints();
    const failing = { upsert: async () => Promise.reject(new Error('disk full')) };
    await expect(
      syncRecentConversations(
        { client: client(), checkpoints, sink: failing, now: () => NOW },
        { tenantId: 't', initialLookbackMs: 3_600_000, windowMs: 3_600_000 },
      ),
    ).rejects.toThrow('disk full');
    expect(checkpoints.saves).toBe(0);
  });

  it('re-reads from now when the checkpoint is in the future, and rejects a corrupt one', async () => {
    login();
    const checkpoints = new MemoryCheckpoints();
    await checkpoints.save('t', RECENT_STREAM, { version: 1, highWaterMark: '2027-01-01T00:00:00.000Z' });
    const intervals: string[] = [];
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .reply((_u, body) => {
        intervals.push((body as DetailsBody).interval);
        return [200, { totalHits: 0 }];
      });
    const report = await syncRecentConversations(
      { client: client(), checkpoints, sink: new MemoryInteractions(), now: () => NOW },
      { tenantId: 't', overlapMs: 600_000 },
    );
    expect(report.checkpointReset).toBe(true);
    expect(intervals).toEqual(['2026-11-27T11:50:00.000Z/2026-11-27T12:00:00.000Z']);
    expect(report.highWaterMark).toBe('2026-11-27T12:00:00.000Z');

    await checkpoints.save('t', RECENT_STREAM, { version: 1, highWaterMark: 'yesterday' });
    await expect(
      syncRecentConversations(
        { client: client(), checkpoints, sink: new MemoryInteractions(), now: () => NOW },
        { tenantId: 't' },
      ),
    ).rejects.toMatchObject({
      code: 'SYNC.CHECKPOINT_INVALID',
      message: expect.stringContaining('highWaterMark'),
    });
  });

  it('a replayed page (same conversation in two windows, then a rerun) creates no duplicates', async () => {
    login();
    const page = {
      totalHits: 1,
      conversations: [sms('c-1', '2026-11-27T10:50:00Z', '2026-11-27T11:10:00Z')],
    };
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .times(4)
      .reply(200, page)
      .get('/api/v2/conversations/c-1/recordings')
      .query(true)
      .times(2)
      .reply(200, recordings);
    const sink = new MemoryInteractions();
    const checkpoints = new MemoryCheckpoints();
    const deps = { client: client(), checkpoints, sink, now: () => NOW };
    const first = await syncRecentConversations(deps, {
      tenantId: 't',
      initialLookbackMs: 2 * 3_600_000,
      windowMs: 3_600_000,
    });
    expect(first).toMatchObject({ windows: 2, created: 1, skipped: { duplicateInRun: 1 } });
    await checkpoints.save('t', RECENT_STREAM, { version: 1, highWaterMark: '2026-11-27T10:00:00.000Z' });
    const replay = await syncRecentConversations(deps, { tenantId: 't', windowMs: 3_600_000, overlapMs: 0 });
    expect(replay).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(sink.rows.size).toBe(1);
  });

  it('survives 500 then 200 on a page and an unreadable transcript', async () => {
    login();
    const voice = {
      conversationId: 'v-1',
      conversationStart: '2026-11-27T10:00:00Z',
      conversationEnd: '2026-11-27T10:03:00Z',
      participants: [
        {
          purpose: 'customer',
          sessions: [{ sessionId: 'cust-1', mediaType: 'voice', ani: 'tel:+15550001111', recording: true }],
        },
        {
          purpose: 'agent',
          userId: 'a',
          sessions: [{ sessionId: 'comm-1', mediaType: 'voice', recording: true }],
        },
      ],
    };
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .reply(500, {})
      .post('/api/v2/analytics/conversations/details/query')
      .reply(200, { totalHits: 1, conversations: [voice] })
      .get('/api/v2/speechandtextanalytics/conversations/v-1/communications/cust-1/transcripturl')
      .reply(200, { url: 'https://bucket.s3.amazonaws.com/t.json?X-Amz-Signature=x' })
      .get('/api/v2/conversations/v-1/recordings')
      .query(true)
      .reply(202)
      .get('/api/v2/conversations/v-1/recordings')
      .query(true)
      .reply(200, [{ id: 'rec-1', conversationId: 'v-1', fileState: 'ARCHIVED', media: 'audio' }]);
    nock('https://bucket.s3.amazonaws.com').get('/t.json').query(true).reply(200, '{"transcripts": "nope"}');
    const events: SyncEvent[] = [];
    const report = await syncRecentConversations(
      {
        client: client(),
        checkpoints: new MemoryCheckpoints(),
        sink: new MemoryInteractions(),
        now: () => NOW,
        sleep: async () => undefined,
        onEvent: (e) => events.push(e),
      },
      {
        tenantId: 't',
        initialLookbackMs: 3_600_000 * 3,
        windowMs: 3_600_000 * 3,
        listRecordings: 'always',
      },
    );
    expect(report).toMatchObject({
      created: 1,
      transcripts: { sta: 0, none: 1 },
      recordings: { transcoding202: 1, archived: 1 },
    });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['transcript_unreadable', 'recording_unavailable']),
    );
  });
});

describe('customerSession', () => {
  it("is the customer's session, preferring the voice leg of a callback over the callback request", () => {
    const conv = {
      conversationId: 'cb-1',
      participants: [
        { purpose: 'agent', userId: 'a', sessions: [{ sessionId: 'agent-s', mediaType: 'callback' }] },
        {
          purpose: 'customer',
          sessions: [
            { sessionId: 'request-s', mediaType: 'callback' },
            { sessionId: 'voice-s', mediaType: 'voice' },
          ],
        },
      ],
    };
    expect(customerSession(conv)?.session.sessionId).toBe('voice-s');
    expect(customerSession({ ...conv, participants: [conv.participants[0]!] })).toBeUndefined();
  });
});

describe('conversationToInteraction', () => {
  it('maps every media type to a channel and skips media we do not score', () => {
    const conv = (mediaType: string, messageType?: string) => ({
      conversationId: 'x',
      participants: [
        {
          purpose: 'agent',
          userId: 'a',
          sessions: [{ sessionId: 's', mediaType, ...(messageType ? { messageType } : {}) }],
        },
      ],
    });
    expect(conversationToInteraction('t', conv('voice'))?.channel).toBe('voice');
    expect(conversationToInteraction('t', conv('callback'))?.channel).toBe('voice');
    expect(conversationToInteraction('t', conv('chat'))?.channel).toBe('chat');
    expect(conversationToInteraction('t', conv('email'))?.channel).toBe('email');
    expect(conversationToInteraction('t', conv('message', 'sms'))?.channel).toBe('sms');
    expect(conversationToInteraction('t', conv('message', 'webmessaging'))?.channel).toBe('messaging');
    expect(conversationToInteraction('t', conv('message', 'facebook'))?.channel).toBe('messaging');
    expect(conversationToInteraction('t', conv('cobrowse'))).toBeUndefined();
  });
});
