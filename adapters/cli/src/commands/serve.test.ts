import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { signWebhook } from '@teachback/adapter-genesys';
import { JobLedger, LedgerQuarantine } from '@teachback/adapter-jobs';
import { five9ConnectorKey, hashApiKey, type RunningServer } from '@teachback/adapter-server';
import { startGenesysSimulator } from '@teachback/simulator-genesys';
import { loadSettings } from '@teachback/config';
import { five9KeyFor, startServe } from './serve';
import { serveFanout } from './serve-live';

/** The settings `teachback serve --config <file>` runs with, from an environment built here. */
const loadServeConfig = (file: string | undefined, env: Record<string, string>) =>
  loadSettings({ env, ...(file ? { file } : {}) });

const API_KEY = 'tbk_serve_test_key_0123456789abcdef';
const INTEGRATION_KEY = 'tbk_serve_test_integration_0123456789';
const VIEWER_KEY = 'tbk_serve_test_crm_viewer_0123456789ab';
const CANARY_PASSWORD = 'canary-five9-password-serve-5Tq';
const WEBHOOK_SECRET = 'serve-test-webhook-secret-0123';
// As the README shows: two secrets of 32+ characters (`openssl rand -hex 32`), current first.
const FIVE9_SECRETS = ['a1'.repeat(32), 'b2'.repeat(32)];
const SURVEY_SECRET = 'c3'.repeat(20);

describe('serve config', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-serve-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the file, lets TEACHBACK_* variables override it, and fills defaults', () => {
    const file = path.join(dir, 'ok.json');
    fs.writeFileSync(file, JSON.stringify({ server: { port: 9000, host: '127.0.0.1' } }));
    const c = loadServeConfig(file, {
      PORT: '9100',
      TEACHBACK_OIDC_ISSUER: 'https://login.example.org',
      TEACHBACK_OIDC_AUDIENCE: 'teachback',
      TEACHBACK_OIDC_JWKS_URL: 'https://login.example.org/jwks',
      TEACHBACK_API_KEYS: JSON.stringify([{ id: 'k', tenantId: 't', sha256: hashApiKey('x') }]),
    });
    expect(c).toMatchObject({
      server: { port: 9100, host: '127.0.0.1', rateLimitPerMinute: 600 },
      auth: { oidc: { issuer: 'https://login.example.org', tenantClaim: 'tenant_id' } },
    });
    expect(c.auth.apiKeys[0]).toMatchObject({ id: 'k', roles: ['integration'] });
  });

  it('names an unknown setting and a bad one', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadServeConfig(file, {})).toThrow(/prot/);
    expect(() => loadServeConfig(undefined, { TEACHBACK_API_KEYS: 'not json' })).toThrow(
      'TEACHBACK_API_KEYS: not valid JSON',
    );
    expect(() =>
      loadServeConfig(undefined, { TEACHBACK_OIDC_ISSUER: 'https://i', TEACHBACK_OIDC_AUDIENCE: 'a' }),
    ).toThrow(/jwksUrl or hs256Secret/);
  });

  it('names TEACHBACK_FIVE9_CONNECTOR_SECRETS when a secret is too short, without echoing it', () => {
    const load = () => loadServeConfig(undefined, { TEACHBACK_FIVE9_CONNECTOR_SECRETS: 'secret1,secret2' });
    expect(load).toThrow(/^TEACHBACK_FIVE9_CONNECTOR_SECRETS: secret 1 of 2: .*32 characters/);
    expect(load).not.toThrow(/secret1/);
    expect(() => loadServeConfig(undefined, { TEACHBACK_FIVE9_CONNECTOR_SECRETS: ' , ' })).toThrow(
      /^TEACHBACK_FIVE9_CONNECTOR_SECRETS: /,
    );
  });

  it('names TEACHBACK_GENESYS_WEBHOOK_SECRETS when it holds a bad secret', () => {
    expect(() =>
      loadServeConfig(undefined, {
        TEACHBACK_GENESYS_WEBHOOK_SECRETS: JSON.stringify({ clinic: ['short'] }),
      }),
    ).toThrow(/^TEACHBACK_GENESYS_WEBHOOK_SECRETS: clinic\[0\]: .*16 characters/);
  });

  it('reads TEACHBACK_GENESYS_LIVE (default on) and names it when it is not true or false', () => {
    expect(loadServeConfig(undefined, {}).server.genesysLive).toBe(true);
    expect(loadServeConfig(undefined, { TEACHBACK_GENESYS_LIVE: 'false' }).server.genesysLive).toBe(false);
    expect(() => loadServeConfig(undefined, { TEACHBACK_GENESYS_LIVE: 'off' })).toThrow(
      /^TEACHBACK_GENESYS_LIVE: /,
    );
  });

  it('encrypts a cross-process fan-out under the listed key, else one from the master key, and refuses neither', async () => {
    const listed = loadServeConfig(undefined, {
      TEACHBACK_LIVE_FANOUT: 'redis://127.0.0.1:6379',
      TEACHBACK_LIVE_FANOUT_KEYS: `${'4f'.repeat(32)},${Buffer.alloc(32, 9).toString('base64')}`,
    });
    expect(listed.server.liveFanoutKeys).toHaveLength(2);
    const a = serveFanout({ server: listed.server, keys: {} });
    expect(a?.constructor.name).toBe('EncryptedFanout');
    await a?.close();
    const derived = loadServeConfig(undefined, {
      TEACHBACK_LIVE_FANOUT: 'redis://127.0.0.1:6379',
      TEACHBACK_MASTER_KEY: 'ab'.repeat(32),
    });
    const b = serveFanout({ server: derived.server, keys: derived.keys });
    expect(b?.constructor.name).toBe('EncryptedFanout');
    await b?.close();
    expect(() => serveFanout({ server: derived.server, keys: {} })).toThrow(
      /^TEACHBACK_LIVE_FANOUT_KEYS: needed/,
    );
    // One process: nothing crosses a process, nothing to encrypt.
    expect(
      serveFanout({
        server: loadServeConfig(undefined, { TEACHBACK_LIVE_FANOUT: 'memory' }).server,
        keys: {},
      })?.kind,
    ).toBe('memory');
    const bad = () => loadServeConfig(undefined, { TEACHBACK_LIVE_FANOUT_KEYS: 'short-key' });
    expect(bad).toThrow(/^TEACHBACK_LIVE_FANOUT_KEYS: /);
    expect(bad).not.toThrow(/short-key/);
  });

  it('prints the tb_key for a tenant only when Five9 secrets are set', () => {
    const config = loadServeConfig(undefined, { TEACHBACK_FIVE9_CONNECTOR_SECRETS: FIVE9_SECRETS.join(',') });
    expect(five9KeyFor(config, 'clinic')).toBe(five9ConnectorKey(FIVE9_SECRETS[0]!, 'clinic'));
    expect(() => five9KeyFor(loadServeConfig(undefined, {}), 'clinic')).toThrow(
      /TEACHBACK_FIVE9_CONNECTOR_SECRETS: not set/,
    );
    expect(() => five9KeyFor(config, 'no such tenant!')).toThrow(/tenant: /);
  });
});

