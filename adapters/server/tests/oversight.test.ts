// The escalation queue and the compliance officer's routes: auth, 400s naming the field, the
// access policy (agents refused everywhere), and the journeys they serve.
import { ROUTES } from '../src';
import { PATIENT_PHONE } from './fixture';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => h?.close());

const j = (r: { json: unknown }) => r.json as any;

describe('escalation queue', () => {
  it('works an escalation through acknowledge → route → resolve → review', async () => {
    const sam = await h.as('sam');
    let q = await h.call('GET', '/v1/oversight/escalations?state=open', sam);
    expect(q.status).toBe(200);
    const item = j(q).items.find((i: any) => i.interactionId === 'ix-alex-2');
    expect(item).toMatchObject({ state: 'open', reviewed: false, type: 'medical_emergency' });
    expect(j(q).counts.total).toBeGreaterThanOrEqual(1);
    const act = (body: unknown) =>
      h.call('POST', `/v1/interactions/ix-alex-2/escalations/${item.index}/actions`, sam, body);
    expect((await act({ action: 'acknowledged', note: 'calling back' })).status).toBe(204);
    expect((await act({ action: 'routed', routedTo: '911' })).status).toBe(204);
    q = await h.call('GET', '/v1/oversight/escalations?state=routed', sam);
    expect(j(q).items[0]).toMatchObject({ interactionId: 'ix-alex-2', routedTo: '911', lastActionBy: 'sam' });
    expect((await act({ action: 'resolved' })).status).toBe(204);
    q = await h.call('GET', '/v1/oversight/escalations?state=resolved&reviewed=false', sam);
    expect(j(q).items.map((i: any) => i.interactionId)).toContain('ix-alex-2');
    expect(j(q).counts.byState.resolved).toBeGreaterThanOrEqual(1);

    const reviewPath = `/v1/oversight/escalations/ix-alex-2/${item.index}/review`;
    expect(j(await h.call('GET', reviewPath, sam))).toEqual({ review: null });
    const bad = await h.call('PUT', reviewPath, sam, { whatHappened: 'x', protocolFollowed: 'mostly' });
    expect(bad.status).toBe(400);
    expect(j(bad).error.fields).toEqual(['body.protocolFollowed']);
    const put = await h.call('PUT', reviewPath, sam, {
      whatHappened: 'Agent told the caller to hang up and dial 911 within 30 seconds',
      protocolFollowed: 'yes',
      lessons: 'Stay on the line until emergency services answer',
    });
    expect(put.status).toBe(200);
    expect(j(await h.call('GET', reviewPath, sam)).review).toMatchObject({
      protocolFollowed: 'yes',
      reviewedBy: 'sam',
    });
    q = await h.call('GET', '/v1/oversight/escalations?reviewed=true', sam);
    expect(j(q).items.map((i: any) => i.interactionId)).toContain('ix-alex-2');
  });

  it('refuses agents and admins, bad filters by name, and callers without a token', async () => {
    for (const who of ['alex', 'ada']) {
      const r = await h.call('GET', '/v1/oversight/escalations', await h.as(who));
      expect(r.status).toBe(403);
    }
    expect(
      (
        await h.call('PUT', '/v1/oversight/escalations/ix-alex-2/0/review', await h.as('alex'), {
          whatHappened: 'x',
          protocolFollowed: 'yes',
        })
      ).status,
    ).toBe(403);
    expect(
      (await h.call('GET', '/v1/oversight/escalations/ix-alex-2/0/review', await h.as('alex'))).status,
    ).toBe(403);
    const bad = await h.call('GET', '/v1/oversight/escalations?severity=extreme', await h.as('sam'));
    expect(bad.status).toBe(400);
    expect(j(bad).error.fields).toEqual(['query.severity']);
    expect((await h.call('GET', '/v1/oversight/escalations', '')).status).toBe(401);
  });
});

