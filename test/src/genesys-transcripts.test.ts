import { syncRecentConversations } from '@teachback/adapter-genesys';
import { MemoryCheckpoints, MemoryInteractions, type RecordingTranscriber } from '@teachback/core';
import { GenesysClient } from '@teachback/connector-genesys';
import { startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

/** Reads back the script the simulator embedded in its synthetic WAV. */
const fakeAsr: RecordingTranscriber = {
  async transcribe(audio) {
    const text = (audio as Buffer).subarray(44).toString('utf8');
    return {
      source: 'asr',
      engine: 'fake',
      utterances: text.split('\n').map((line, i) => ({
        speaker: line.startsWith('agent: ') ? 'agent' : 'customer',
        startMs: i * 1000,
        endMs: i * 1000 + 900,
        text: line.replace(/^\w+: /, ''),
      })),
    };
  },
};

jest.setTimeout(60_000);

describe('Genesys voice transcripts (simulator keys STA transcripts by the customer session, as Genesys does)', () => {
  let clock = Date.parse('2026-11-03T06:00:00Z');
  const sleep = async (ms: number) => void (clock += ms);
  let sim: GenesysSimulator;
  let client: GenesysClient;

  beforeAll(async () => {
    sim = await startGenesysSimulator({ conversations: 120, seed: 21, now: () => clock });
    client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
      requestsPerMinute: 6000,
      now: () => clock,
      sleep,
    });
  });
  afterAll(() => sim.close());

  it('every voice and callback call with an STA transcript gets it, from the customer session', async () => {
    const sink = new MemoryInteractions();
    const report = await syncRecentConversations(
      {
        client,
        checkpoints: new MemoryCheckpoints(),
        sink,
        transcription: fakeAsr,
        now: () => new Date(clock),
        sleep,
      },
      { tenantId: 't-sta', initialLookbackMs: 4 * 86_400_000, windowMs: 4 * 86_400_000 },
    );
    const voice = sim.conversations.filter((c) => c.media === 'voice' || c.media === 'callback');
    const withSta = voice.filter((c) => c.hasStaTranscript);
    expect(withSta.length).toBeGreaterThan(20);
    expect(voice.some((c) => c.media === 'callback' && c.hasStaTranscript)).toBe(true);
    expect(report.transcripts.sta).toBe(withSta.length);
    for (const c of withSta) {
      const row = sink.rows.get(`t-sta|genesys|${c.id}`)!.interaction;
      expect(row.transcript).toMatchObject({ source: 'platform' });
      expect(row.transcript!.utterances.map((u) => u.text)).toEqual(c.lines.map((l) => l.text));
    }
  });

  it('a call transferred between agents is one interaction with both agents and one transcript', async () => {
    const sink = new MemoryInteractions();
    await syncRecentConversations(
      {
        client,
        checkpoints: new MemoryCheckpoints(),
        sink,
        transcription: fakeAsr,
        now: () => new Date(clock),
        sleep,
      },
      { tenantId: 't-xfer', initialLookbackMs: 4 * 86_400_000, windowMs: 4 * 86_400_000 },
    );
    const transferred = sim.conversations.filter((c) => c.agentUserIds.length > 1);
    expect(transferred.length).toBeGreaterThan(2);
    // One row per conversation: a transfer never splits a call into two scored interactions.
    expect(sink.rows.size).toBe(sim.conversations.length);
    for (const c of transferred) {
      const agentParticipants = c.details.participants!.filter((p) => p.purpose === 'agent');
      expect(agentParticipants).toHaveLength(2);
      const row = sink.rows.get(`t-xfer|genesys|${c.id}`)!;
      expect(row.writes).toBe(1);
      expect(row.interaction.participants.filter((p) => p.role === 'agent')).toEqual(
        c.agentUserIds.map((userId) => ({ role: 'agent', userId })),
      );
      expect(row.interaction.transcript?.utterances.map((u) => u.text)).toEqual(c.lines.map((l) => l.text));
    }
  });
});
