import type { QuarantineEntry, QuarantineSink } from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { STREAMS, syncSalesforce, syncStream } from '../src';
import { depsFor } from './helpers';

const spec = (name: string) => STREAMS.find((s) => s.name === name)!;

describe('no silent loss', () => {
  const task = (n: number, extra: Record<string, unknown> = {}) => ({
    Id: `00TLOSS${String(n).padStart(11, '0')}`,
    TaskSubtype: 'Call',
    CallType: 'Inbound',
    CallDurationInSeconds: 60,
    WhoId: '003SIM000000000001',
    OwnerId: '005SIM000000000002',
    CompletedDateTime: `2026-03-0${n}T10:00:00.000Z`,
    SystemModstamp: `2026-03-0${n}T10:00:00.000Z`,
    ...extra,
  });
  class FailingQuarantine implements QuarantineSink {
    async add(): Promise<void> {
      throw new Error('quarantine table unavailable');
    }
  }

  it('the checkpoint never moves past a record that was neither stored nor quarantined', async () => {
    const sim = await startSalesforceSimulator();
    try {
      sim.putRecords('Task', [task(1), task(2, { CallDurationInSeconds: 'about a minute' }), task(3)]);
      const deps = await depsFor(sim, { pageSize: 1, startFrom: '2026-03-01T00:00:00Z' });
      await expect(
        syncStream(spec('Task'), { ...deps, quarantine: new FailingQuarantine() }),
      ).rejects.toThrow('quarantine table unavailable');
      const mark = deps.checkpoints.values.get('t1|salesforce:Task') as { highWater: string };
      expect(mark.highWater).toBe('2026-03-01T10:00:00.000Z');
      expect(deps.interactions.created).toBe(1);

      const report = await syncStream(spec('Task'), deps);
      expect(report.rejected).toEqual([
        { id: task(2).Id, reason: 'CallDurationInSeconds: Invalid input: expected number, received string' },
      ]);
      expect(deps.quarantine.values()).toEqual([
        {
          tenantId: 't1',
          platform: 'salesforce',
          kind: 'Task',
          ref: task(2).Id,
          reason: 'CallDurationInSeconds: Invalid input: expected number, received string',
          at: expect.any(String),
        } satisfies QuarantineEntry,
      ]);
      expect(JSON.stringify(deps.quarantine.values())).not.toContain('about a minute');
      expect(report.checkpoint.highWater).toBe('2026-03-03T10:00:00.000Z');
      expect(deps.interactions.created).toBe(2);
    } finally {
      await sim.close();
    }
  });
});

describe('capabilities discovered by describe', () => {
  let sim: SalesforceSimulator;
  let legacy: SalesforceSimulator;
  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    legacy = await startSalesforceSimulator({ org: { liveChat: true, memberIdFields: true } });
  });
  afterAll(async () => {
    await sim.close();
    await legacy.close();
  });

  it('a standard org: LiveChatTranscript is skipped with its reason, not a dead letter', async () => {
    const deps = await depsFor(sim);
    const report = await syncSalesforce(deps);
    expect(report.skipped).toContainEqual({
      what: 'LiveChatTranscript',
      why: 'not in this org (describeGlobal): not synced',
    });
    expect(report.streams.map((s) => s.stream)).not.toContain('LiveChatTranscript');
    expect(report.missing).toEqual([]);
    expect(deps.interactions.created).toBeGreaterThan(0);
  });

  it('a configured member-id field the org lacks is reported missing and left out of the query', async () => {
    const deps = await depsFor(sim, {
      streams: ['Contact', 'PersonAccount'],
      memberIdField: 'Member_Id__c',
      personAccountMemberIdField: 'Member_Id__pc',
    });
    const report = await syncSalesforce(deps);
    expect(report.missing.map((m) => m.what)).toEqual(['Contact.Member_Id__c', 'Account.Member_Id__pc']);
    expect(deps.directory.people.values()).toHaveLength(sim.population.patients.length);
  });

  it('an org that has them: member ids and legacy chats are synced', async () => {
    const deps = await depsFor(legacy, {
      streams: ['Contact', 'PersonAccount', 'LiveChatTranscript'],
      memberIdField: 'Member_Id__c',
      personAccountMemberIdField: 'Member_Id__pc',
    });
    const report = await syncSalesforce(deps);
    expect(report.missing).toEqual([]);
    const people = deps.directory.people.values();
    for (const p of legacy.population.patients) {
      expect(people.find((x) => x.contactId === p.salesforce.contactId)!.profile.memberIds).toEqual([
        p.memberId,
      ]);
    }
    const chats = legacy.population.activities.filter((a) => a.salesforce?.object === 'LiveChatTranscript');
    expect(report.streams.find((s) => s.stream === 'LiveChatTranscript')!.outcomes.created).toBe(
      chats.length,
    );
  });
});

