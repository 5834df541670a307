import { Interaction, MemoryPushReceipts, type CallSummary } from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import {
  findCallLogTask,
  linkedSummaryKey,
  parseAdapterConfig,
  pushLinkedCallSummary,
  SUMMARY_MARKER,
} from '../src';
import { clientFor } from './helpers';

/*
 * Issue 18 item 5 across platforms: a Genesys or Five9 call's summary goes to the Task the CTI
 * logged for it in Salesforce (found by the call id in Task.CallObject or VoiceCall.VendorCallKey),
 * below the same marker as a Salesforce call's; none is created when the org has no such Task.
 */

jest.setTimeout(60_000);

const config = parseAdapterConfig({ tenantId: 't1' });
const summary: CallSummary = {
  interactionId: 'i1',
  reason: 'Refill',
  done: ['Sent the refill request'],
  promised: [],
  text: 'Caller asked for a refill of member 12345678. Agent sent the request to the pharmacy.',
  method: 'offline',
};
const masked = 'Caller asked for a refill of member [number]. Agent sent the request to the pharmacy.';

describe('summary of a Genesys / Five9 call pushed to its Salesforce call-log Task', () => {
  let sim: SalesforceSimulator;
  beforeEach(async () => {
    sim = await startSalesforceSimulator({ seed: 42 });
  });
  afterEach(() => sim.close());

  const callOf = (platform: 'genesys' | 'five9', externalId: string, startedAt: string) =>
    Interaction.parse({
      id: `${platform}:t1:${externalId}`,
      source: { platform, externalId },
      channel: 'voice',
      direction: 'inbound',
      startedAt,
      attributes: {},
    });
  const description = (taskId: string) => sim.records('Task').find((t) => t['Id'] === taskId)!['Description'];

  it('Genesys call with a VoiceCall and call-log Task: the Task gets the summary below the agent notes, once', async () => {
    const a = sim.population.activities.find(
      (x) => x.genesys && x.salesforce?.object === 'VoiceCall' && x.salesforce.taskId,
    )!;
    const taskId = a.salesforce!.taskId!;
    sim.putRecords('Task', [
      { ...sim.records('Task').find((t) => t['Id'] === taskId)!, Description: 'Agent: refill' },
    ]);
    const client = await clientFor(sim);
    const outbox = new MemoryPushReceipts();
    const deps = { client, outbox, config };
    const call = callOf('genesys', a.genesys!.conversationId, a.startedAt);

    expect(await findCallLogTask(client, config, call)).toBe(taskId);
    const before = client.apiCalls;
    expect(await pushLinkedCallSummary(deps, { tenantId: 't1', interaction: call, summary })).toBe('updated');
    // Find (one /composite with both queries), read, update.
    expect(client.apiCalls - before).toBe(3);
    expect(description(taskId)).toBe(`Agent: refill\n\n${SUMMARY_MARKER}\n${masked}`);

    const replay = client.apiCalls;
    expect(await pushLinkedCallSummary(deps, { tenantId: 't1', interaction: call, summary })).toBe(
      'replayed',
    );
    expect(client.apiCalls).toBe(replay);

    // A new summary replaces ours, without looking the Task up again; the agent's notes stay.
    await pushLinkedCallSummary(deps, {
      tenantId: 't1',
      interaction: call,
      summary: { ...summary, text: 'Done.' },
    });
    expect(description(taskId)).toBe(`Agent: refill\n\n${SUMMARY_MARKER}\nDone.`);
    expect(client.apiCalls - replay).toBe(2);
  });

  it('Five9 call logged as a Task (CallObject = call id): the Task gets the summary', async () => {
    const a = sim.population.activities.find((x) => x.five9 && x.salesforce?.object === 'Task')!;
    const client = await clientFor(sim);
    const call = callOf('five9', a.five9!.callId, a.startedAt);
    expect(
      await pushLinkedCallSummary(
        { client, outbox: new MemoryPushReceipts(), config },
        { tenantId: 't1', interaction: call, summary },
      ),
    ).toBe('updated');
    expect(description(a.salesforce!.id)).toBe(`${SUMMARY_MARKER}\n${masked}`);
  });

  it('a call the org has no Task for: no_task, and no Task is created', async () => {
    const a = sim.population.activities.find((x) => x.genesys && !x.salesforce)!;
    const client = await clientFor(sim);
    const tasks = sim.records('Task').length;
    const outbox = new MemoryPushReceipts();
    const call = callOf('genesys', a.genesys!.conversationId, a.startedAt);
    expect(
      await pushLinkedCallSummary({ client, outbox, config }, { tenantId: 't1', interaction: call, summary }),
    ).toBe('no_task');
    // Remembered as pending, so a Task logged later still gets the summary (the Salesforce sync).
    expect(await outbox.get(linkedSummaryKey('t1', 'genesys', a.genesys!.conversationId))).toEqual(
      expect.objectContaining({ status: 'pending', kind: 'summary', attempts: 1 }),
    );
    expect(sim.records('Task')).toHaveLength(tasks);
    expect(sim.records('Task').some((t) => String(t['Description'] ?? '').includes(SUMMARY_MARKER))).toBe(
      false,
    );
  });

  it('looks only around the call: a Task with the same key logged months away is not this call', async () => {
    const a = sim.population.activities.find((x) => x.five9 && x.salesforce?.object === 'Task')!;
    const client = await clientFor(sim);
    const later = new Date(Date.parse(a.startedAt) + 90 * 86_400_000).toISOString();
    expect(await findCallLogTask(client, config, callOf('five9', a.five9!.callId, later))).toBeUndefined();
    expect(await findCallLogTask(client, config, callOf('five9', a.five9!.callId, a.startedAt))).toBe(
      a.salesforce!.id,
    );
  });

  it('a key with a quote cannot break out of the SOQL literal', async () => {
    const client = await clientFor(sim);
    const call = callOf('genesys', "x' OR Id != '", '2026-01-05T14:00:00.000Z');
    expect(await findCallLogTask(client, config, call)).toBeUndefined();
  });
});
