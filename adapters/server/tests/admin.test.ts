// The admin routes: users and roles, API keys, connection tests, the playbook editor. Each is
// checked for auth, a 400 naming the field, and an agent being refused.
import winston from 'winston';
import { parse as parseYaml, stringify } from 'yaml';
import { createLogger } from '@teachback/adapter-logger';
import { issueSessionToken, startServer, type RunningServer, type ConnectionOperations } from '../src';
import { JobLedger, migrateJobs, requestSyncNow } from '@teachback/adapter-store';
import { AUDIENCE, CRISIS_CALL, ISSUER, SECRET, seed, system, type Fixture } from './fixture';

let fx: Fixture;
let server: RunningServer;
let connectResult: () => Promise<Awaited<ReturnType<ConnectionOperations['connect']>>>;
const connectCalls: Array<{ platform: string; settings: unknown }> = [];
// "Sync now" on the store's real job ledger (the runners that work it are tested in adapters/jobs).
let ledger: JobLedger;

beforeAll(async () => {
  fx = await seed();
  await migrateJobs(fx.store.driver);
  ledger = new JobLedger(fx.store.driver);
  server = await startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: fx.store.playbooks,
    // Stands in for adapters/jobs connect (the platform side is tested there); records what it was given.
    connections: {
      connect: async (_tenantId, platform, c) => {
        connectCalls.push({ platform, settings: c.settings });
        return connectResult();
      },
    },
    sync: {
      status: async () => ({ streams: [] }),
      deadLetters: async () => [],
      retryDeadLetter: async () => ({}),
      syncNow: (tenantId, platform) => requestSyncNow(ledger, tenantId, platform),
    },
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
  });
});
afterAll(async () => {
  await server?.close();
  await fx?.close();
});

const as = async (userId: string) =>
  `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: 'clinic' })}`;
