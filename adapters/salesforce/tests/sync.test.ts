import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { STREAMS, syncSalesforce, syncStream } from '../src';
import { depsFor } from './helpers';

const spec = (name: string) => STREAMS.find((s) => s.name === name)!;

describe('full pull from the simulated org', () => {
  let sim: SalesforceSimulator;
  beforeAll(async () => {
    sim = await startSalesforceSimulator();
  });
  afterAll(() => sim.close());

  it('pulls every activity, contact, Person Account and case; a second run changes nothing', async () => {
    const deps = await depsFor(sim, { pageSize: 25 });
    const report = await syncSalesforce(deps);
    const pop = sim.population;
    // A standard org has no legacy chat: those activities are not in it.
    const sfActivities = pop.activities.filter(
      (a) => a.salesforce && a.salesforce.object !== 'LiveChatTranscript',
    );
    const callLogTasks = pop.activities.filter((a) => a.salesforce?.taskId).length;
    expect(deps.interactions.created).toBe(sfActivities.length + callLogTasks);
    expect(report.streams.every((s) => s.rejected.length === 0)).toBe(true);
    // The to-do Tasks are not call logs.
    expect(deps.interactions.values().some((i) => i.source.externalId.startsWith('00TSIMTODO'))).toBe(false);

    const people = deps.directory.people.values();
    expect(people).toHaveLength(pop.patients.length);
    for (const p of pop.patients) {
      const person = people.find((x) => x.contactId === p.salesforce.contactId)!;
      expect(person.kind).toBe(p.salesforce.kind);
      expect(person.profile.phones).toEqual(p.phones);
      expect(person.profile.emails).toEqual([p.email]);
      // No member-id field is configured (force-app deploys none): no member ids, no INVALID_FIELD.
      expect(person.profile.memberIds).toEqual([]);
      if (p.salesforce.accountId)
        expect(person.profile.crmIds).toEqual([p.salesforce.contactId, p.salesforce.accountId]);
    }
    expect(deps.directory.cases.values()).toHaveLength(pop.cases.length);
    expect(report.dailyApiUsed!.after).toBeGreaterThan(report.dailyApiUsed!.before);

    const again = await syncSalesforce(deps);
    const totals = again.streams.reduce(
      (n, s) => n + s.outcomes.created + s.outcomes.updated + s.outcomes.unchanged,
      0,
    );
    expect(totals).toBe(0);
    expect(deps.interactions.created).toBe(sfActivities.length + callLogTasks);
  });

  it('maps vendor call keys to links so the timeline can join platforms', async () => {
    const deps = await depsFor(sim, { streams: ['VoiceCall', 'Task'] });
    await syncSalesforce(deps);
    const a = sim.population.activities.find((x) => x.genesys && x.salesforce?.taskId)!;
    const vc = deps.interactions.values().find((i) => i.source.externalId === a.salesforce!.id)!;
    expect(vc.links).toEqual([
      { platform: 'genesys', externalId: a.genesys!.conversationId },
      { platform: 'salesforce', externalId: a.salesforce!.taskId },
    ]);
    const f = sim.population.activities.find((x) => x.five9 && x.salesforce)!;
    const task = deps.interactions.values().find((i) => i.source.externalId === f.salesforce!.id)!;
    expect(task.links).toEqual([{ platform: 'five9', externalId: f.five9!.callId }]);
    expect(task.startedAt).toBe(f.startedAt);
  });
});

describe('incremental sync by SystemModstamp', () => {
  const tie = '2026-03-01T10:00:00.000Z';
  const tasks = (n: number, from = 0, stamp = tie) =>
    Array.from({ length: n }, (_, i) => ({
      Id: `00TTIE${String(from + i).padStart(12, '0')}`,
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: 60,
      CallObject: null,
      WhoId: '003SIM000000000001',
      OwnerId: '005SIM000000000002',
      CompletedDateTime: stamp,
      CreatedDate: stamp,
      SystemModstamp: stamp,
    }));

  it('takes 2,500 records sharing one SystemModstamp exactly once, across a failed run and late arrivals', async () => {
    const sim = await startSalesforceSimulator();
    try {
      sim.putRecords('Task', tasks(2_500));
      const deps = await depsFor(
        sim,
        { pageSize: 200, startFrom: '2026-02-01T00:00:00Z' },
        { retry: { maxAttempts: 2 } },
      );
      // The 6th page fails past the retry budget: the run dies mid-tie.
      sim.inject({ path: /^\/query\/01gSIM\d+-1000$/, times: 2, respond: { status: 503 } });
      await expect(syncStream(spec('Task'), deps)).rejects.toMatchObject({ code: 'SALESFORCE.SERVER_ERROR' });
      expect(deps.interactions.created).toBe(1_000);
      const cp = deps.checkpoints.values.get('t1|salesforce:Task') as {
        highWater: string;
        idsAtHighWater: string[];
      };
      expect(cp.highWater).toBe(tie);
      expect(cp.idsAtHighWater).toHaveLength(1_000);

      const resumed = await syncStream(spec('Task'), deps);
      expect(resumed.skippedAtHighWater).toBe(1_000);
      expect(deps.interactions.created).toBe(2_500);
      expect(deps.interactions.updated + deps.interactions.unchanged).toBe(0);

      // A transaction that committed late with the same SystemModstamp is still picked up.
      sim.putRecords('Task', tasks(3, 2_500));
      const late = await syncStream(spec('Task'), deps);
      expect(late.outcomes.created).toBe(3);
      expect(deps.interactions.created).toBe(2_503);
      expect(late.checkpoint.idsAtHighWater).toHaveLength(2_503);
    } finally {
      await sim.close();
    }
  });

  it('a modified record moves past the mark and is updated, not duplicated', async () => {
    const sim = await startSalesforceSimulator();
    try {
      sim.putRecords('Task', tasks(3));
      const deps = await depsFor(sim, { startFrom: '2026-02-01T00:00:00Z' });
      await syncStream(spec('Task'), deps);
      sim.putRecords('Task', [
        { ...tasks(1)[0]!, CallType: 'Outbound', SystemModstamp: '2026-03-02T00:00:00.000Z' },
      ]);
      const next = await syncStream(spec('Task'), deps);
      expect(next.outcomes).toEqual({ created: 0, updated: 1, unchanged: 0 });
      expect(deps.interactions.rows.size).toBe(3);
    } finally {
      await sim.close();
    }
  });
});

