import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { syncSalesforce, type SalesforceAdapterConfigInput } from '../src';
import { depsFor } from './helpers';

/*
 * Issue 18, conversion stage: a call logged against an Opportunity (Task.WhatId,
 * VoiceCall.RelatedRecordId, key prefix 006) carries that Opportunity's StageName, mapped to the
 * tenant's funnel, read in batched IN queries. Against the org simulator.
 */

jest.setTimeout(60_000);

const STAMP = '2026-02-01T10:00:00.000Z';
const oppId = (n: number) => `006SIMOPP${String(n).padStart(9, '0')}`;
const opportunity = (n: number, stage: string) => ({
  attributes: { type: 'Opportunity' },
  Id: oppId(n),
  Name: `Opportunity ${n}`,
  StageName: stage,
  IsClosed: stage.startsWith('Closed'),
  IsWon: stage === 'Closed Won',
  AccountId: null,
  SystemModstamp: STAMP,
  CreatedDate: STAMP,
});

const config: Partial<SalesforceAdapterConfigInput> = {
  streams: ['Task', 'VoiceCall'],
  contactCenter: {
    // Simulated call logs are dispositioned "Resolved", VoiceCalls "completed".
    dispositionStages: { Resolved: 'contacted', completed: 'contacted' },
    stageNames: { 'Closed Won': 'enrolled', 'Needs Analysis': 'quoted' },
  },
};

describe('Opportunity stage through Task.WhatId and VoiceCall.RelatedRecordId', () => {
  let sim: SalesforceSimulator;
  afterEach(() => sim?.close());

  it('maps each call-log Task and VoiceCall to its Opportunity stage; others keep the disposition stage', async () => {
    // 300 extra call-log Tasks: 250 name 250 distinct Opportunities, more than one IN clause holds.
    sim = await startSalesforceSimulator({ bulkTasks: 300 });
    const stages = ['Prospecting', 'Needs Analysis', 'Closed Won', 'Closed Lost'];
    sim.putRecords(
      'Opportunity',
      Array.from({ length: 250 }, (_, i) => opportunity(i, stages[i % 4]!)),
    );
    const bulk = sim.records('Task').filter((t) => String(t['Id']).startsWith('00TSIMBULK'));
    expect(bulk).toHaveLength(300);
    // Task 250 names an Opportunity the org does not have (deleted): no stage from it.
    sim.putRecords(
      'Task',
      bulk.slice(0, 251).map((t, i) => ({ ...t, WhatId: oppId(i) })),
    );
    const voiceCall = sim.records('VoiceCall')[0]!;
    sim.putRecords('VoiceCall', [{ ...voiceCall, RelatedRecordId: oppId(2) }]);

    const deps = await depsFor(sim, config);
    const report = await syncSalesforce(deps);
    expect(report.streams.flatMap((s) => s.rejected)).toEqual([]);
    expect(report.skipped.map((g) => g.what)).not.toContain('Opportunity');

    const stageOf = (sfId: string) =>
      deps.interactions.rows.get(`t1|salesforce|${sfId}`)?.interaction.contactCenter?.stage;
    const expected = (i: number) =>
      ({
        Prospecting: 'Prospecting',
        'Needs Analysis': 'quoted',
        'Closed Won': 'enrolled',
        'Closed Lost': 'Closed Lost',
      })[stages[i % 4]!];
    for (let i = 0; i < 250; i++) expect(stageOf(String(bulk[i]!['Id']))).toBe(expected(i));
    expect(stageOf(String(bulk[250]!['Id']))).toBe('contacted');
    expect(stageOf(String(bulk[299]!['Id']))).toBe('contacted');
    expect(stageOf(String(voiceCall['Id']))).toBe('enrolled');
    expect(stageOf(String(sim.records('VoiceCall')[1]!['Id']))).toBe('contacted');

    // Batched: the Task page's 251 ids are two IN clauses in one /composite call, the VoiceCall
    // page's one id a third; besides these, only the describe goes through /composite.
    const composites = sim.stats.requests.filter((r) => r.method === 'POST' && /\/composite$/.test(r.path));
    expect(composites).toHaveLength(3);
  });

  it('an org without Opportunity is reported as skipped and its calls keep the disposition stage', async () => {
    sim = await startSalesforceSimulator({ org: { missingObjects: ['Opportunity'] } });
    const task = sim.records('Task').find((t) => t['TaskSubtype'] === 'Call')!;
    sim.putRecords('Task', [{ ...task, WhatId: oppId(1) }]);
    const deps = await depsFor(sim, config);
    const report = await syncSalesforce(deps);
    expect(report.skipped).toContainEqual({
      what: 'Opportunity',
      why: 'not in this org: calls are synced without Opportunity stages',
    });
    expect(
      deps.interactions.rows.get(`t1|salesforce|${String(task['Id'])}`)?.interaction.contactCenter?.stage,
    ).toBe('contacted');
  });

  it('opportunityStages off: no Opportunity is read even when a Task names one', async () => {
    sim = await startSalesforceSimulator();
    sim.putRecords('Opportunity', [opportunity(1, 'Closed Won')]);
    const task = sim.records('Task').find((t) => t['TaskSubtype'] === 'Call')!;
    sim.putRecords('Task', [{ ...task, WhatId: oppId(1) }]);
    const deps = await depsFor(sim, {
      ...config,
      contactCenter: { ...config.contactCenter, opportunityStages: false },
    });
    await syncSalesforce(deps);
    expect(
      deps.interactions.rows.get(`t1|salesforce|${String(task['Id'])}`)?.interaction.contactCenter?.stage,
    ).toBe('contacted');
  });
});