async function call(method: string, route: string, auth: string, body?: unknown) {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { Authorization: auth, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
}

describe('users and roles', () => {
  it('adds a user, changes their roles, and names bad fields', async () => {
    const ada = await as('ada');
    const add = await call('POST', '/v1/admin/users', ada, {
      id: 'drew',
      displayName: 'Drew Supervisor',
      roles: ['agent'],
      teamIds: ['team-1'],
    });
    expect(add.status).toBe(201);
    const up = await call('PUT', '/v1/admin/users/drew', ada, { roles: ['supervisor'] });
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({ id: 'drew', roles: ['supervisor'], teamIds: ['team-1'] });
    // Drew's next request already has the supervisor's view.
    expect((await call('GET', '/v1/oversight/escalations', await as('drew'))).status).toBe(200);
    const list = await call('GET', '/v1/admin/users', ada);
    expect(list.json.items.map((u: any) => u.id)).toContain('drew');
    const bad = await call('PUT', '/v1/admin/users/drew', ada, { roles: ['wizard'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual(['body.roles[0]']);
    expect((await call('PUT', '/v1/admin/users/drew', ada, {})).json.error.fields).toEqual(['body.roles']);
    const self = await call('PUT', '/v1/admin/users/ada', ada, { roles: ['agent'] });
    expect(self.status).toBe(409);
  });

  it('refuses agents and supervisors', async () => {
    for (const who of ['alex', 'sam']) {
      const auth = await as(who);
      expect(
        (await call('POST', '/v1/admin/users', auth, { id: 'x', displayName: 'X', roles: ['admin'] })).status,
      ).toBe(403);
      expect((await call('PUT', '/v1/admin/users/alex', auth, { roles: ['admin'] })).status).toBe(403);
      expect((await call('POST', '/v1/admin/users/blair/deactivate', auth)).status).toBe(403);
    }
    expect((await call('GET', '/v1/admin/users', await as('alex'))).status).toBe(403);
  });
});

describe('API keys', () => {
  it('shows a new key once, accepts it, and refuses it once revoked', async () => {
    const ada = await as('ada');
    const made = await call('POST', '/v1/admin/api-keys', ada, {
      name: 'Salesforce connector',
      roles: ['crm-viewer'],
    });
    expect(made.status).toBe(201);
    const key = made.json.key as string;
    expect(key).toMatch(/^tbk_/);
    const list = await call('GET', '/v1/admin/api-keys', ada);
    expect(list.json.items).toEqual([
      expect.objectContaining({ id: made.json.id, name: 'Salesforce connector', revokedAt: null }),
    ]);
    expect(JSON.stringify(list.json)).not.toContain(key);
    expect((await call('GET', '/v1/interactions', `ApiKey ${key}`)).status).toBe(200);
    expect((await call('POST', `/v1/admin/api-keys/${made.json.id}/revoke`, ada)).json.revokedBy).toBe('ada');
    expect((await call('GET', '/v1/interactions', `ApiKey ${key}`)).status).toBe(401);
  });

  it('names bad fields and refuses agents', async () => {
    const bad = await call('POST', '/v1/admin/api-keys', await as('ada'), { name: 'x', roles: ['root'] });
    expect(bad.json.error.fields).toEqual(['body.roles[0]']);
    const alex = await as('alex');
    expect((await call('GET', '/v1/admin/api-keys', alex)).status).toBe(403);
    expect((await call('POST', '/v1/admin/api-keys', alex, { name: 'mine' })).status).toBe(403);
    expect((await call('POST', '/v1/admin/api-keys/key_x/revoke', alex)).status).toBe(403);
  });
});

describe('connections', () => {
  it('tests a stored connection with its stored settings and keeps the result', async () => {
    await fx.store.tenants.writeConnection(system('clinic', ['admin']), 'clinic', {
      id: 'five9',
      platform: 'five9',
      settings: { domain: 'Riverbend' },
      credentials: { username: 'svc', password: 'pw-secret' },
    });
    const ada = await as('ada');
    connectResult = async () => ({ ok: true, missing: [], skipped: [{ capability: 'recordings' }] });
    const ok = await call('POST', '/v1/admin/connections/five9/test', ada);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ platform: 'five9', ok: true, checkedBy: 'ada' });
    expect(connectCalls.at(-1)).toEqual({ platform: 'five9', settings: { domain: 'Riverbend' } });
    connectResult = async () => {
      throw Object.assign(new Error('refused'), { code: 'FIVE9.UNAUTHORIZED' });
    };
    const failed = await call('POST', '/v1/admin/connections/five9/test', ada);
    expect(failed.json).toMatchObject({ ok: false, report: { error: 'CONNECTION.TEST_FAILED' } });
    const list = await call('GET', '/v1/admin/connections', ada);
    expect(list.json.items).toEqual([
      expect.objectContaining({ platform: 'five9', lastCheck: expect.objectContaining({ ok: false }) }),
    ]);
    expect(JSON.stringify(list.json)).not.toContain('pw-secret');
    expect((await call('POST', '/v1/admin/connections/genesys/test', ada)).status).toBe(404);
    expect((await call('POST', '/v1/admin/connections/zoom/test', ada)).json.error.fields).toEqual([
      'path.platform',
    ]);
    expect((await call('POST', '/v1/admin/connections/five9/test', await as('alex'))).status).toBe(403);
    expect((await call('GET', '/v1/admin/connections', await as('alex'))).status).toBe(403);
  });

  it('syncs a connected platform now: one job at a time, audited, admins only', async () => {
    await fx.store.tenants.writeConnection(system('clinic', ['admin']), 'clinic', {
      id: 'genesys',
      platform: 'genesys',
      settings: { region: 'mypurecloud.com' },
      credentials: { clientId: 'id', clientSecret: 'genesys-secret' },
    });
    const ada = await as('ada');
    const first = await call('POST', '/v1/admin/connections/genesys/sync', ada);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ platform: 'genesys', state: 'queued', outcome: 'enqueued' });
    const again = await call('POST', '/v1/admin/connections/genesys/sync', ada);
    expect(again.json).toEqual({ ...first.json, outcome: 'already-queued' });
    expect(await ledger.get(first.json.key)).toMatchObject({ state: 'queued', payload: { mode: 'recent' } });
    // A worker takes it: asking again reports the running sync.
    expect(await ledger.start(first.json.key)).toBe(true);
    expect((await call('POST', '/v1/admin/connections/genesys/sync', ada)).json.outcome).toBe(
      'already-running',
    );
    const trail = await fx.store.audit.read(system('clinic', ['compliance']), 'clinic', { limit: 10_000 });
    const requests = trail.filter((e) => e.action === 'sync.request');
    expect(requests.map((e) => [e.actorId, e.resourceId, e.details.outcome])).toEqual([
      ['user:ada', 'genesys', 'enqueued'],
      ['user:ada', 'genesys', 'already-queued'],
      ['user:ada', 'genesys', 'already-running'],
    ]);
    expect(JSON.stringify(requests)).not.toContain('genesys-secret');
    // Not connected, not a platform, not an admin.
    expect((await call('POST', '/v1/admin/connections/salesforce/sync', ada)).status).toBe(404);
    expect((await call('POST', '/v1/admin/connections/zoom/sync', ada)).json.error.fields).toEqual([
      'path.platform',
    ]);
    for (const user of ['alex', 'sam', 'cora'])
      expect((await call('POST', '/v1/admin/connections/genesys/sync', await as(user))).status).toBe(403);
    expect((await call('POST', '/v1/admin/connections/genesys/sync', '')).status).toBe(401);
    expect((await ledger.all('clinic')).map((j) => j.key)).toEqual([first.json.key]);
  });
});