describe('one interaction per call', () => {
  it('a VoiceCall’s call-log Task and a Task logging a Five9 call are linked, not second interactions', async () => {
    // (In the population every VoiceCall with a Task carries a Genesys call: its Task names both.)
    const sim = await startSalesforceSimulator();
    try {
      const deps = await depsFor(sim, { streams: ['VoiceCall', 'Task'] });
      await syncSalesforce(deps);
      const byId = (id: string) => deps.interactions.values().find((i) => i.source.externalId === id)!;
      const pair = sim.population.activities.find(
        (a) => a.salesforce?.object === 'VoiceCall' && a.salesforce.taskId,
      )!;
      const log = byId(pair.salesforce!.taskId!);
      expect(log.attributes['callLogOf']).toBe(`salesforce:${pair.salesforce!.id}`);
      expect(log.links).toContainEqual({ platform: 'salesforce', externalId: pair.salesforce!.id });
      expect(byId(pair.salesforce!.id).attributes['callLogOf']).toBeUndefined();

      const five9 = sim.population.activities.find((a) => a.five9 && a.salesforce?.object === 'Task')!;
      expect(byId(five9.salesforce!.id).attributes['callLogOf']).toBe(`five9:${five9.five9!.callId}`);
      // A Salesforce-only call log stays an interaction of its own.
      const alone = sim.population.activities.find(
        (a) => a.salesforce?.object === 'Task' && !a.five9 && !a.genesys,
      )!;
      expect(byId(alone.salesforce!.id).attributes['callLogOf']).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

describe('transcripts from conversation entries', () => {
  it('voice calls and messaging sessions carry their transcript where the org has entries', async () => {
    const sim = await startSalesforceSimulator();
    const bare = await startSalesforceSimulator({ org: { conversationEntries: false } });
    try {
      const deps = await depsFor(sim, { streams: ['VoiceCall', 'MessagingSession'] });
      const report = await syncSalesforce(deps);
      const conversations = deps.interactions.values();
      expect(conversations.length).toBeGreaterThan(0);
      expect(conversations.every((i) => (i.transcript?.utterances.length ?? 0) === 4)).toBe(true);
      const first = conversations[0]!.transcript!;
      expect(first.utterances.map((u) => u.speaker)).toEqual(['agent', 'customer', 'agent', 'customer']);
      expect(first.utterances[1]!.startMs).toBe(5_000);
      expect(report.streams.reduce((n, s) => n + s.transcripts, 0)).toBe(conversations.length);

      const without = await depsFor(bare, { streams: ['VoiceCall'] });
      const r2 = await syncSalesforce(without);
      expect(r2.skipped).toContainEqual({
        what: 'ConversationEntry',
        why: 'not in this org: voice calls and messaging sessions are synced without transcripts',
      });
      expect(without.interactions.values().some((i) => i.transcript)).toBe(false);
    } finally {
      await sim.close();
      await bare.close();
    }
  });
});

describe('requests per 1,000 activities', () => {
  /** Records a stream's query matches in the org (what the minimum is computed from). */
  const PAGE = 2_000;
  const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));

  it('first sync and incremental stay within 1.5x of the minimum the API shapes allow', async () => {
    const sim = await startSalesforceSimulator({ bulkTasks: 5_000 });
    try {
      const deps = await depsFor(sim);
      const count = (o: string, keep: (r: Record<string, unknown>) => boolean = () => true) =>
        sim.records(o).filter(keep).length;
      const entries = count('ConversationEntry');
      // describeGlobal + one /composite describe, one page per 2,000 records of each stream the
      // org has, and the conversation entries of the voice calls and messaging sessions.
      const minimum =
        2 +
        pages(count('Contact', (r) => r['IsPersonAccount'] === false)) +
        pages(count('Account', (r) => r['IsPersonAccount'] === true)) +
        pages(count('Case')) +
        pages(count('VoiceCall')) +
        pages(count('Task', (r) => r['TaskSubtype'] === 'Call')) +
        pages(count('EmailMessage')) +
        pages(count('MessagingSession')) +
        pages(entries);
      const before = sim.stats.apiCalls;
      const report = await syncSalesforce(deps);
      const used = sim.stats.apiCalls - before;
      expect(report.apiCallsMade).toBe(used);
      expect(used).toBeLessThanOrEqual(1.5 * minimum);
      const activities = report.requests.interactions;
      expect(activities).toBeGreaterThan(5_000);
      const perThousand = (used * 1000) / activities;

      // Incremental: 20 call logs and 2 voice calls changed.
      const stamp = new Date(Date.now() - 1_000).toISOString();
      sim.putRecords(
        'Task',
        sim
          .records('Task')
          .filter((r) => r['TaskSubtype'] === 'Call')
          .slice(0, 20)
          .map((r) => ({ ...r, SystemModstamp: stamp })),
      );
      sim.putRecords(
        'VoiceCall',
        sim
          .records('VoiceCall')
          .slice(0, 2)
          .map((r) => ({ ...r, SystemModstamp: stamp })),
      );
      const streams = 7;
      const minimumIncremental = 2 + streams + 1;
      const before2 = sim.stats.apiCalls;
      const next = await syncSalesforce(deps);
      const used2 = sim.stats.apiCalls - before2;
      expect(next.requests.interactions).toBe(22);
      expect(used2).toBeLessThanOrEqual(1.5 * minimumIncremental);
      // The figures for the README (printed so a change shows up in the test log).
      process.stdout.write(
        `salesforce requests: first sync ${used} for ${activities} activities (${perThousand.toFixed(1)}/1,000, minimum ${minimum}); incremental ${used2} for 22 (minimum ${minimumIncremental})\n`,
      );
    } finally {
      await sim.close();
    }
  });
});