describe('failure matrix at the sync level', () => {
  let sim: SalesforceSimulator;
  beforeEach(async () => {
    sim = await startSalesforceSimulator();
  });
  afterEach(() => sim.close());

  it('a malformed record is rejected by field name (no value) and the sync goes on', async () => {
    const [vc] = sim.records('VoiceCall');
    sim.putRecords('VoiceCall', [{ ...vc, CallStartDateTime: 'yesterday-ish' }]);
    const deps = await depsFor(sim, { streams: ['VoiceCall'] });
    const report = await syncSalesforce(deps);
    const s = report.streams[0]!;
    expect(s.rejected).toEqual([{ id: vc!['Id'], reason: 'CallStartDateTime: not a Salesforce datetime' }]);
    expect(deps.quarantine.values()).toEqual([
      expect.objectContaining({
        tenantId: 't1',
        platform: 'salesforce',
        kind: 'VoiceCall',
        ref: vc!['Id'],
        reason: 'CallStartDateTime: not a Salesforce datetime',
      }),
    ]);
    expect(report.quarantined).toBe(1);
    expect(s.outcomes.created).toBe(sim.records('VoiceCall').length - 1);
    expect(JSON.stringify(s.rejected)).not.toContain('yesterday');
  });

  it('500 on a page is retried and the page is not lost', async () => {
    const deps = await depsFor(sim, { streams: ['Task'], pageSize: 10 });
    sim.inject({ path: /^\/query\/01gSIM\d+-20$/, respond: { status: 500 } });
    await syncSalesforce(deps);
    const expected = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call').length;
    expect(deps.interactions.created).toBe(expected);
  });

  it('a page whose answer is lost is read again and written once', async () => {
    const deps = await depsFor(sim, { streams: ['Task'], pageSize: 10 });
    sim.inject({ path: /^\/query\/01gSIM\d+-20$/, respond: { kind: 'reset-after' } });
    await syncSalesforce(deps);
    const expected = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call').length;
    expect(deps.interactions.created).toBe(expected);
    expect(deps.interactions.updated + deps.interactions.unchanged).toBe(0);
    expect(sim.stats.requests.filter((r) => /-20$/.test(r.path))).toHaveLength(2);
  });

  it('a checkpoint in the future is distrusted: the stream is re-read from the start, creating nothing twice', async () => {
    const deps = await depsFor(sim, { streams: ['EmailMessage'] });
    await syncSalesforce(deps);
    const created = deps.interactions.created;
    await deps.checkpoints.save('t1', 'salesforce:EmailMessage', {
      highWater: '2099-01-01T00:00:00.000Z',
      idsAtHighWater: [],
    });
    const report = await syncSalesforce(deps);
    expect(report.streams[0]!.checkpointReset).toBe(true);
    expect(report.streams[0]!.outcomes.unchanged).toBe(created);
    expect(deps.interactions.created).toBe(created);
  });

  it('a corrupt checkpoint stops the stream with a coded error', async () => {
    const deps = await depsFor(sim, { streams: ['EmailMessage'] });
    await deps.checkpoints.save('t1', 'salesforce:EmailMessage', { highWater: 'soon' });
    await expect(syncSalesforce(deps)).rejects.toMatchObject({ code: 'SYNC.CHECKPOINT_INVALID' });
  });

  it('REQUEST_LIMIT_EXCEEDED stops the sync with the coded error and keeps the checkpoint', async () => {
    const deps = await depsFor(sim, { streams: ['Task'], pageSize: 10 });
    sim.inject({
      path: /^\/query\/01gSIM\d+-20$/,
      respond: { status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
    });
    await expect(syncSalesforce(deps)).rejects.toMatchObject({ code: 'SALESFORCE.REQUEST_LIMIT_EXCEEDED' });
    expect(deps.interactions.created).toBe(20);
    expect(
      (deps.checkpoints.values.get('t1|salesforce:Task') as { idsAtHighWater: string[] }).idsAtHighWater
        .length,
    ).toBeGreaterThan(0);
  });
});

describe('backfill mode', () => {
  it('a first sync above the threshold uses one Bulk API 2.0 job', async () => {
    const sim = await startSalesforceSimulator({ bulkTasks: 3_000, bulkPageSize: 1_000 });
    try {
      const deps = await depsFor(sim, { streams: ['Task'], bulkThreshold: 1_000 });
      const report = await syncSalesforce(deps);
      const expected = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call').length;
      expect(report.streams[0]).toMatchObject({ mode: 'bulk', fetched: expected });
      expect(deps.interactions.created).toBe(expected);
      expect(sim.stats.bulkQueryJobs).toBe(1);
      // Next run is incremental over REST from the bulk job's mark.
      const next = await syncSalesforce(deps);
      expect(next.streams[0]!.mode).toBe('rest');
      expect(deps.interactions.created).toBe(expected);
    } finally {
      await sim.close();
    }
  });
});