describe('compliance officer', () => {
  it('finds who viewed a patient, by phone in a POST body, and exports it (audited)', async () => {
    await h.call('GET', '/v1/interactions/ix-alex-1', await h.as('sam'));
    const cora = await h.call('POST', '/v1/oversight/audit/search', await h.as('cora'), {
      patient: { phone: PATIENT_PHONE },
      action: 'phi.read',
    });
    expect(cora.status).toBe(200);
    expect(j(cora).items.map((e: any) => [e.actorId, e.resourceId])).toContainEqual([
      'user:sam',
      'ix-alex-1',
    ]);
    expect(
      j(cora).items.every(
        (e: any) => e.resourceId?.startsWith('ix-alex-1') || e.resourceId === j(cora).contactId,
      ),
    ).toBe(true);
    const exp = await h.call('POST', '/v1/oversight/audit/export', await h.as('cora'), {
      patient: { phone: PATIENT_PHONE },
    });
    expect(exp.status).toBe(200);
    expect(j(exp).csv.split('\r\n')[0]).toBe(
      'seq,at,actorId,action,resourceType,resourceId,outcome,source,details',
    );
    expect(j(exp).csv).toContain('user:sam');
    expect(j(exp).csv).not.toContain(PATIENT_PHONE);
    const trail = await h.call('POST', '/v1/oversight/audit/search', await h.as('cora'), {
      action: 'audit.export',
    });
    expect(j(trail).items[0]).toMatchObject({ actorId: 'user:cora', details: { byPatient: true } });
    expect(JSON.stringify(j(trail))).not.toContain(PATIENT_PHONE.slice(2));
  });

  it('names the bad field of a search, and refuses agents, supervisors and admins', async () => {
    const bad = await h.call('POST', '/v1/oversight/audit/search', await h.as('cora'), {
      patient: { phone: 'abc' },
    });
    expect(bad.status).toBe(400);
    expect(j(bad).error.fields).toEqual(['body.patient.phone']);
    const unknown = await h.call('POST', '/v1/oversight/audit/search', await h.as('cora'), {
      phone: PATIENT_PHONE,
    });
    expect(j(unknown).error.fields).toEqual(['body.phone']);
    for (const who of ['alex', 'sam', 'ada']) {
      expect((await h.call('POST', '/v1/oversight/audit/search', await h.as(who), {})).status).toBe(403);
      expect((await h.call('POST', '/v1/oversight/audit/export', await h.as(who), {})).status).toBe(403);
    }
  });

  it('verifies the audit chain; reports access anomalies', async () => {
    const v = await h.call('GET', '/v1/oversight/audit/verify', await h.as('cora'));
    expect(v.status).toBe(200);
    expect(j(v)).toMatchObject({ ok: true, tenantId: 'clinic' });
    expect(j(v).count).toBeGreaterThan(5);
    const range = 'from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
    const a = await h.call(
      'GET',
      `/v1/oversight/access-anomalies?${range}&tzOffsetMinutes=-300&startHour=8&endHour=18`,
      await h.as('cora'),
    );
    expect(a.status).toBe(200);
    expect(j(a).options).toMatchObject({ tzOffsetMinutes: -300, businessHours: { start: 8, end: 18 } });
    expect(j(a).readers.map((r: any) => r.actorId)).toContain('user:sam');
    const bad = await h.call(
      'GET',
      '/v1/oversight/access-anomalies?from=2020-01-01T00:00:00Z',
      await h.as('cora'),
    );
    expect(bad.status).toBe(400);
    expect(j(bad).error.fields).toEqual(['query.to']);
    for (const who of ['alex', 'sam', 'ada']) {
      expect((await h.call('GET', '/v1/oversight/audit/verify', await h.as(who))).status).toBe(403);
      expect((await h.call('GET', `/v1/oversight/access-anomalies?${range}`, await h.as(who))).status).toBe(
        403,
      );
    }
  });

  it('shows retention and holds; only admins change them', async () => {
    expect(
      (await h.call('PUT', '/v1/oversight/holds/ix-alex-1', await h.as('ada'), { hold: true })).status,
    ).toBe(204);
    const r = await h.call('GET', '/v1/oversight/retention', await h.as('cora'));
    expect(r.status).toBe(200);
    expect(j(r)).toMatchObject({ retentionDays: 2192, legalHold: false });
    expect(j(r).holds.map((x: any) => x.interactionId)).toEqual(['ix-alex-1']);
    expect(
      (await h.call('PUT', '/v1/oversight/retention', await h.as('cora'), { legalHold: true })).status,
    ).toBe(403);
    const bad = await h.call('PUT', '/v1/oversight/retention', await h.as('ada'), { retentionDays: 0 });
    expect(j(bad).error.fields).toEqual(['body.retentionDays']);
    expect(
      j(await h.call('PUT', '/v1/oversight/retention', await h.as('ada'), { retentionDays: 3650 })),
    ).toEqual({
      retentionDays: 3650,
      legalHold: false,
    });
    expect(
      (await h.call('PUT', '/v1/oversight/holds/ix-alex-1', await h.as('alex'), { hold: false })).status,
    ).toBe(403);
    expect((await h.call('GET', '/v1/oversight/retention', await h.as('alex'))).status).toBe(403);
  });

  it('lists deactivations with the time access ended; the deactivated user is refused at once', async () => {
    const blair = await h.as('blair');
    expect((await h.call('GET', '/v1/interactions', blair)).status).toBe(200);
    expect((await h.call('POST', '/v1/admin/users/blair/deactivate', await h.as('ada'))).status).toBe(200);
    expect((await h.call('GET', '/v1/interactions', blair)).status).toBe(401);
    const d = await h.call('GET', '/v1/oversight/deactivations', await h.as('cora'));
    expect(j(d).items).toEqual([
      expect.objectContaining({
        id: 'blair',
        deactivatedAt: expect.any(String),
        accessEndedAt: expect.any(String),
      }),
    ]);
    expect((await h.call('GET', '/v1/oversight/deactivations', await h.as('alex'))).status).toBe(403);
  });
});

