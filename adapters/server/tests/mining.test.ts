// Playbook mining over HTTP: a supervisor mines a synthetic population, reviews suggestions, an
// admin publishes them as a playbook version; the library shows agents approved, de-identified
// calls only; milestones and the monthly review answer; bad input is a 400 naming the field.
import { syntheticPopulation, type InteractionRecord, type MiningCall } from '@teachback/core';
import { startHarness, type Harness } from './harness';
import { system } from './fixture';

let h: Harness;

function record(c: MiningCall, i: number): InteractionRecord {
  const agent = i % 3 === 0 ? 'ga-alex' : 'ga-other';
  const met = i % 4 !== 0;
  return {
    interaction: {
      id: `mine-${i}`,
      source: { platform: 'genesys', externalId: `mine-conv-${i}` },
      channel: 'voice',
      direction: 'outbound',
      startedAt: c.startedAt!,
      participants: [{ role: 'agent', userId: agent }, { role: 'customer' }],
      queue: { name: c.queue! },
      disposition: c.disposition!,
      callType: 'medicare-sales',
      transcript: {
        utterances: [
          ...c.utterances.map((u, k) => ({
            speaker: u.speaker,
            startMs: k * 4000,
            endMs: k * 4000 + 3000,
            text: u.text,
          })),
          // A planted identifier: it must never come back from the library.
          {
            speaker: 'customer' as const,
            startMs: 999_000,
            endMs: 1_000_000,
            text: 'my name is Delphine Quillfeather',
          },
        ],
      },
    },
    teamId: 'team-1',
    scorecard: {
      interactionId: `mine-${i}`,
      playbook: { id: 'medicare-sales', version: '1' },
      score: c.disposition === 'Enrolled' ? 90 + (i % 10) : 70,
      compliant: true,
      needsReview: false,
      reviewReasons: [],
      findings: [
        {
          criterionId: 'recording-disclosure',
          title: 'Recording disclosure',
          category: 'compliance',
          severity: 'high',
          weight: 1,
          status: met ? 'met' : 'missed',
          confidence: 0.9,
          evidence: [],
          explanation: 'synthetic',
        },
      ],
    },
  };
}

beforeAll(async () => {
  h = await startHarness();
  const { calls } = syntheticPopulation({ seed: 5, calls: 900 });
  const records = calls.map(record);
  const ingest = system('clinic', ['integration']);
  for (let i = 0; i < records.length; i += 300)
    await h.fx.store.interactions.saveMany(ingest, 'clinic', records.slice(i, i + 300));
}, 120_000);
afterAll(async () => h?.close());

const run = { outcome: 'conversion', callType: 'medicare-sales', playbookId: 'medicare-sales', minCalls: 20 };

