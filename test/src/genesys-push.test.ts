import nock from 'nock';
import {
  MemoryInstallations,
  MemoryVault,
  provisionGenesysOrg,
  pushAgentDayMetrics,
  pushKey,
  pushScoredConversation,
  type PlaybookForForm,
} from '@teachback/adapter-genesys';
import { MemoryPushReceipts } from '@teachback/core';
import { GenesysClient } from '@teachback/connector-genesys';
import { agentDayMetrics, type Escalation, type Finding, type Scorecard } from '@teachback/core';
import { SUPERVISORS, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

const playbook: PlaybookForForm = {
  id: 'healthcare-inbound',
  version: '2026-10-01',
  title: 'Healthcare inbound',
  criteria: [
    {
      id: 'recording-disclosure',
      title: 'Recording disclosure',
      category: 'compliance',
      severity: 'high',
      weight: 2,
    },
    {
      id: 'verify-identity',
      title: 'Verify identity (name + DOB)',
      category: 'compliance',
      severity: 'critical',
      weight: 3,
    },
    { id: 'offer-more-help', title: 'Offer further help', category: 'adherence', severity: 'low', weight: 1 },
    { id: 'empathy', title: 'Acknowledge the concern', category: 'soft-skill', severity: 'low', weight: 1 },
  ],
};

const finding = (criterionId: string, status: Finding['status']): Finding => {
  const c = playbook.criteria.find((x) => x.id === criterionId)!;
  return {
    criterionId,
    title: c.title,
    category: c.category,
    severity: c.severity,
    weight: c.weight,
    status,
    confidence: 0.9,
    evidence:
      status === 'met'
        ? [{ utterance: 2, startMs: 154_000, speaker: 'agent', quote: 'Can you verify your date of birth?' }]
        : [],
    explanation: status === 'met' ? 'Done.' : 'Not found in the call.',
  };
};

const scorecard = (conversationId: string, verify: Finding['status']): Scorecard => ({
  interactionId: `genesys:${conversationId}`,
  playbook: { id: playbook.id, version: playbook.version },
  score: verify === 'met' ? 100 : 57,
  compliant: verify === 'met',
  findings: [
    finding('recording-disclosure', 'met'),
    finding('verify-identity', verify),
    finding('offer-more-help', 'met'),
    finding('empathy', 'not_applicable'),
  ],
  needsReview: false,
  reviewReasons: [],
});

// Loopback only: anything that tried to reach a real Genesys host (or anywhere else) would fail.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Genesys install and push-back against the simulator', () => {
  let sim: GenesysSimulator;
  const vault = new MemoryVault();
  const installations = new MemoryInstallations();
  const clientFor = (url: string) => (o: ConstructorParameters<typeof GenesysClient>[0]) =>
    new GenesysClient({ ...o, gateway: url });
  const request = {
    tenantId: 't-1',
    orgId: 'sim-org',
    region: 'mypurecloud.com',
    oauthClientId: 'sim-client',
    oauthClientSecret: 'sim-secret',
  };

  beforeAll(async () => {
    sim = await startGenesysSimulator({ conversations: 20, rateLimitPerMinute: 10_000 });
  });
  afterAll(() => sim.close());

  it('rejects a bad provisioning body naming the field', async () => {
    const res = await provisionGenesysOrg(
      {
        vault,
        installations,
        playbook,
        premiumAppIntegrationTypeId: 'teachback-premium-app',
        clientFor: clientFor(sim.url),
      },
      { ...request, region: 'atlantis' },
    );
    expect(res).toMatchObject({ ok: false, status: 400, error: { field: 'region' } });
  });

  it('refuses wrong credentials and a missing entitlement with clear errors', async () => {
    const deps = {
      vault,
      installations,
      playbook,
      premiumAppIntegrationTypeId: 'teachback-premium-app',
      clientFor: clientFor(sim.url),
    };
    await expect(
      provisionGenesysOrg(deps, { ...request, oauthClientSecret: 'wrong' }),
    ).resolves.toMatchObject({
      ok: false,
      status: 401,
      error: { code: 'GENESYS.AUTH_FAILED', step: 'verify-credentials' },
    });
    await expect(
      provisionGenesysOrg({ ...deps, premiumAppIntegrationTypeId: 'other-app' }, request),
    ).resolves.toMatchObject({
      ok: false,
      status: 403,
      error: { code: 'GENESYS.NOT_ENTITLED' },
    });
    expect(vault.size).toBe(0);
  });

  it('names the missing permission and the API that needs it', async () => {
    const locked = await startGenesysSimulator({
      conversations: 1,
      deniedPermissions: ['quality:evaluationForm:add'],
    });
    try {
      const res = await provisionGenesysOrg(
        {
          vault: new MemoryVault(),
          installations: new MemoryInstallations(),
          playbook,
          premiumAppIntegrationTypeId: 'teachback-premium-app',
          clientFor: clientFor(locked.url),
        },
        request,
      );
      expect(res).toMatchObject({
        ok: false,
        status: 403,
        error: {
          code: 'GENESYS.PERMISSION_MISSING',
          step: 'evaluation-form',
          permission: 'quality:evaluationForm:add',
          api: 'POST /api/v2/quality/forms/evaluations',
        },
      });
    } finally {
      await locked.close();
    }
  });

  it('provisions once: stores credentials, creates and publishes the form and the metric definitions; re-posting reuses them', async () => {
    const deps = {
      vault,
      installations,
      playbook,
      premiumAppIntegrationTypeId: 'teachback-premium-app',
      clientFor: clientFor(sim.url),
    };
    const first = await provisionGenesysOrg(deps, request);
    expect(first).toMatchObject({ ok: true });
    const again = await provisionGenesysOrg(deps, request);
    expect(again).toMatchObject({ ok: true });
    expect(sim.pushed.forms).toHaveLength(1);
    expect(sim.pushed.forms[0]!.published).toBe(true);
    expect(sim.pushed.forms[0]!.questionGroups![0]!.questions).toHaveLength(4);
    expect(sim.pushed.metricDefinitions.map((d) => d.name).sort()).toEqual([
      'Teachback compliance %',
      'Teachback playbook adherence %',
    ]);
    expect(await vault.get('t-1', 'genesys')).toMatchObject({ orgId: 'sim-org', clientId: 'sim-client' });
  });

  it('pushes evaluation + coaching once per scorecard version, even when replayed', async () => {
    const installation = (await installations.get('t-1'))!;
    const client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
    });
    const outbox = new MemoryPushReceipts();
    const deps = {
      client,
      outbox,
      installation,
      evaluatorUserId: 'svc-teachback',
      supervisorFor: () => SUPERVISORS[0],
      reviewUrl: (id: string) => `https://teachback.example/review/${id}`,
    };
    const [good, missed] = sim.conversations;
    const escalation: Escalation = {
      type: 'medical_emergency',
      severity: 'critical',
      utterance: 5,
      startMs: 200_000,
      quote: 'crushing chest pain',
      actions: [],
    };
    const jobs = [
      {
        tenantId: 't-1',
        conversationId: good!.id,
        agentUserId: good!.agentUserId,
        scorecard: scorecard(good!.id, 'met'),
      },
      {
        tenantId: 't-1',
        conversationId: missed!.id,
        agentUserId: missed!.agentUserId,
        scorecard: scorecard(missed!.id, 'missed'),
        escalations: [escalation],
      },
    ];
    const first = await Promise.all(jobs.map((j) => pushScoredConversation(deps, j)));
    expect(first).toEqual([
      { evaluation: 'created', coaching: 'not_needed' },
      { evaluation: 'created', coaching: 'created' },
    ]);
    // Replay through the outbox: nothing is sent.
    const requests = sim.stats.requests;
    const replay = await Promise.all(jobs.map((j) => pushScoredConversation(deps, j)));
    expect(replay.map((r) => r.evaluation)).toEqual(['replayed', 'replayed']);
    expect(sim.stats.requests).toBe(requests);
    // Replay with a lost outbox (crash after the POST): the Idempotency-Key makes Genesys return the first evaluation.
    await pushScoredConversation({ ...deps, outbox: new MemoryPushReceipts() }, jobs[0]!);
    expect(sim.stats.evaluationsCreated).toBe(2);
    expect(sim.stats.evaluationReplays).toBe(1);
    expect(sim.stats.coachingCreated).toBe(1);

    const evaluation = sim.pushed.evaluations.find((e) => e.conversation?.id === missed!.id)!;
    expect(evaluation.status).toBe('FINISHED');
    expect(evaluation.releaseDate).toBeDefined();
    const coaching = sim.pushed.coaching[0]!;
    expect(coaching.attendees).toEqual([{ id: missed!.agentUserId }]);
    expect(coaching.facilitator).toEqual({ id: SUPERVISORS[0] });
    // Coaching is outside PHI access control: no transcript text in it.
    expect(JSON.stringify(coaching)).not.toContain('chest pain');
    expect(coaching.description).toContain('Missed: Verify identity');
  });

  it('after a crash between the coaching POST and its receipt, reads the appointment back instead of creating it again', async () => {
    const installation = (await installations.get('t-1'))!;
    const client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
    });
    // The receipt store dies on the first "done" write: Genesys holds the appointment, we do not know.
    class CrashingReceipts extends MemoryPushReceipts {
      crashes = 1;
      override async put(r: Parameters<MemoryPushReceipts['put']>[0]): Promise<void> {
        if (r.status === 'done' && r.kind === 'coaching' && this.crashes-- > 0) throw new Error('crashed');
        return super.put(r);
      }
    }
    const outbox = new CrashingReceipts();
    const deps = {
      client,
      outbox,
      installation,
      evaluatorUserId: 'svc-teachback',
      supervisorFor: () => SUPERVISORS[1],
    };
    const [, , third, fourth] = sim.conversations;
    const job = (c: typeof third) => ({
      tenantId: 't-1',
      conversationId: c!.id,
      agentUserId: c!.agentUserId,
      scorecard: scorecard(c!.id, 'missed'),
    });
    const before = sim.stats.coachingCreated;
    await expect(pushScoredConversation(deps, job(third))).rejects.toThrow('crashed');
    expect(sim.stats.coachingCreated).toBe(before + 1);
    const retry = await pushScoredConversation(deps, job(third));
    expect(retry.coaching).toBe('replayed');
    expect(sim.stats.coachingCreated).toBe(before + 1);
    const held = sim.pushed.coaching.filter((a) => a.conversations?.[0]?.id === third!.id);
    expect(held).toHaveLength(1);
    expect(
      (await outbox.get([...outbox.records.keys()].find((k) => outbox.records.get(k)!.kind === 'coaching')!))
        ?.externalId,
    ).toBe(held[0]!.id);

    // An attempt that never reached Genesys (receipt left pending) finds nothing and creates it.
    const key = pushKey('coaching', 't-1', fourth!.id, `${playbook.id}@${playbook.version}`);
    await outbox.put({
      key,
      kind: 'coaching',
      status: 'pending',
      attempts: 1,
      updatedAt: new Date().toISOString(),
    });
    expect((await pushScoredConversation(deps, job(fourth))).coaching).toBe('created');
    expect(sim.stats.coachingCreated).toBe(before + 2);
    expect(sim.stats.byOperation['listCoaching']).toBeGreaterThanOrEqual(2);
  });

  it('defers evaluations past the per-agent daily cap and pushes them on a later run', async () => {
    let clock = Date.parse('2026-11-27T09:00:00Z');
    const capped = await startGenesysSimulator({
      conversations: 3,
      evaluationsPerAgentPerDay: 1,
      now: () => clock,
    });
    try {
      const client = new GenesysClient({
        orgId: 'sim-org',
        region: 'us_east_1',
        credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
        gateway: capped.url,
      });
      const installs = new MemoryInstallations();
      const res = await provisionGenesysOrg(
        {
          vault: new MemoryVault(),
          installations: installs,
          playbook,
          premiumAppIntegrationTypeId: 'teachback-premium-app',
          clientFor: clientFor(capped.url),
        },
        request,
      );
      expect(res.ok).toBe(true);
      const outbox = new MemoryPushReceipts();
      const deps = {
        client,
        outbox,
        installation: (await installs.get('t-1'))!,
        evaluatorUserId: 'svc',
        supervisorFor: () => undefined,
        now: () => new Date(clock),
      };
      const [a, b] = capped.conversations;
      const job = (c: typeof a) => ({
        tenantId: 't-1',
        conversationId: c!.id,
        agentUserId: 'agent-same',
        scorecard: scorecard(c!.id, 'met'),
      });
      expect((await pushScoredConversation(deps, job(a))).evaluation).toBe('created');
      expect((await pushScoredConversation(deps, job(b))).evaluation).toBe('deferred');
      clock += 86_400_000;
      expect((await pushScoredConversation(deps, job(b))).evaluation).toBe('created');
      expect(capped.stats.evaluationsCreated).toBe(2);
    } finally {
      await capped.close();
    }
  });

  it('writes compliance % and adherence % per agent per day, once per value', async () => {
    const installation = (await installations.get('t-1'))!;
    const client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
    });
    const outbox = new MemoryPushReceipts();
    const rows = [
      { agentUserId: 'agent-1', day: '2026-11-01', scorecard: scorecard('a', 'met') },
      { agentUserId: 'agent-1', day: '2026-11-01', scorecard: scorecard('b', 'missed') },
      { agentUserId: 'agent-2', day: '2026-11-01', scorecard: scorecard('c', 'met') },
    ];
    const metrics = agentDayMetrics(rows);
    expect(metrics.find((m) => m.agentUserId === 'agent-1')).toMatchObject({
      compliancePct: 50,
      adherencePct: 100,
      interactions: 2,
    });
    expect(await pushAgentDayMetrics({ client, outbox, installation }, 't-1', metrics)).toEqual({
      written: 4,
      unchanged: 0,
    });
    expect(await pushAgentDayMetrics({ client, outbox, installation }, 't-1', metrics)).toEqual({
      written: 0,
      unchanged: 4,
    });
    expect(sim.pushed.metricData.size).toBe(4);
    expect(sim.pushed.metricData.get(`agent-1|${installation.metrics.compliance}|2026-11-01`)?.value).toBe(
      50,
    );
  });
});
