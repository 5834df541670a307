import { Interaction, Scorecard, type InteractionInput } from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { linksForPerson, pushScores, scoreExternalId, type ScoreToPush } from '../src';
import { depsFor } from './helpers';

let sim: SalesforceSimulator;
beforeEach(async () => {
  sim = await startSalesforceSimulator();
});
afterEach(() => sim.close());

const scorecard = (id: string, score: number, missed: boolean) =>
  Scorecard.parse({
    interactionId: id,
    playbook: { id: 'healthcare-inbound', version: '2026-01-01' },
    score,
    compliant: !missed,
    scoredAt: '2026-02-01T12:00:00.000Z',
    findings: [
      {
        criterionId: 'verify-dob',
        title: 'Verified date of birth before discussing PHI',
        category: 'compliance',
        severity: 'critical',
        weight: 3,
        status: missed ? 'missed' : 'met',
        confidence: 0.9,
        evidence: [
          {
            utterance: 3,
            startMs: 12000,
            speaker: 'customer',
            quote: 'my date of birth is in the file',
            label: 'identifier',
          },
        ],
        explanation: 'The agent discussed results before verification.',
      },
    ],
  });

function genesysCall(n: number, agentUserId: string): Interaction {
  const input: InteractionInput = {
    id: `genesys:${n}`,
    source: { platform: 'genesys', externalId: `0000000${n}-aaaa-4bbb-8ccc-000000000000` },
    channel: 'voice',
    direction: 'inbound',
    startedAt: '2026-02-01T11:00:00.000Z',
    participants: [{ role: 'agent', userId: agentUserId }],
    transcript: {
      utterances: [{ speaker: 'customer', startMs: 0, endMs: 1000, text: 'SECRET TRANSCRIPT TEXT' }],
    },
  };
  return Interaction.parse(input);
}