describe('mining routes', () => {
  let firstId: string;

  it('mines, proposes a diff and stores the suggestions', async () => {
    const r = await h.call('POST', '/v1/mining/runs', await h.as('sam'), run);
    expect(r.status).toBe(200);
    const body = r.json as {
      result: { calls: number; findings: unknown[] };
      diff: { addCriteria: Array<{ id: string; note: string }> };
    };
    expect(body.result.calls).toBe(900);
    expect(body.diff.addCriteria.length).toBeGreaterThan(0);
    expect(body.diff.addCriteria[0]!.note).toMatch(/^mined from \d+ calls, effect OR/);
    const list = await h.call('GET', '/v1/mining/suggestions?status=pending', await h.as('sam'));
    const items = (list.json as { items: Array<{ id: string; kind: string }> }).items;
    expect(items.length).toBeGreaterThan(0);
    firstId = items.find((s) => s.kind === 'add-criterion')!.id;
  }, 120_000);

  it('rejects bad input with the field and the reason', async () => {
    const r = await h.call('POST', '/v1/mining/runs', await h.as('sam'), { ...run, outcome: 'sales' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('outcome');
    const m = await h.call('GET', '/v1/mining/reviews/2026-13', await h.as('sam'));
    expect(m.status).toBe(400);
    expect(JSON.stringify(m.json)).toContain('month');
  });

  it('keeps suggestions from agents', async () => {
    expect((await h.call('GET', '/v1/mining/suggestions', await h.as('alex'))).status).toBe(403);
    expect(
      (await h.call('POST', `/v1/mining/suggestions/${firstId}/accept`, await h.as('alex'), {})).status,
    ).toBe(403);
  });

  it('a supervisor accepts; an admin publishes one new playbook version with the change note', async () => {
    const acc = await h.call('POST', `/v1/mining/suggestions/${firstId}/accept`, await h.as('sam'), {
      reason: 'what our closers do',
    });
    expect(acc.status).toBe(200);
    expect(acc.json).toMatchObject({
      suggestion: { status: 'accepted' },
      published: null,
      waitingFor: 'an admin to publish',
    });
    expect(
      (await h.call('POST', `/v1/mining/suggestions/${firstId}/reject`, await h.as('sam'), {})).status,
    ).toBe(409);
    const before = await h.fx.store.playbooks.latest('clinic', 'medicare-sales');
    const pub = await h.call('POST', '/v1/mining/publish', await h.as('ada'), {
      playbookId: 'medicare-sales',
    });
    expect(pub.status).toBe(200);
    const after = await h.fx.store.playbooks.latest('clinic', 'medicare-sales');
    expect(after.version).toBe(before.version + 1);
    expect(after.note).toMatch(/mined from \d+ calls, effect OR/);
    expect(after.playbook.criteria.length).toBe(before.playbook.criteria.length + 1);
    const s = await h.call('GET', `/v1/mining/suggestions/${firstId}`, await h.as('sam'));
    expect(s.json).toMatchObject({ status: 'published', publishedVersion: after.version });
    expect(
      (await h.call('POST', '/v1/mining/publish', await h.as('ada'), { playbookId: 'medicare-sales' }))
        .status,
    ).toBe(404);
  });

  it('library: proposed by a supervisor, approved entries only for agents, de-identified', async () => {
    const sam = await h.as('sam');
    const p = await h.call('POST', '/v1/library/proposals', sam, { ...run, limit: 3 });
    expect(p.status).toBe(200);
    expect((p.json as { proposed: number }).proposed).toBe(3);
    const alex = await h.as('alex');
    expect((await h.call('GET', '/v1/library', alex)).json).toEqual({ items: [], nextCursor: null });
    const all = (await h.call('GET', '/v1/library', sam)).json as { items: Array<{ id: string }> };
    expect(
      (await h.call('POST', `/v1/library/${all.items[0]!.id}/review`, sam, { status: 'approved' })).status,
    ).toBe(200);
    const seen = await h.call('GET', '/v1/library', alex);
    const items = (seen.json as { items: Array<{ status: string; exemplar: { moments: unknown[] } }> }).items;
    expect(items.map((e) => e.status)).toEqual(['approved']);
    expect(items[0]!.exemplar.moments.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen.json)).not.toContain('Quillfeather');
  });

  it("milestones: an agent's consistent criteria and next skill", async () => {
    const r = await h.call('GET', '/v1/milestones/ga-alex?window=20', await h.as('alex'));
    expect(r.status).toBe(200);
    const m = r.json as { calls: number; consistent: unknown[]; working: unknown[]; next: unknown };
    expect(m.calls).toBe(20);
    expect(m.consistent.length + m.working.length).toBe(1);
  });

  it('monthly review: built, stored and read back', async () => {
    const sam = await h.as('sam');
    const latest = await h.fx.store.playbooks.latest('clinic', 'medicare-sales');
    await h.fx.store.playbooks.save(system('clinic', ['admin']), 'clinic', latest.playbook, {
      note: 'CMS 2027 marketing rule',
      effectiveFrom: '2026-12-15',
    });
    expect((await h.call('GET', '/v1/mining/reviews/2026-11', sam)).status).toBe(404);
    const b = await h.call('POST', '/v1/mining/reviews/2026-11', sam);
    expect(b.status).toBe(200);
    const got = await h.call('GET', '/v1/mining/reviews/2026-11', sam);
    expect(got.json).toMatchObject({ month: '2026-11', previousMonth: '2026-10', prompts: [] });
    expect((got.json as { calls: { month: number; previous: number } }).calls.month).toBeGreaterThan(0);
    expect((got.json as { upcomingRules: Array<{ note: string }> }).upcomingRules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ effectiveFrom: '2026-12-15', note: 'CMS 2027 marketing rule' }),
      ]),
    );
  }, 60_000);
});