describe('playbook editor', () => {
  it('shows YAML problems at their line, publishes a version, and the next scoring uses it', async () => {
    const ada = await as('ada');
    const broken = await call('POST', '/v1/admin/playbooks/check', ada, {
      yaml: 'id: x\ntitle: [unclosed\n',
    });
    expect(broken.json.valid).toBe(false);
    expect(broken.json.problems[0].line).toBeGreaterThanOrEqual(2);

    const current = await call('GET', '/v1/admin/playbooks/healthcare-inbound/yaml', ada);
    expect(current.status).toBe(200);
    expect(current.json.version).toBe(1);
    const doc = parseYaml(current.json.yaml as string) as {
      criteria: Array<Record<string, unknown>>;
      live?: Array<Record<string, unknown>>;
    };
    const dropped = doc.criteria[0]!.id as string;
    const wrong = stringify({
      ...doc,
      criteria: [{ ...doc.criteria[1], weight: 'heavy' }, ...doc.criteria.slice(2)],
    });
    const checked = await call('POST', '/v1/admin/playbooks/check', ada, { yaml: wrong });
    expect(checked.json.valid).toBe(false);
    const p = checked.json.problems[0];
    expect(p.path).toBe('criteria[0].weight');
    expect(wrong.split('\n')[p.line - 1]).toContain('weight: heavy');

    // Live prompts serving the dropped criterion go with it (the checker refuses a dangling one).
    const edited = stringify({
      ...doc,
      criteria: doc.criteria.slice(1),
      live: doc.live?.filter((p) => p.criterion !== dropped),
    });
    expect((await call('POST', '/v1/admin/playbooks/check', ada, { yaml: edited })).json).toMatchObject({
      valid: true,
    });
    const draft = await call('POST', '/v1/admin/playbooks/try', ada, {
      yaml: edited,
      transcript: CRISIS_CALL,
    });
    expect(draft.json.playbook.version).toBe('draft');
    expect(draft.json.findings.map((f: any) => f.criterionId)).not.toContain(dropped);

    const badPublish = await call('POST', '/v1/admin/playbooks/healthcare-inbound/publish', ada, {
      yaml: wrong,
      note: 'x',
    });
    expect(badPublish.status).toBe(400);
    expect(badPublish.json.error.message).toMatch(/line \d+, column \d+/);
    const noNote = await call('POST', '/v1/admin/playbooks/healthcare-inbound/publish', ada, {
      yaml: edited,
    });
    expect(noNote.json.error.fields).toEqual(['body.note']);
    const pub = await call('POST', '/v1/admin/playbooks/healthcare-inbound/publish', ada, {
      yaml: edited,
      note: `drop ${dropped}`,
      effectiveFrom: '2026-01-01',
    });
    expect(pub.status).toBe(201);
    expect(pub.json).toMatchObject({ id: 'healthcare-inbound', version: 2, author: 'ada' });

    const next = await call('POST', '/v1/admin/playbooks/try', ada, {
      playbookId: 'healthcare-inbound',
      date: '2026-11-20',
      transcript: CRISIS_CALL,
    });
    expect(next.json.playbook).toEqual({ id: 'healthcare-inbound', version: 2 });
    expect(next.json.findings.map((f: any) => f.criterionId)).not.toContain(dropped);
    const before = await call('POST', '/v1/admin/playbooks/try', ada, {
      playbookId: 'healthcare-inbound',
      date: '2025-06-01',
      transcript: CRISIS_CALL,
    });
    expect(before.json.playbook.version).toBe(1);
    expect(before.json.findings.map((f: any) => f.criterionId)).toContain(dropped);

    const diff = await call('GET', '/v1/admin/playbooks/healthcare-inbound/diff?from=1&to=2', ada);
    expect(diff.json.removed).toBeGreaterThan(0);
    expect(
      diff.json.lines
        .filter((l: any) => l.op === '-')
        .map((l: any) => l.text)
        .join('\n'),
    ).toContain(dropped);
  });

  it('names bad fields and refuses agents and supervisors on every editor route', async () => {
    const ada = await as('ada');
    expect(
      (await call('POST', '/v1/admin/playbooks/try', ada, { transcript: 'x' })).json.error.fields,
    ).toEqual(['body.yaml']);
    expect(
      (
        await call('POST', '/v1/admin/playbooks/try', ada, {
          playbookId: 'healthcare-inbound',
          transcript: '   ',
        })
      ).json.error.fields,
    ).toEqual(['body.transcript']);
    expect(
      (await call('GET', '/v1/admin/playbooks/healthcare-inbound/diff?from=1', ada)).json.error.fields,
    ).toEqual(['query.to']);
    for (const who of ['alex', 'sam']) {
      const auth = await as(who);
      expect((await call('POST', '/v1/admin/playbooks/check', auth, { yaml: 'id: x' })).status).toBe(403);
      expect((await call('GET', '/v1/admin/playbooks/healthcare-inbound/yaml', auth)).status).toBe(403);
      expect(
        (await call('GET', '/v1/admin/playbooks/healthcare-inbound/diff?from=1&to=1', auth)).status,
      ).toBe(403);
      expect(
        (
          await call('POST', '/v1/admin/playbooks/healthcare-inbound/publish', auth, {
            yaml: 'id: x',
            note: 'n',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call('POST', '/v1/admin/playbooks/try', auth, {
            playbookId: 'healthcare-inbound',
            transcript: CRISIS_CALL,
          })
        ).status,
      ).toBe(403);
    }
  });
});