describe('teachback serve wiring', () => {
  let dir: string;
  let store: SqlStore;
  let server: RunningServer;
  let five9Key: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-serve-'));
    store = await openStore({
      url: `sqlite:${path.join(dir, 'tb.db')}`,
      keys: new LocalKeyProvider(Buffer.alloc(32, 3)),
    });
    await store.tenants.create({ id: 'clinic', name: 'Clinic' });
    const config = loadServeConfig(undefined, {
      PORT: '0',
      TEACHBACK_HOST: '127.0.0.1',
      TEACHBACK_API_KEYS: JSON.stringify([
        { id: 'ops', tenantId: 'clinic', sha256: hashApiKey(API_KEY), roles: ['admin'] },
        { id: 'sync', tenantId: 'clinic', sha256: hashApiKey(INTEGRATION_KEY), roles: ['integration'] },
        { id: 'crm', tenantId: 'clinic', sha256: hashApiKey(VIEWER_KEY), roles: ['crm-viewer'] },
      ]),
      TEACHBACK_GENESYS_WEBHOOK_SECRETS: JSON.stringify({ clinic: [WEBHOOK_SECRET] }),
      TEACHBACK_FIVE9_CONNECTOR_SECRETS: FIVE9_SECRETS.join(','),
      TEACHBACK_SURVEY_SECRET: SURVEY_SECRET,
      TEACHBACK_SURVEY_BASE_URL: 'https://survey.example.test',
      TEACHBACK_METRICS_FCR_WINDOW_DAYS: '3',
    });
    five9Key = five9KeyFor(config, 'clinic');
    server = await startServe(config, store);
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = async (route: string, key = API_KEY) => {
    const res = await fetch(`${server.url}${route}`, { headers: { Authorization: `ApiKey ${key}` } });
    return { status: res.status, json: (await res.json()) as any };
  };
  const post = async (route: string, body: unknown, key = API_KEY) => {
    const res = await fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { Authorization: `ApiKey ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as any };
  };

  it("mints survey links and serves metrics with the tenant's definitions from the settings", async () => {
    const system = {
      actor: {
        kind: 'system' as const,
        id: 'test',
        tenantId: 'clinic',
        roles: ['integration' as const],
        teamIds: [],
        agentIds: [],
        active: true,
      },
    };
    const saved = await store.interactions.save(system, 'clinic', {
      interaction: {
        id: 'i-survey',
        tenantId: 'clinic',
        source: { platform: 'genesys', externalId: 'conv-survey' },
        channel: 'voice',
        direction: 'inbound',
        startedAt: '2026-11-02T15:00:00.000Z',
        participants: [],
        recordings: [],
        attributes: {},
      },
    });
    const link = await post(`/v1/interactions/${saved.id}/survey-link`, {});
    expect(link.status).toBe(201);
    expect(link.json.url).toMatch(/^https:\/\/survey\.example\.test\/survey\/[\w.-]+$/);
    const page = await fetch(link.json.url.replace('https://survey.example.test', server.url));
    expect(page.status).toBe(200);
    const metrics = await get('/v1/metrics?from=2026-11-02&to=2026-11-09&by=agent');
    expect(metrics.status).toBe(200);
    expect(metrics.json.fcrWindowDays).toBe(3);
  });

  it('lists quarantined records by platform and page, to those who may read connections', async () => {
    const q = new LedgerQuarantine(store.driver);
    for (let i = 0; i < 3; i++) {
      await q.add({
        tenantId: 'clinic',
        platform: 'salesforce',
        kind: 'Task',
        ref: `00T00000000000${i}`,
        reason: 'LastModifiedDate: not an ISO date-time',
        at: `2026-11-0${i + 1}T00:00:00.000Z`,
      });
    }
    await q.add({
      tenantId: 'clinic',
      platform: 'five9',
      kind: 'report-row',
      ref: 'line 9',
      reason: 'TIMESTAMP: not a time',
      at: '2026-11-05T00:00:00.000Z',
    });
    const page = await get('/v1/sync/quarantine?platform=salesforce&limit=2');
    expect(page.status).toBe(200);
    expect(page.json.items.map((e: { ref: string }) => e.ref)).toEqual([
      '00T000000000002',
      '00T000000000001',
    ]);
    expect(page.json.items[0]).toMatchObject({
      platform: 'salesforce',
      kind: 'Task',
      reason: expect.any(String),
    });
    expect(page.json.next).toBe(2);
    const rest = await get('/v1/sync/quarantine?platform=salesforce&limit=2&offset=2');
    expect(rest.json).toMatchObject({ items: [{ ref: '00T000000000000' }], next: null });
    expect((await get('/v1/sync/quarantine', INTEGRATION_KEY)).json.items).toHaveLength(4);
    expect((await get('/v1/sync/quarantine', VIEWER_KEY)).status).toBe(403);
    const bad = await get('/v1/sync/quarantine?platform=zoom&limit=0&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual(
      expect.arrayContaining(['query.platform', 'query.limit', 'query.colour']),
    );
  });

  it('connects a platform for an admin, audited, and never answers with a secret', async () => {
    const genesys = await startGenesysSimulator({
      conversations: 2,
      rateLimitPerMinute: 100_000,
      clients: [{ clientId: 'sim-client', clientSecret: CANARY_PASSWORD }],
    });
    const body = {
      settings: { orgId: 'sim-org', region: 'us_east_1', gateway: genesys.url, evaluatorUserId: 'eval-1' },
      credentials: { clientId: 'sim-client', clientSecret: CANARY_PASSWORD },
    };
    const r = await post('/v1/connections/genesys', body);
    await genesys.close();
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ platform: 'genesys', ok: true, missing: [] });
    expect(r.json.provisioned.length).toBeGreaterThan(0);
    expect(r.text).not.toContain(CANARY_PASSWORD);
    const system = {
      actor: {
        kind: 'system' as const,
        id: 'test',
        tenantId: 'clinic',
        roles: ['admin' as const, 'compliance' as const],
        teamIds: [],
        agentIds: [],
        active: true,
      },
    };
    expect((await store.tenants.readConnection(system, 'clinic', 'genesys')).credentials).toMatchObject({
      clientSecret: CANARY_PASSWORD,
    });
    const trail = await store.audit.read(system, 'clinic');
    const connected = trail.filter((e) => e.action === 'connection.connect');
    expect(connected).toEqual([
      expect.objectContaining({
        outcome: 'success',
        resourceId: 'genesys',
        actorId: expect.stringContaining('ops'),
      }),
    ]);
    expect(JSON.stringify(trail)).not.toContain(CANARY_PASSWORD);

    expect((await post('/v1/connections/genesys', body, INTEGRATION_KEY)).status).toBe(403);
    const invalid = await post('/v1/connections/five9', {
      settings: { gateway: 'http://127.0.0.1:9' },
      credentials: { username: 'api.sync@clinic.example', password: CANARY_PASSWORD },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({
      code: 'CONNECT.INVALID',
      message: expect.stringContaining('settings.initialStart'),
    });
    expect(invalid.text).not.toContain(CANARY_PASSWORD);
    expect(
      (await store.audit.read(system, 'clinic')).filter((e) => e.action === 'connection.connect').at(-1),
    ).toMatchObject({
      outcome: 'failure',
    });
    const unknown = await post('/v1/connections/zoom', body);
    expect(unknown).toMatchObject({ status: 400, json: { error: { fields: ['path.platform'] } } });
    const extra = await post('/v1/connections/five9', { ...body, password: CANARY_PASSWORD });
    expect(extra.status).toBe(400);
    expect(extra.text).not.toContain(CANARY_PASSWORD);

    const doc = (await get('/openapi.json')).json;
    expect(Object.keys(doc.paths['/v1/connections/{platform}'])).toEqual(['post']);
    expect(doc.paths['/v1/sync/quarantine'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'platform',
      'limit',
      'offset',
    ]);
  });

  it('answers readiness and reports sync status and dead letters from the jobs ledger', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const status = await get('/v1/sync/status');
    expect(status).toMatchObject({ status: 200, json: { tenantId: 'clinic', state: 'idle' } });
    expect(await get('/v1/sync/dead-letters')).toEqual({
      status: 200,
      json: { items: [], nextCursor: null },
    });
    const retry = await fetch(`${server.url}/v1/sync/dead-letters/nope/retry`, {
      method: 'POST',
      headers: { Authorization: `ApiKey ${API_KEY}` },
    });
    expect(retry.status).toBe(404);
    expect(await retry.json()).toMatchObject({ error: { code: 'STORE.NOT_FOUND' } });
  });

  it('turns a signed Genesys conversation end into one sync job in the ledger', async () => {
    const body = JSON.stringify({ conversationId: 'conv-9' });
    const ts = Math.floor(Date.now() / 1000);
    const send = (id: string) =>
      fetch(`${server.url}/webhooks/genesys/clinic`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(ts),
          'webhook-signature': signWebhook(WEBHOOK_SECRET, id, ts, body),
        },
        body,
      });
    expect((await send('m-1')).status).toBe(202);
    // Genesys retries with a new delivery id: still the same job.
    expect(await (await send('m-2')).json()).toMatchObject({ duplicate: true });
    const jobs = await new JobLedger(store.driver).all('clinic');
    expect(jobs.filter((j) => j.step === 'sync').map((j) => j.externalId)).toEqual(['recent:conv-9']);
  });

  it('takes a Five9 Web Connector call with the key `serve --five9-connector-key` prints, and one under the previous secret', async () => {
    const call = (key: string, callId: string) =>
      fetch(
        `${server.url}/webhooks/five9?${new URLSearchParams({ tb_tenant: 'clinic', tb_key: key, tb_event: 'OnCallDisconnected', call_id: callId })}`,
      );
    expect((await call(five9Key, 'call-1')).status).toBe(200);
    expect((await call(five9ConnectorKey(FIVE9_SECRETS[1]!, 'clinic'), 'call-2')).status).toBe(200);
    const jobs = await new JobLedger(store.driver).all('clinic');
    expect(jobs.filter((j) => j.platform === 'five9').map((j) => j.externalId)).toEqual(
      expect.arrayContaining(['post-call:call-1', 'post-call:call-2']),
    );
  });
});
