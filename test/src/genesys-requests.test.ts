import { RECENT_STREAM, syncRecentConversations, type SyncReport } from '@teachback/adapter-genesys';
import {
  MemoryCheckpoints,
  MemoryInteractions,
  MemoryQuarantine,
  type RecordingTranscriber,
} from '@teachback/core';
import { GenesysClient } from '@teachback/connector-genesys';
import { requestsPerThousand } from '@teachback/core';
import {
  startGenesysSimulator,
  type GenesysSimulator,
  type SimConversation,
} from '@teachback/simulator-genesys';

const fakeAsr: RecordingTranscriber = {
  async transcribe() {
    return {
      source: 'asr',
      engine: 'fake',
      utterances: [{ speaker: 'agent', startMs: 0, endMs: 900, text: 'hello' }],
    };
  },
};

/**
 * The fewest requests the API shapes allow for these conversations, worked out from what the
 * simulator knows (which call has a transcript, which chat was recorded), not from our sync:
 * details pages of 100; one transcript URL per call that has a transcript (there is no bulk form);
 * one batch request + one status read per 100 calls without one; one recordings call per recorded
 * digital conversation (it carries the transcript); unrecorded messaging: the conversation + one
 * bulk read; unrecorded email: the list + one read per message (previews carry no body).
 */
function minimumRequests(convs: readonly SimConversation[]): number {
  const voiceLike = (c: SimConversation) => c.media === 'voice' || c.media === 'callback';
  const untranscribed = convs.filter((c) => voiceLike(c) && !c.hasStaTranscript).length;
  let n = Math.ceil(convs.length / 100) + 2 * Math.ceil(untranscribed / 100);
  for (const c of convs) {
    if (voiceLike(c)) n += c.hasStaTranscript ? 1 : 0;
    else if (c.recorded) n += 1;
    else if (c.media === 'message') n += 2;
    else if (c.media === 'email') n += 1 + c.lines.length;
  }
  return n;
}

jest.setTimeout(120_000);

describe('Genesys requests per 1,000 conversations (simulator request counter)', () => {
  const START = Date.parse('2026-11-01T00:00:00Z');
  const H = 3_600_000;
  let clock = START + 24 * H;
  const sleep = async (ms: number) => void (clock += ms);
  let sim: GenesysSimulator;
  let client: GenesysClient;
  const checkpoints = new MemoryCheckpoints();
  const sink = new MemoryInteractions();

  beforeAll(async () => {
    sim = await startGenesysSimulator({ conversations: 2000, seed: 13, spanHours: 48, now: () => clock });
    client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
      requestsPerMinute: 250,
      now: () => clock,
      sleep,
    });
  });
  afterAll(() => sim.close());

  const run = async (): Promise<{ report: SyncReport; requests: number }> => {
    const before = sim.stats.requests;
    const report = await syncRecentConversations(
      {
        client,
        checkpoints,
        sink,
        quarantine: new MemoryQuarantine(),
        transcription: fakeAsr,
        now: () => new Date(clock),
        sleep,
      },
      { tenantId: 't-req', initialLookbackMs: 24 * H },
    );
    return { report, requests: sim.stats.requests - before };
  };
  const inRun = (from: number, to: number) =>
    sim.conversations.filter((c) => c.startMs < to && c.endMs > from);

  it('first sync (a day, default 1-hour windows) stays within 1.5x of the minimum', async () => {
    const t1 = clock;
    const { report, requests } = await run();
    const convs = inRun(t1 - 24 * H, t1);
    expect(report.processed).toBe(convs.length);
    expect(report.requests.requests).toBe(requests);
    const min = minimumRequests(convs);
    console.log(
      `Genesys first sync: ${convs.length} conversations, ${requests} requests ` +
        `(${requestsPerThousand(report.requests)} per 1,000); minimum ${min} ` +
        `(${Math.round((min * 10000) / convs.length) / 10} per 1,000)`,
    );
    expect(requests).toBeLessThanOrEqual(1.5 * min);
  });

  it('incremental sync (the next day) stays within 1.5x of the minimum', async () => {
    // The first run's high-water mark (its clock moved on while it was paced).
    const cp = (await checkpoints.load('t-req', RECENT_STREAM)) as { highWaterMark: string };
    const t1 = Date.parse(cp.highWaterMark);
    clock = START + 48 * H;
    const { report, requests } = await run();
    // Re-read 10 minutes before the high-water mark, for detail that arrives late.
    const convs = inRun(t1 - 10 * 60_000, clock);
    expect(report.processed).toBe(convs.length);
    const min = minimumRequests(convs);
    console.log(
      `Genesys incremental sync: ${convs.length} conversations, ${requests} requests ` +
        `(${requestsPerThousand(report.requests)} per 1,000); minimum ${min} ` +
        `(${Math.round((min * 10000) / convs.length) / 10} per 1,000)`,
    );
    expect(requests).toBeLessThanOrEqual(1.5 * min);
    expect(sim.stats.rateLimited).toBe(0);
  });
});
