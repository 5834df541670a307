import {
  MemoryDirectory,
  parseAdapterConfig,
  pushCallSummary,
  SUMMARY_MARKER,
  syncSalesforce,
  toScoreRecord,
} from '@teachback/adapter-salesforce';
import { createSalesforceSession, SalesforceClient } from '@teachback/connector-salesforce';
import {
  MemoryCheckpoints,
  MemoryInteractions,
  MemoryPushReceipts,
  MemoryQuarantine,
  Scorecard,
  type CallSummary,
} from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';

/*
 * Issue 18 on Salesforce: VoiceCall queue times → contactCenter, dispositions → stage, the
 * summary into the call's Task description (keeping the agent's notes), and the contact-center
 * fields on the score object, all against the org simulator.
 */

jest.setTimeout(60_000);

describe('Salesforce contact-center facts and summary push against the simulator', () => {
  let sim: SalesforceSimulator;
  let client: SalesforceClient;
  const interactions = new MemoryInteractions();

  beforeAll(async () => {
    sim = await startSalesforceSimulator({ seed: 42 });
    const session = createSalesforceSession(
      { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
      { allowHttp: true },
    );
    client = new SalesforceClient({ session });
    const report = await syncSalesforce({
      client,
      checkpoints: new MemoryCheckpoints(),
      interactions,
      directory: new MemoryDirectory(),
      quarantine: new MemoryQuarantine(),
      config: parseAdapterConfig({
        tenantId: 't1',
        contactCenter: { dispositionStages: { completed: 'contacted' } },
      }),
    });
    expect(report.streams.flatMap((s) => s.rejected)).toEqual([]);
  });
  afterAll(() => sim.close());

  const voiceCalls = () =>
    [...interactions.rows.values()]
      .map((r) => r.interaction)
      .filter((i) => i.attributes['sfObject'] === 'VoiceCall');

  it('inbound calls get the queue wait (accepted − queued); outbound calls have no queue facts', () => {
    const rows = sim.records('VoiceCall');
    expect(rows.length).toBeGreaterThan(0);
    const byId = new Map(rows.map((r) => [String(r['Id']), r]));
    for (const i of voiceCalls()) {
      const raw = byId.get(i.source.externalId)!;
      if (raw['CallAcceptDateTime']) {
        const wait =
          Date.parse(String(raw['CallAcceptDateTime'])) - Date.parse(String(raw['CallQueuedDateTime']));
        expect(i.contactCenter).toEqual({
          waitMs: wait,
          answered: true,
          abandoned: false,
          stage: 'contacted',
        });
      } else {
        // Only the disposition's stage: no queue, hold or wrap-up fact is invented.
        expect(i.contactCenter).toEqual({ stage: 'contacted' });
      }
    }
    expect(voiceCalls().some((i) => i.contactCenter?.waitMs !== undefined)).toBe(true);
  });

  it('writes the summary below the agent notes of the call-log Task, once; a new summary replaces ours', async () => {
    const call = voiceCalls().find((i) => i.links.some((l) => l.externalId.startsWith('00T')))!;
    const taskId = call.links.find((l) => l.externalId.startsWith('00T'))!.externalId;
    sim.putRecords('Task', [
      { ...sim.records('Task').find((t) => t['Id'] === taskId)!, Description: 'Agent: called about bill' },
    ]);
    const outbox = new MemoryPushReceipts();
    const summary: CallSummary = {
      interactionId: call.id,
      reason: 'Billing question',
      done: ['Explained the statement'],
      promised: [],
      text: 'Caller asked about a bill for account 4455667788. Agent explained the statement.',
      method: 'offline',
    };
    const deps = { client, outbox };
    expect(await pushCallSummary(deps, { tenantId: 't1', interaction: call, summary })).toBe('updated');
    expect(await pushCallSummary(deps, { tenantId: 't1', interaction: call, summary })).toBe('replayed');
    const desc = () => sim.records('Task').find((t) => t['Id'] === taskId)!['Description'];
    expect(desc()).toBe(
      `Agent: called about bill\n\n${SUMMARY_MARKER}\nCaller asked about a bill for account [number]. Agent explained the statement.`,
    );
    await pushCallSummary(deps, {
      tenantId: 't1',
      interaction: call,
      summary: { ...summary, text: 'Resolved.' },
    });
    expect(desc()).toBe(`Agent: called about bill\n\n${SUMMARY_MARKER}\nResolved.`);
    const noTask = { ...call, source: { platform: 'genesys' as const, externalId: 'x' }, links: [] };
    expect(await pushCallSummary(deps, { tenantId: 't1', interaction: noTask, summary })).toBe('no_task');
  });

  it('the score record carries the known contact-center facts and outcomes, and the org accepts them', async () => {
    const call = voiceCalls().find((i) => i.contactCenter?.waitMs !== undefined)!;
    const scorecard = Scorecard.parse({
      interactionId: call.id,
      playbook: { id: 'p', version: '1' },
      score: 80,
      compliant: true,
      findings: [],
    });
    const record = toScoreRecord(
      {
        interaction: { ...call, callType: 'billing_insurance' },
        scorecard,
        outcomes: { csat: 4.5, firstContactResolved: true },
      },
      new Date('2026-11-03T00:00:00Z'),
    );
    expect(record).toMatchObject({
      Wait_Seconds__c: Math.round(call.contactCenter!.waitMs! / 1000),
      Abandoned__c: 'no',
      Call_Type__c: 'billing_insurance',
      Stage__c: 'contacted',
      CSAT__c: 4.5,
      First_Contact_Resolved__c: 'yes',
    });
    // Unknown facts are absent, not 0 / "no".
    expect(record).not.toHaveProperty('Handle_Seconds__c');
    expect(record).not.toHaveProperty('NPS__c');
    const [outcome] = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', [
      { ...record, External_Id__c: 'tb:t1:test' },
    ]);
    expect(outcome).toMatchObject({ created: true });
  });
});