describe('every oversight and admin route', () => {
  // A well-formed request per route, so the refusal comes from the access policy, not validation.
  const SAMPLES: Record<string, { path: string; body?: unknown }> = {
    'get /v1/oversight/escalations': { path: '/v1/oversight/escalations' },
    'get /v1/oversight/escalations/:id/:index/review': {
      path: '/v1/oversight/escalations/ix-alex-2/0/review',
    },
    'put /v1/oversight/escalations/:id/:index/review': {
      path: '/v1/oversight/escalations/ix-alex-2/0/review',
      body: { whatHappened: 'x', protocolFollowed: 'yes' },
    },
    'post /v1/oversight/audit/search': { path: '/v1/oversight/audit/search', body: {} },
    'post /v1/oversight/audit/export': { path: '/v1/oversight/audit/export', body: {} },
    'get /v1/oversight/audit/verify': { path: '/v1/oversight/audit/verify' },
    'get /v1/oversight/access-anomalies': {
      path: '/v1/oversight/access-anomalies?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
    },
    'get /v1/oversight/retention': { path: '/v1/oversight/retention' },
    'put /v1/oversight/retention': { path: '/v1/oversight/retention', body: { legalHold: true } },
    'put /v1/oversight/holds/:id': { path: '/v1/oversight/holds/ix-alex-1', body: { hold: true } },
    'get /v1/oversight/deactivations': { path: '/v1/oversight/deactivations' },
    'get /v1/admin/users': { path: '/v1/admin/users' },
    'post /v1/admin/users': {
      path: '/v1/admin/users',
      body: { id: 'x', displayName: 'X', roles: ['admin'] },
    },
    'put /v1/admin/users/:id': { path: '/v1/admin/users/alex', body: { roles: ['admin'] } },
    'post /v1/admin/users/:id/deactivate': { path: '/v1/admin/users/sam/deactivate' },
    'get /v1/admin/api-keys': { path: '/v1/admin/api-keys' },
    'post /v1/admin/api-keys': { path: '/v1/admin/api-keys', body: { name: 'mine', roles: ['admin'] } },
    'post /v1/admin/api-keys/:id/revoke': { path: '/v1/admin/api-keys/key_x/revoke' },
    'get /v1/admin/connections': { path: '/v1/admin/connections' },
    'post /v1/admin/connections/:platform/test': { path: '/v1/admin/connections/genesys/test' },
    'post /v1/admin/connections/:platform/sync': { path: '/v1/admin/connections/genesys/sync' },
    'post /v1/admin/playbooks/check': { path: '/v1/admin/playbooks/check', body: { yaml: 'id: x' } },
    'get /v1/admin/playbooks/:id/yaml': { path: '/v1/admin/playbooks/healthcare-inbound/yaml' },
    'get /v1/admin/playbooks/:id/diff': { path: '/v1/admin/playbooks/healthcare-inbound/diff?from=1&to=1' },
    'post /v1/admin/playbooks/:id/publish': {
      path: '/v1/admin/playbooks/healthcare-inbound/publish',
      body: { yaml: 'id: x', note: 'n' },
    },
    'post /v1/admin/playbooks/try': {
      path: '/v1/admin/playbooks/try',
      body: { playbookId: 'healthcare-inbound', transcript: '[00:00] Agent: hello' },
    },
  };
  const mine = ROUTES.filter((r) => /^\/v1\/(oversight|admin)\//.test(r.path));

  it('has a sample request for each route', () => {
    expect(mine.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it('answers 401 without credentials and refuses an agent (403 or 404) on each', async () => {
    const alex = await h.as('alex');
    for (const r of mine) {
      const s = SAMPLES[`${r.method} ${r.path}`]!;
      const anon = await h.call(r.method.toUpperCase(), s.path, '', s.body);
      expect({ route: s.path, status: anon.status }).toEqual({ route: s.path, status: 401 });
      const agent = await h.call(r.method.toUpperCase(), s.path, alex, s.body);
      expect({ route: s.path, refused: [403, 404].includes(agent.status) }).toEqual({
        route: s.path,
        refused: true,
      });
    }
  });
});
