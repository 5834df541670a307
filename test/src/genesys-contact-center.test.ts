import {
  ensureContactCenterMetrics,
  pushAgentDayMetrics,
  pushCallSummary,
  syncRecentConversations,
  SUMMARY_ATTRIBUTE,
  type GenesysInstallation,
  type SurveySink,
} from '@teachback/adapter-genesys';
import {
  MemoryCheckpoints,
  MemoryInteractions,
  MemoryPushReceipts,
  type CallSummary,
  type SurveyResponse,
} from '@teachback/core';
import { GenesysClient } from '@teachback/connector-genesys';
import { SURVEY_FORM, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

/*
 * Issue 18 on Genesys: contact-center facts and post-call surveys synced from the simulator (which
 * serves session metrics and the Quality surveys API as the SDK models them), and the pushes back:
 * the summary as participant data, contact-center metrics on the agents' scorecards.
 */

jest.setTimeout(60_000);

class Surveys implements SurveySink {
  readonly rows = new Map<string, SurveyResponse>();
  async save(_tenantId: string, r: SurveyResponse): Promise<void> {
    this.rows.set(r.id, r);
  }
}

describe('Genesys contact-center facts, surveys and pushes against the simulator', () => {
  let sim: GenesysSimulator;
  let client: GenesysClient;
  // Fake time: the client's throttle waits advance the clock instead of sleeping.
  let clock = Date.parse('2026-11-03T06:00:00Z');
  const sleep = async (ms: number) => {
    clock += ms;
  };

  beforeAll(async () => {
    sim = await startGenesysSimulator({ conversations: 60, seed: 3, now: () => clock });
    client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
      now: () => clock,
      sleep,
    });
  });
  afterAll(() => sim.close());

  it('maps queue wait, talk, hold, wrap-up, handle and transfers; reads finished surveys by form question type', async () => {
    const sink = new MemoryInteractions();
    const surveys = new Surveys();
    const report = await syncRecentConversations(
      { client, checkpoints: new MemoryCheckpoints(), sink, surveys, now: () => new Date(clock) },
      {
        tenantId: 't-1',
        initialLookbackMs: 4 * 86_400_000,
        windowMs: 24 * 3_600_000,
        callTypes: { queues: { [sim.conversations[0]!.queueId]: 'scheduling' } },
      },
    );
    expect(report.processed).toBe(60);
    for (const c of sim.conversations) {
      const row = sink.rows.get(`t-1|genesys|${c.id}`)!;
      const cc = row.interaction.contactCenter!;
      // Independently from the simulator's segments: 20 s in queue, talk = interact minus hold.
      const agents = c.details.participants!.filter((p) => p.purpose === 'agent');
      const span = (s: { segmentStart?: string; segmentEnd?: string }) =>
        Date.parse(s.segmentEnd!) - Date.parse(s.segmentStart!);
      let interact = 0;
      let acw = 0;
      for (const p of agents)
        for (const s of p.sessions!)
          for (const seg of s.segments!) {
            if (seg.segmentType === 'interact') interact += span(seg);
            if (seg.segmentType === 'wrapup') acw += span(seg);
          }
      expect(cc.waitMs).toBe(20_000);
      expect(cc.answered).toBe(true);
      expect(cc.abandoned).toBe(false);
      expect(cc.wrapUpMs).toBe(acw);
      expect(cc.handleMs).toBe(interact + acw);
      expect((cc.talkMs ?? 0) + (cc.holdMs ?? 0)).toBe(interact);
      expect(cc.transfers).toBe(c.agentUserIds.length - 1);
      expect(row.interaction.callType).toBe(
        c.queueId === sim.conversations[0]!.queueId ? 'scheduling' : undefined,
      );
    }
    const held = [...sink.rows.values()].filter((r) => (r.interaction.contactCenter?.holdCount ?? 0) > 0);
    expect(held.length).toBeGreaterThan(0);

    const withSurvey = sim.conversations.filter((c) => c.survey);
    expect(withSurvey.length).toBeGreaterThan(0);
    expect(report.surveys).toBe(withSurvey.length);
    expect(surveys.rows.size).toBe(withSurvey.length);
    const [csatQ, npsQ, textQ] = SURVEY_FORM.questionGroups![0]!.questions!;
    for (const c of withSurvey) {
      expect(surveys.rows.get(`genesys:survey:${c.survey!.id}`)).toEqual({
        id: `genesys:survey:${c.survey!.id}`,
        interaction: { platform: 'genesys', externalId: c.id },
        source: 'genesys',
        submittedAt: new Date(c.survey!.completedMs).toISOString(),
        answers: [
          { questionId: csatQ!.id, kind: 'csat', value: c.survey!.csat },
          { questionId: npsQ!.id, kind: 'nps', value: c.survey!.nps },
          // Free text is not kept: it may hold anything the caller typed.
          { questionId: textQ!.id, kind: 'text' },
        ],
      });
    }
    // One form read per run, however many surveys use it.
    expect(sim.stats.byOperation['getSurveyForm']).toBe(1);
  });

  it('without survey permissions the sync goes on and reports the gap', async () => {
    const denied = await startGenesysSimulator({
      conversations: 30,
      seed: 3,
      now: () => clock,
      deniedPermissions: ['quality:survey:view'],
    });
    try {
      const c2 = new GenesysClient({
        orgId: 'sim-org',
        region: 'us_east_1',
        credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
        gateway: denied.url,
        now: () => clock,
        sleep,
      });
      const surveys = new Surveys();
      const report = await syncRecentConversations(
        {
          client: c2,
          checkpoints: new MemoryCheckpoints(),
          sink: new MemoryInteractions(),
          surveys,
          now: () => new Date(clock),
        },
        { tenantId: 't-1', initialLookbackMs: 4 * 86_400_000, windowMs: 24 * 3_600_000 },
      );
      expect(report.processed).toBe(30);
      expect(surveys.rows.size).toBe(0);
      expect(report.skippedCapabilities.map((g) => g.what)).toContain('quality:survey:view');
    } finally {
      await denied.close();
    }
  });

  it('an abandoned call (tAbandon, no agent) is abandoned with its wait, and its handling facts stay unknown', async () => {
    const base = sim.conversations[1]!;
    const abandoned = {
      ...base.details,
      participants: [
        base.details.participants![0],
        {
          ...base.details.participants![1],
          sessions: [
            {
              ...base.details.participants![1]!.sessions![0],
              metrics: [
                { name: 'tAcd', value: 95_000 },
                { name: 'tAbandon', value: 95_000 },
              ],
            },
          ],
        },
      ],
    };
    const s2 = await startGenesysSimulator({
      conversations: 3,
      seed: 3,
      now: () => clock,
      detailsOverride: { [base.id]: abandoned },
    });
    try {
      const c2 = new GenesysClient({
        orgId: 'sim-org',
        region: 'us_east_1',
        credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
        gateway: s2.url,
        now: () => clock,
        sleep,
      });
      const sink = new MemoryInteractions();
      await syncRecentConversations(
        { client: c2, checkpoints: new MemoryCheckpoints(), sink, now: () => new Date(clock) },
        { tenantId: 't-1', initialLookbackMs: 4 * 86_400_000, windowMs: 24 * 3_600_000 },
      );
      expect(sink.rows.get(`t-1|genesys|${base.id}`)!.interaction.contactCenter).toEqual({
        waitMs: 95_000,
        answered: false,
        abandoned: true,
      });
    } finally {
      await s2.close();
    }
  });

  it('pushes the summary as participant data once; a changed summary is written again', async () => {
    const c = sim.conversations[2]!;
    const outbox = new MemoryPushReceipts();
    const summary: CallSummary = {
      interactionId: `genesys:${c.id}`,
      reason: 'Prescription refill',
      done: ['Checked the refill status'],
      promised: [],
      text: 'Caller asked about a refill for member 12345678; agent will call back at 555-0100 tomorrow.',
      method: 'offline',
    };
    const deps = { client, outbox, now: () => new Date(clock) };
    expect(await pushCallSummary(deps, { tenantId: 't-1', conversationId: c.id, summary })).toBe('created');
    expect(await pushCallSummary(deps, { tenantId: 't-1', conversationId: c.id, summary })).toBe('replayed');
    const customer = c.details.participants!.find((p) => p.purpose === 'customer')!;
    const written = sim.pushed.participantAttributes.get(`${c.id}|${customer.participantId}`)!;
    expect(written[SUMMARY_ATTRIBUTE]).toBe(
      'Caller asked about a refill for member [number]; agent will call back at [number] tomorrow.',
    );
    expect(sim.stats.byOperation['setParticipantAttributes']).toBe(1);
    await pushCallSummary(deps, {
      tenantId: 't-1',
      conversationId: c.id,
      summary: { ...summary, text: 'Refill approved.' },
    });
    expect(
      sim.pushed.participantAttributes.get(`${c.id}|${customer.participantId}`)![SUMMARY_ATTRIBUTE],
    ).toBe('Refill approved.');
    expect(sim.stats.byOperation['setParticipantAttributes']).toBe(2);
  });

  it('writes FCR, CSAT and AHT external metrics when the tenant turned them on and the day has them', async () => {
    const base: GenesysInstallation = {
      tenantId: 't-1',
      orgId: 'sim-org',
      region: 'us_east_1',
      form: {
        formId: 'f',
        name: 'f',
        playbook: { id: 'p', version: '1' },
        questionGroupId: 'g',
        questions: {},
      },
      metrics: {
        compliance: (
          await client.createExternalMetricDefinition({
            name: 'Teachback compliance %',
            unit: 'Percent',
            precision: 1,
            defaultObjectiveType: 'HigherIsBetter',
            enabled: true,
          })
        ).id!,
        adherence: (
          await client.createExternalMetricDefinition({
            name: 'Teachback playbook adherence %',
            unit: 'Percent',
            precision: 1,
            defaultObjectiveType: 'HigherIsBetter',
            enabled: true,
          })
        ).id!,
      },
      installedAt: new Date(clock).toISOString(),
    };
    const installation = await ensureContactCenterMetrics(client, base, ['fcr', 'csat']);
    // Repeating finds the definitions by name instead of creating twice.
    expect(await ensureContactCenterMetrics(client, installation, ['fcr', 'csat'])).toEqual(installation);
    expect(sim.pushed.metricDefinitions.map((d) => d.name).sort()).toEqual([
      'Teachback CSAT (1-5)',
      'Teachback compliance %',
      'Teachback first contact resolution %',
      'Teachback playbook adherence %',
    ]);
    const outbox = new MemoryPushReceipts();
    const day = {
      agentUserId: 'agent-1',
      day: '2026-11-02',
      compliancePct: 90,
      adherencePct: 80,
      interactions: 10,
    };
    const res = await pushAgentDayMetrics(
      { client, outbox, installation, now: () => new Date(clock) },
      't-1',
      [day, { ...day, agentUserId: 'agent-2' }],
      (agent) =>
        agent === 'agent-1'
          ? { fcr: { value: 75, count: 8 }, csat: { value: 4.5, count: 2 }, aht: { value: 300, count: 10 } }
          : undefined,
    );
    // agent-1: compliance, adherence, fcr, csat (aht has no definition); agent-2: the two base ones.
    expect(res).toEqual({ written: 6, unchanged: 0 });
    expect(sim.pushed.metricData.get(`agent-1|${installation.metrics.csat}|2026-11-02`)).toMatchObject({
      value: 4.5,
      count: 2,
    });
    expect(sim.pushed.metricData.get(`agent-2|${installation.metrics.csat}|2026-11-02`)).toBeUndefined();
  });
});