describe('pushing scores and coaching tasks', () => {
  it('composite: one call per score; the task is owned by the mapped agent and linked to the score; replay creates nothing', async () => {
    const agent = sim.population.agents[1]!;
    const patient = sim.population.patients[4]!; // a Person Account
    const deps = await depsFor(sim, {
      agentUserMap: { [`genesys:${agent.genesysUserId}`]: agent.salesforceUserId },
    });
    const item: ScoreToPush = {
      interaction: genesysCall(1, agent.genesysUserId),
      scorecard: scorecard('genesys:1', 55, true),
      escalations: [
        {
          type: 'mental_health_crisis',
          severity: 'critical',
          utterance: 4,
          startMs: 20000,
          quote: 'quote stays home',
          actions: [],
        },
      ],
      coaching: [{ atMs: 12000, text: 'At 0:12, verify date of birth before reading results.' }],
      links: linksForPerson({
        kind: 'person-account',
        contactId: patient.salesforce.contactId,
        accountId: patient.salesforce.accountId!,
        profile: { personId: 'p', crmIds: [], memberIds: [], names: [], phones: [], emails: [] },
      }),
    };
    const report = await pushScores([item], deps);
    expect(report).toMatchObject({
      scores: { created: 1, updated: 0 },
      tasks: { created: 1 },
      apiCallsMade: 1,
    });

    const [score] = sim.records('Teachback_Interaction_Score__c');
    expect(score).toMatchObject({
      External_Id__c: scoreExternalId('t1', item.interaction),
      Score__c: 55,
      Compliance_Pass__c: false,
      Escalation__c: true,
      Escalation_Type__c: 'mental_health_crisis',
      Missed_Criteria__c: 'verify-dob: Verified date of birth before discussing PHI',
      Source_Platform__c: 'genesys',
      Contact__c: patient.salesforce.contactId,
      Account__c: patient.salesforce.accountId,
    });
    const task = sim.records('Task').find((t) => t['Teachback_External_Id__c'])!;
    expect(task).toMatchObject({
      OwnerId: agent.salesforceUserId,
      WhatId: score!['Id'],
      Priority: 'High',
      Status: 'Not Started',
      ActivityDate: '2026-02-08',
    });
    expect(sim.records('Teachback_Interaction_Score__c')[0]!['Coaching_Task_Id__c']).toBe(task['Id']);
    // No transcript text or evidence quotes leave Teachback.
    const written = JSON.stringify([sim.records('Teachback_Interaction_Score__c'), task]);
    expect(written).not.toMatch(/SECRET TRANSCRIPT|date of birth is in the file|quote stays home/);

    const tasksBefore = sim.records('Task').length;
    const replay = await pushScores([item], deps);
    expect(replay).toMatchObject({ scores: { unchanged: 1, created: 0 }, apiCallsMade: 0 });
    // Even with the outbox lost, upsert by external id creates nothing new.
    deps.outbox.records.clear();
    const again = await pushScores([item], deps);
    expect(again).toMatchObject({ scores: { created: 0, updated: 1 }, tasks: { created: 0, updated: 1 } });
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(1);
    expect(sim.records('Task')).toHaveLength(tasksBefore);
  });

  it('collections for batches: 450 scores in 3 calls, tasks in 3 more, idempotent on replay', async () => {
    const agent = sim.population.agents[0]!;
    const deps = await depsFor(sim, {
      agentUserMap: { [`genesys:${agent.genesysUserId}`]: agent.salesforceUserId },
    });
    const items = Array.from({ length: 450 }, (_, n) => ({
      interaction: genesysCall(n, agent.genesysUserId),
      scorecard: scorecard(`genesys:${n}`, n % 100, n % 3 === 0),
    }));
    const report = await pushScores(items, deps);
    expect(report.scores.created).toBe(450);
    expect(report.tasks.created).toBe(150);
    expect(report.apiCallsMade).toBe(3 + 1 + 1);
    deps.outbox.records.clear();
    const replay = await pushScores(items, deps);
    expect(replay.scores).toMatchObject({ created: 0, updated: 450 });
    expect(replay.tasks).toMatchObject({ created: 0, updated: 150 });
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(450);
  });

  it('a re-scoring backfill above the bulk threshold goes through Bulk API 2.0 jobs, still idempotent', async () => {
    const agent = sim.population.agents[0]!;
    const deps = await depsFor(
      sim,
      { bulkThreshold: 100, agentUserMap: { [`genesys:${agent.genesysUserId}`]: agent.salesforceUserId } },
      { bulkPollIntervalMs: 1 },
    );
    const items = Array.from({ length: 300 }, (_, n) => ({
      interaction: genesysCall(n, agent.genesysUserId),
      scorecard: scorecard(`genesys:${n}`, n % 100, n % 2 === 0),
    }));
    const report = await pushScores(items, deps);
    expect(report.scores.created).toBe(300);
    expect(report.tasks.created).toBe(150);
    // Scores, tasks and the task links: one ingest job each.
    expect(sim.stats.bulkIngestJobs).toBe(3);
    const task = sim
      .records('Task')
      .find(
        (t) => t['Teachback_External_Id__c'] === `${scoreExternalId('t1', items[0]!.interaction)}:coaching`,
      )!;
    const score = sim
      .records('Teachback_Interaction_Score__c')
      .find((r) => r['External_Id__c'] === scoreExternalId('t1', items[0]!.interaction))!;
    expect(task['WhatId']).toBe(score['Id']);
    expect(score['Coaching_Task_Id__c']).toBe(task['Id']);
    deps.outbox.records.clear();
    const replay = await pushScores(items, deps);
    expect(replay.scores).toMatchObject({ created: 0, updated: 300 });
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(300);
  });

  it('opens no coaching task for a call whose only notes are strengths', async () => {
    const agent = sim.population.agents[1]!;
    const deps = await depsFor(sim, {
      agentUserMap: { [`genesys:${agent.genesysUserId}`]: agent.salesforceUserId },
    });
    const report = await pushScores(
      [
        {
          interaction: genesysCall(7, agent.genesysUserId),
          scorecard: scorecard('g7', 100, false),
          coaching: [{ atMs: 12000, text: 'At 0:12, well done (Verified date of birth).', kind: 'strength' }],
        },
      ],
      deps,
    );
    expect(report.scores.created).toBe(1);
    expect(report.tasks.created).toBe(0);
  });

  it('skips the coaching task (but writes the score) when the agent has no Salesforce user', async () => {
    const deps = await depsFor(sim);
    const report = await pushScores(
      [{ interaction: genesysCall(9, 'unmapped'), scorecard: scorecard('g9', 20, true) }],
      deps,
    );
    expect(report.scores.created).toBe(1);
    expect(report.tasks.skipped).toEqual([
      { key: 'tb:t1:genesys:00000009-aaaa-4bbb-8ccc-000000000000', reason: 'no-user-mapping' },
    ]);
  });

  it('a bad link fails that score with FIELD_INTEGRITY and records it in the outbox', async () => {
    const deps = await depsFor(sim, { defaultCoachingOwnerId: sim.population.agents[0]!.salesforceUserId });
    const item = {
      interaction: genesysCall(3, 'x'),
      scorecard: scorecard('g3', 90, false),
      links: { contactId: '003SIMNOSUCHCONTACT' },
    };
    const report = await pushScores([item], deps);
    expect(report.scores.failed).toEqual([
      { key: scoreExternalId('t1', item.interaction), code: 'SALESFORCE.FIELD_INTEGRITY' },
    ]);
    expect((await deps.outbox.get(scoreExternalId('t1', item.interaction)))?.status).toBe('failed');
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(0);
  });
});
