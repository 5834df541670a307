// API tests for the review routes: auth, 400s that name the field, and the access policy
// (an agent sees and disputes only their own calls; a supervisor decides for their team only).
import { csvCell } from '@teachback/adapter-server';
import { startWebHarness, type WebHarness } from './harness';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

const auditLog = () =>
  h.seeded.store.audit.read(
    {
      actor: {
        kind: 'system',
        id: 't',
        tenantId: 'clinic',
        roles: ['compliance'],
        teamIds: [],
        agentIds: [],
        active: true,
      },
    },
    'clinic',
    { limit: 10_000 },
  );

const ids = (json: { items: Array<{ id: string }> }) => json.items.map((i) => i.id).sort();

describe('GET /v1/me', () => {
  it('names the signed-in user and their roles; 401 without a token', async () => {
    const me = await h.call('GET', '/v1/me', 'sam');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      userId: 'sam',
      displayName: 'Sam Supervisor',
      roles: ['supervisor'],
      teamIds: ['team-1'],
    });
    expect((await h.call('GET', '/v1/me', null)).status).toBe(401);
  });
});

describe('POST /v1/calls/search', () => {
  it('gives an agent their own calls only, whatever the filter asks', async () => {
    const mine = await h.call('POST', '/v1/calls/search', 'alex', { filter: {} });
    expect(mine.status).toBe(200);
    expect(ids(mine.json)).toEqual(['ix-alex-1', 'ix-alex-2']);
    const asked = await h.call('POST', '/v1/calls/search', 'alex', { filter: { agentId: 'f9-blair' } });
    expect(asked.json.items).toEqual([]);
  });

  it('gives a supervisor their team, sorted by score, and filters by criterion missed and queue', async () => {
    const team = await h.call('POST', '/v1/calls/search', 'sam', { sort: { by: 'score', dir: 'asc' } });
    expect(ids(team.json)).toEqual(['ix-alex-1', 'ix-alex-2', 'ix-blair-1', 'ix-blair-2']);
    const scores = team.json.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    const worst = team.json.items[0];
    const detail = await h.call('GET', `/v1/interactions/${worst.id}`, 'sam');
    const missed = detail.json.scorecard.findings.find(
      (f: { status: string }) => f.status === 'missed',
    ).criterionId;
    const byCriterion = await h.call('POST', '/v1/calls/search', 'sam', {
      filter: { criterionMissed: missed },
    });
    expect(byCriterion.json.items.length).toBeGreaterThan(0);
    for (const i of byCriterion.json.items) {
      const d = await h.call('GET', `/v1/interactions/${i.id}`, 'sam');
      expect(
        d.json.scorecard.findings.find((f: { criterionId: string }) => f.criterionId === missed).status,
      ).toBe('missed');
    }
    const queue = await h.call('POST', '/v1/calls/search', 'sam', { filter: { queue: 'Scheduling' } });
    expect(ids(queue.json)).toEqual(['ix-blair-1', 'ix-blair-2']);
    const range = await h.call('POST', '/v1/calls/search', 'sam', { filter: { scoreMin: 99 } });
    for (const i of range.json.items) expect(i.score).toBeGreaterThanOrEqual(99);
  });

  it('answers 400 naming the field', async () => {
    const bad = await h.call('POST', '/v1/calls/search', 'sam', { filter: { scoreMin: 101 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual(['body.filter.scoreMin']);
    const unknown = await h.call('POST', '/v1/calls/search', 'sam', { filter: { patientName: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual(['body.filter.patientName']);
  });
});

describe('POST /v1/calls/export', () => {
  it('exports the team as CSV and audits it; an agent may not export', async () => {
    const res = await h.call('POST', '/v1/calls/export', 'sam', { filter: {} });
    expect(res.status).toBe(200);
    expect(res.json.rows).toBe(4);
    expect(res.json.csv.split('\r\n')[0]).toMatch(/^interaction_id,occurred_at,/);
    const audit = await auditLog();
    expect(audit.filter((e) => e.action === 'phi.export').map((e) => e.details)).toEqual([
      { view: 'calls', rows: 4, format: 'csv' },
    ]);
    expect((await h.call('POST', '/v1/calls/export', 'alex', { filter: {} })).status).toBe(403);
  });
});

describe('saved views', () => {
  it('keeps a view per user', async () => {
    const saved = await h.call('POST', '/v1/calls/views', 'sam', {
      name: 'Worst this week',
      filter: { compliant: false },
      sort: { by: 'score', dir: 'asc' },
    });
    expect(saved.status).toBe(201);
    expect(
      (await h.call('GET', '/v1/calls/views', 'sam')).json.items.map((v: { name: string }) => v.name),
    ).toEqual(['Worst this week']);
    expect((await h.call('GET', '/v1/calls/views', 'quinn')).json.items).toEqual([]);
    expect(
      (await h.call('POST', '/v1/calls/views', 'sam', { name: '', filter: {} })).json.error.fields,
    ).toEqual(['body.name']);
  });
});

describe('disputes', () => {
  async function missedOn(id: string, user: string) {
    const d = await h.call('GET', `/v1/interactions/${id}`, user);
    return d.json.scorecard.findings.find((f: { status: string }) => f.status === 'missed')
      .criterionId as string;
  }

  it('agent disputes, supervisor accepts: new score version beside the machine one, both audited', async () => {
    const criterionId = await missedOn('ix-alex-1', 'alex');
    const before = (await h.call('GET', '/v1/interactions/ix-alex-1', 'alex')).json.scorecard.score;
    const raised = await h.call('POST', '/v1/disputes', 'alex', {
      interactionId: 'ix-alex-1',
      criterionId,
      requestedStatus: 'met',
      reason: 'I read the disclosure at the start of the call',
    });
    expect(raised.status).toBe(201);
    expect(raised.json).toMatchObject({ status: 'open', machineStatus: 'missed', raisedBy: 'alex' });
    const again = await h.call('POST', '/v1/disputes', 'alex', {
      interactionId: 'ix-alex-1',
      criterionId,
      requestedStatus: 'met',
      reason: 'again please',
    });
    expect(again.status).toBe(409);
    const disputed = await h.call('POST', '/v1/calls/search', 'sam', { filter: { disputed: true } });
    expect(ids(disputed.json)).toEqual(['ix-alex-1']);

    const decided = await h.call('POST', `/v1/disputes/${raised.json.id}/decision`, 'sam', {
      decision: 'accepted',
      note: 'agreed',
    });
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({
      status: 'accepted',
      decidedBy: 'sam',
      machineStatus: 'missed',
      scoreBefore: before,
    });
    expect(decided.json.scoreAfter).toBeGreaterThan(before);
    const after = await h.call('GET', '/v1/interactions/ix-alex-1', 'alex');
    expect(after.json.scorecard.score).toBe(decided.json.scoreAfter);
    expect(
      after.json.scorecard.findings.find((f: { criterionId: string }) => f.criterionId === criterionId)
        .status,
    ).toBe('met');
    const versions = await h.call('GET', '/v1/interactions/ix-alex-1/scores', 'sam');
    const cards = versions.json.items.map((v: { scorecard: { score: number } }) => v.scorecard.score);
    expect(cards).toEqual([before, decided.json.scoreAfter]);
    const audit = await auditLog();
    const actions = JSON.stringify(audit);
    expect(actions).toContain('review.dispute.raise');
    expect(actions).toContain('scorecard.override');
    expect(actions).toContain('review.dispute.decide');
    expect(
      (await h.call('POST', `/v1/disputes/${raised.json.id}/decision`, 'sam', { decision: 'rejected' }))
        .status,
    ).toBe(409);
  });

  it('refuses another agent’s call, a decision by an agent, and names bad fields', async () => {
    const criterionId = await missedOn('ix-blair-2', 'blair');
    expect(
      (
        await h.call('POST', '/v1/disputes', 'alex', {
          interactionId: 'ix-blair-2',
          criterionId,
          requestedStatus: 'met',
          reason: 'not mine',
        })
      ).status,
    ).toBe(403);
    const bad = await h.call('POST', '/v1/disputes', 'blair', {
      interactionId: 'ix-blair-2',
      criterionId,
      requestedStatus: 'maybe',
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual(expect.arrayContaining(['body.requestedStatus', 'body.reason']));
    const raised = await h.call('POST', '/v1/disputes', 'blair', {
      interactionId: 'ix-blair-2',
      criterionId,
      requestedStatus: 'met',
      reason: 'I did say it',
    });
    expect(
      (await h.call('POST', `/v1/disputes/${raised.json.id}/decision`, 'blair', { decision: 'accepted' }))
        .status,
    ).toBe(403);
    // casey's team supervisor is not sam: sam cannot see casey's call at all.
    const caseyCriterion = await missedOn('ix-casey-1', 'casey');
    expect(
      (
        await h.call('POST', '/v1/disputes', 'sam', {
          interactionId: 'ix-casey-1',
          criterionId: caseyCriterion,
          requestedStatus: 'met',
          reason: 'not my team',
        })
      ).status,
    ).toBe(403);
    const rejected = await h.call('POST', `/v1/disputes/${raised.json.id}/decision`, 'sam', {
      decision: 'rejected',
      note: 'not in the transcript',
    });
    expect(rejected.json).toMatchObject({
      status: 'rejected',
      scoreAfter: null,
      decisionNote: 'not in the transcript',
    });
  });
});

describe('calibration', () => {
  it('is blind until the reviewer submits, then shows agreement per criterion and with the machine', async () => {
    const d = await h.call('GET', '/v1/interactions/ix-blair-1', 'sam');
    const findings = d.json.scorecard.findings as Array<{ criterionId: string; status: string }>;
    const marksAsMachine = findings.map((f) => ({ criterionId: f.criterionId, status: f.status }));
    const first = await h.call('PUT', '/v1/interactions/ix-blair-1/calibration', 'sam', {
      marks: marksAsMachine,
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ state: 'open', withMachine: 1, betweenReviewers: null });
    expect((await h.call('GET', '/v1/interactions/ix-blair-1/calibration', 'quinn')).json).toEqual({
      state: 'blind',
      submitted: false,
      reviewers: 1,
    });
    const flipped = marksAsMachine.map((m, i) =>
      i === 0 ? { ...m, status: m.status === 'met' ? 'missed' : 'met' } : m,
    );
    const second = await h.call('PUT', '/v1/interactions/ix-blair-1/calibration', 'quinn', {
      marks: flipped,
    });
    expect(second.json.reviewers).toEqual(['quinn', 'sam']);
    const c0 = second.json.criteria.find(
      (c: { criterionId: string }) => c.criterionId === findings[0]!.criterionId,
    );
    expect(c0).toMatchObject({ betweenReviewers: 0, withMachine: 0.5 });
    expect(second.json.withMachine).toBeCloseTo(1 - 1 / (2 * findings.length));
    expect(
      (await h.call('PUT', '/v1/interactions/ix-blair-1/calibration', 'alex', { marks: marksAsMachine }))
        .status,
    ).toBe(403);
    expect(
      (await h.call('PUT', '/v1/interactions/ix-blair-1/calibration', 'sam', { marks: [] })).json.error
        .fields,
    ).toEqual(['body.marks']);
  });
});

describe('GET /v1/dashboard', () => {
  it('counts the caller’s scope: trend, per criterion worst first, backlog; 400 names a bad date', async () => {
    const from = new Date(h.seeded.now - 7 * 86_400_000).toISOString();
    const to = new Date(h.seeded.now + 3_600_000).toISOString();
    const sam = await h.call('GET', `/v1/dashboard?from=${from}&to=${to}`, 'sam');
    expect(sam.status).toBe(200);
    expect(sam.json.trend.reduce((s: number, p: { calls: number }) => s + p.calls, 0)).toBe(4);
    expect(sam.json.byTeam.map((g: { key: string }) => g.key)).toEqual(['team-1']);
    const rates = sam.json.criteria.map((c: { missRate: number }) => c.missRate);
    expect([...rates].sort((a, b) => b - a)).toEqual(rates);
    const alex = await h.call('GET', `/v1/dashboard?from=${from}&to=${to}&bucket=week`, 'alex');
    expect(alex.json.trend.reduce((s: number, p: { calls: number }) => s + p.calls, 0)).toBe(2);
    expect(alex.json.byAgent.map((g: { key: string }) => g.key)).toEqual(['ga-alex']);
    const bad = await h.call('GET', `/v1/dashboard?from=yesterday&to=${to}`, 'sam');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual(['query.from']);
    expect((await h.call('GET', `/v1/dashboard?from=${from}&to=${to}`, 'ada')).status).toBe(200);
  });
});

describe('csvCell', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });
});
