import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { signWebhook } from '@teachback/adapter-genesys';
import { JobLedger } from '@teachback/adapter-jobs';
import { hashApiKey, type RunningServer } from '@teachback/adapter-server';
import { loadServeConfig, startServe } from './serve';

const API_KEY = 'tbk_serve_test_key_0123456789abcdef';
const WEBHOOK_SECRET = 'serve-test-webhook-secret-0123';

describe('serve config', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-serve-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the file, lets TEACHBACK_* variables override it, and fills defaults', () => {
    const file = path.join(dir, 'ok.json');
    fs.writeFileSync(file, JSON.stringify({ port: 9000, playbookDir: '/srv/playbooks' }));
    const c = loadServeConfig(file, {
      PORT: '9100',
      TEACHBACK_OIDC_ISSUER: 'https://login.example.org',
      TEACHBACK_OIDC_AUDIENCE: 'teachback',
      TEACHBACK_OIDC_JWKS_URL: 'https://login.example.org/jwks',
      TEACHBACK_API_KEYS: JSON.stringify([{ id: 'k', tenantId: 't', sha256: hashApiKey('x') }]),
    });
    expect(c).toMatchObject({
      port: 9100,
      host: '0.0.0.0',
      playbookDir: '/srv/playbooks',
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
});

describe('teachback serve wiring', () => {
  let dir: string;
  let store: SqlStore;
  let server: RunningServer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-serve-'));
    store = await openStore({
      url: `sqlite:${path.join(dir, 'tb.db')}`,
      keys: new LocalKeyProvider(Buffer.alloc(32, 3)),
    });
    await store.createTenant({ id: 'clinic', name: 'Clinic' });
    const config = loadServeConfig(undefined, {
      PORT: '0',
      TEACHBACK_HOST: '127.0.0.1',
      TEACHBACK_PLAYBOOK_DIR: path.join(dir, 'playbooks'),
      TEACHBACK_API_KEYS: JSON.stringify([
        { id: 'ops', tenantId: 'clinic', sha256: hashApiKey(API_KEY), roles: ['admin'] },
      ]),
      TEACHBACK_GENESYS_WEBHOOK_SECRETS: JSON.stringify({ clinic: [WEBHOOK_SECRET] }),
    });
    server = await startServe(config, store);
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = async (route: string) => {
    const res = await fetch(`${server.url}${route}`, { headers: { Authorization: `ApiKey ${API_KEY}` } });
    return { status: res.status, json: (await res.json()) as any };
  };

  it('answers readiness and reports sync status and dead letters from the jobs ledger', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const status = await get('/v1/sync/status');
    expect(status).toMatchObject({ status: 200, json: { tenantId: 'clinic', state: 'idle' } });
    expect(await get('/v1/sync/dead-letters')).toEqual({ status: 200, json: { items: [] } });
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
});
