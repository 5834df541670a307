import nock from 'nock';
import { createLiveSession, type GuidanceEvent } from '@teachback/core';
import { loadCompiledPlaybook } from '@teachback/config';
import {
  guideLiveCalls,
  LiveTranscription,
  type LiveEvent,
  type LiveGuidance,
  type LiveGuidanceFeed,
} from '@teachback/adapter-genesys';
import { GenesysClient } from '@teachback/connector-genesys';
import { AGENTS, QUEUES, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

/** The Genesys half of live guidance: notification socket → one core live session per call → events. */

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function waitFor<T>(check: () => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const v = check();
      if (v !== undefined) return resolve(v);
      if (Date.now() - started > 10_000) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

const label = (e: GuidanceEvent) => `${e.kind}:${e.ruleId}${e.reason ? `:${e.reason}` : ''}`;

describe('Genesys live guidance against the simulator', () => {
  let sim: GenesysSimulator;
  let live: LiveTranscription;
  let feed: LiveGuidanceFeed;
  let clock = 5_000_000;
  const got: LiveGuidance[] = [];
  const sessionsMade: Array<{ conversationId: string; queueId: string | undefined }> = [];

  beforeEach(async () => {
    got.length = 0;
    sessionsMade.length = 0;
    sim = await startGenesysSimulator({ conversations: 1, rateLimitPerMinute: 10_000 });
    const client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
    });
    live = new LiveTranscription({ client, queueIds: [QUEUES[0]!], now: () => clock });
    await live.start();
    const playbook = loadCompiledPlaybook('healthcare-inbound');
    feed = guideLiveCalls(live, {
      newSession: (call) => {
        sessionsMade.push(call);
        return createLiveSession({ callId: call.conversationId, playbook, callDate: '2026-11-02' });
      },
      onGuidance: (g) => got.push(g),
      tickMs: 0,
      now: () => clock,
    });
  });
  afterEach(async () => {
    feed?.stop();
    await live?.stop();
    await sim.close();
  });

  async function started(conversationId: string): Promise<void> {
    const seen = new Promise<void>((resolve) => {
      const on = (e: LiveEvent) => {
        if (e.type === 'conversation_started' && e.conversationId === conversationId) {
          live.off('event', on);
          resolve();
        }
      };
      live.on('event', on);
    });
    sim.startLiveConversation({ conversationId, queueId: QUEUES[0]!, agentUserId: AGENTS[0]! });
    await seen;
  }

  it('streams prompts for a call, clears them, survives a socket drop without duplicates, and ends', async () => {
    const stream = feed.events();
    await started('conv-g-1');
    expect(sessionsMade).toEqual([{ conversationId: 'conv-g-1', queueId: QUEUES[0] }]);

    sim.emitTranscription('conv-g-1', {
      channel: 'INTERNAL',
      text: 'Thanks for calling Lakeside Clinic, this call is recorded. This is Sam.',
      offsetMs: 1000,
      utteranceId: 'utt-1',
    });
    sim.emitTranscription('conv-g-1', {
      channel: 'EXTERNAL',
      text: "Hi, I'm calling to see if my lab results are back.",
      offsetMs: 5000,
      utteranceId: 'utt-2',
    });
    const guard = (await stream.next()).value as LiveGuidance;
    expect(guard).toMatchObject({
      conversationId: 'conv-g-1',
      queueId: QUEUES[0],
      event: { id: 'conv-g-1:verify-before-phi:utt-2', kind: 'order_guard', audience: 'agent' },
    });

    // A dropped socket: Genesys may deliver the last result again on the new channel.
    const reconnected = new Promise<void>((resolve) =>
      live.on('event', (e: LiveEvent) => e.type === 'reconnected' && resolve()),
    );
    sim.dropSockets();
    await reconnected;
    sim.emitTranscription('conv-g-1', {
      channel: 'EXTERNAL',
      text: "Hi, I'm calling to see if my lab results are back.",
      offsetMs: 5000,
      utteranceId: 'utt-2',
    });
    sim.emitTranscription('conv-g-1', {
      channel: 'INTERNAL',
      text: 'Sure. Can you give me your full name and date of birth?',
      offsetMs: 9000,
      utteranceId: 'utt-3',
    });
    sim.emitTranscription('conv-g-1', {
      channel: 'EXTERNAL',
      text: 'Jordan Sampleton, June second nineteen sixty-four.',
      offsetMs: 13000,
      utteranceId: 'utt-4',
    });
    const clear = (await stream.next()).value as LiveGuidance;
    expect(clear.event).toMatchObject({ kind: 'clear', clears: guard.event.id, reason: 'done' });

    sim.emitTranscription('conv-g-1', {
      channel: 'EXTERNAL',
      text: "I'm having crushing chest pain right now and I can't breathe.",
      offsetMs: 20000,
      utteranceId: 'utt-5',
    });
    await waitFor(
      () => (got.some((g) => g.event.kind === 'protocol_card') ? true : undefined),
      'protocol card',
    );
    expect(got.map((g) => label(g.event))).toEqual([
      'order_guard:verify-before-phi',
      'clear:verify-before-phi:done',
      'supervisor_alert:escalation-medical-emergency',
      'protocol_card:medical-emergency-protocol',
    ]);
    expect(feed.session('conv-g-1')!.state().utterances).toBe(5);

    sim.endLiveConversation('conv-g-1');
    await waitFor(() => (got.some((g) => g.event.reason === 'call_ended') ? true : undefined), 'call end');
    expect(feed.session('conv-g-1')).toBeUndefined();
    const ids = got.map((g) => g.event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('timing rules fire on the tick while nobody speaks, and agent actions go to the call session', async () => {
    await started('conv-g-2');
    clock = 7_000_000;
    sim.emitTranscription('conv-g-2', {
      channel: 'INTERNAL',
      text: 'Hello, Maple Family Practice, Robin speaking.',
      offsetMs: 2000,
      utteranceId: 'a-1',
    });
    await waitFor(() => feed.session('conv-g-2')?.state().utterances || undefined, 'first utterance');
    clock += 10_000; // 12 s into the call
    feed.tick();
    expect(got).toEqual([]);
    clock += 5_000; // 17 s
    feed.tick();
    expect(got.map((g) => g.event.id)).toEqual(['conv-g-2:recording-disclosure-due:tick:15000']);
    const out = feed.dismiss('conv-g-2', got[0]!.event.id);
    expect(out.map(label)).toEqual(['clear:recording-disclosure-due:dismissed']);
    expect(feed.session('conv-g-2')!.outcomes()[0]!.outcome).toBe('dismissed');
    expect(feed.mute('conv-g-2', 'moment_prompt')).toEqual([]);
    expect(feed.session('conv-g-2')!.state().muted).toEqual(['moment_prompt']);
  });
});
