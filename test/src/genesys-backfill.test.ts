import nock from 'nock';
import { BACKFILL_STREAM, backfillConversations } from '@teachback/adapter-genesys';
import { MemoryCheckpoints, MemoryInteractions } from '@teachback/core';
import { GenesysClient } from '@teachback/connector-genesys';
import { startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

// Loopback only: anything that tried to reach a real Genesys host (or anywhere else) would fail.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Genesys backfill through async details jobs (simulator)', () => {
  let sim: GenesysSimulator;
  let clock = Date.parse('2026-11-10T00:00:00Z');
  const sleep = async (ms: number) => void (clock += ms);
  const newClient = () =>
    new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
      now: () => clock,
      sleep,
    });

  beforeAll(async () => {
    sim = await startGenesysSimulator({
      conversations: 300,
      now: () => clock,
      jobPollsUntilFulfilled: 3,
      jobPageSizeMax: 120,
    });
  });
  afterAll(() => sim.close());

  it('waits for the job, follows the cursor, checkpoints each page, and a rerun of a finished job does nothing', async () => {
    const checkpoints = new MemoryCheckpoints();
    const sink = new MemoryInteractions();
    const deps = { client: newClient(), checkpoints, sink, sleep, now: () => new Date(clock) };
    const options = {
      tenantId: 't-1',
      from: new Date('2026-10-31T00:00:00Z'),
      to: new Date('2026-11-09T00:00:00Z'),
    };
    const report = await backfillConversations(deps, options);
    expect(report.processed).toBe(300);
    expect(report.pages).toBe(3);
    expect(sim.stats.byOperation['getDetailsJob']).toBe(3);
    expect(sim.stats.byOperation['getDetailsJobResults']).toBe(3);
    // Clipped to the data-lake availability date: jobs see nothing later.
    const last = sim.conversations.at(-1)!;
    expect(report.availableUntil).toBe(new Date(last.endMs).toISOString());
    expect(await checkpoints.load('t-1', BACKFILL_STREAM)).toMatchObject({ done: true });
    const again = await backfillConversations(deps, options);
    expect(again.processed).toBe(0);
    expect(sink.rows.size).toBe(300);
  });

  it('submits a new job when the checkpointed one has expired', async () => {
    const checkpoints = new MemoryCheckpoints();
    const sink = new MemoryInteractions();
    const from = new Date('2026-10-31T00:00:00Z');
    const to = new Date('2026-11-01T12:00:00Z');
    await checkpoints.save('t-3', BACKFILL_STREAM, {
      version: 1,
      interval: `${from.toISOString()}/${to.toISOString()}`,
      jobId: 'expired-job',
      cursor: '120',
      done: false,
    });
    const events: string[] = [];
    const report = await backfillConversations(
      { client: newClient(), checkpoints, sink, sleep, onEvent: (e) => events.push(e.type) },
      { tenantId: 't-3', from, to },
    );
    expect(events).toContain('job_restarted');
    const expected = sim.conversations.filter((c) => c.startMs < to.getTime()).length;
    expect(report.processed).toBe(expected);
    expect(sink.rows.size).toBe(expected);
    expect(await checkpoints.load('t-3', BACKFILL_STREAM)).toMatchObject({ done: true });
  });

  it('reports a failed job with a stable code', async () => {
    sim.failNextJob();
    await expect(
      backfillConversations(
        { client: newClient(), checkpoints: new MemoryCheckpoints(), sink: new MemoryInteractions(), sleep },
        { tenantId: 't-2', from: new Date('2026-10-31T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') },
      ),
    ).rejects.toMatchObject({ code: 'GENESYS.JOB_FAILED' });
  });
});
