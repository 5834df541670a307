// Webhook refusals answer in the API's error shape, `{ error: { code, message } }`, with their own
// status codes; and /openapi.json lists a webhook only when the server actually serves it.
import winston from 'winston';
import { signWebhook } from '@teachback/adapter-genesys';
import { connectorKey } from '@teachback/adapter-five9';
import { createLogger } from '@teachback/adapter-logger';
import { startServer, type RunningServer, type ServerOptions } from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';

const GENESYS_SECRET = 'genesys-webhook-secret-for-shape-tests';
const FIVE9_SECRET = 'five9-connector-secret-for-shape-tests-0123456789';

let fx: Fixture;
let served: RunningServer;
let bare: RunningServer;

function start(webhooks: ServerOptions['webhooks']): Promise<RunningServer> {
  return startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    ...(webhooks ? { webhooks } : {}),
  });
}

beforeAll(async () => {
  fx = await seed();
  served = await start({
    genesys: {
      secretsFor: (t) => (t === 'clinic' ? [GENESYS_SECRET] : undefined),
      scheduler: { schedule: async () => 'scheduled' },
      replay: { remember: async () => true },
    },
    five9: { secrets: [FIVE9_SECRET], scheduler: { schedule: async () => true } },
  });
  bare = await start(undefined);
});
afterAll(async () => {
  await served?.close();
  await bare?.close();
  await fx?.close();
});

async function send(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

function genesysSigned(body: string, secret = GENESYS_SECRET, tsSec = Math.floor(Date.now() / 1000)) {
  return {
    'Content-Type': 'application/json',
    'webhook-id': `msg-${Math.random()}`,
    'webhook-timestamp': String(tsSec),
    'webhook-signature': signWebhook(secret, 'other-id', tsSec, body),
  };
}

const apiShape = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('Genesys webhook errors', () => {
  const url = () => `${served.url}/webhooks/genesys/clinic`;
  it.each([
    [
      'an unknown tenant',
      404,
      'WEBHOOK.UNKNOWN_TENANT',
      () => ({ url: `${served.url}/webhooks/genesys/nobody`, headers: {} }),
    ],
    [
      'no signature',
      401,
      'WEBHOOK.UNSIGNED',
      () => ({ url: url(), headers: { 'Content-Type': 'application/json' } }),
    ],
    [
      'a stale timestamp',
      401,
      'WEBHOOK.STALE',
      () => ({
        url: url(),
        headers: genesysSigned('{}', GENESYS_SECRET, Math.floor(Date.now() / 1000) - 3600),
      }),
    ],
    ['a wrong signature', 401, 'WEBHOOK.BAD_SIGNATURE', () => ({ url: url(), headers: genesysSigned('{}') })],
  ])('%s answers %i in the API error shape', async (_what, status, code, target) => {
    const { url: to, headers } = target();
    const r = await send(to, { method: 'POST', headers, body: '{}' });
    expect(r.status).toBe(status);
    expect(r.json).toEqual(apiShape(code));
  });

  it('a signed body that is not a conversation end answers 400 in the API error shape', async () => {
    const body = JSON.stringify({ nothing: true });
    const ts = Math.floor(Date.now() / 1000);
    const r = await send(url(), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': 'msg-bad-body',
        'webhook-timestamp': String(ts),
        'webhook-signature': signWebhook(GENESYS_SECRET, 'msg-bad-body', ts, body),
      },
      body,
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(apiShape('WEBHOOK.INVALID_BODY'));
  });
});

describe('Five9 Web Connector errors', () => {
  const url = (q: Record<string, string>) => `${served.url}/webhooks/five9?${new URLSearchParams(q)}`;
  const event = { tb_tenant: 'clinic', tb_event: 'OnCallDisconnected', call_id: 'call-9' };
  it('a key that is not a key answers 400 in the API error shape', async () => {
    const r = await send(url({ ...event, tb_key: 'secret1' }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual(apiShape('FIVE9.WEB_CONNECTOR_INVALID'));
  });
  it('a key for another tenant answers 401 in the API error shape', async () => {
    const r = await send(url({ ...event, tb_key: connectorKey(FIVE9_SECRET, 'elsewhere') }));
    expect(r.status).toBe(401);
    expect(r.json).toEqual(apiShape('FIVE9.WEB_CONNECTOR_UNAUTHORIZED'));
  });
  it('another method answers 405 in the API error shape', async () => {
    const r = await send(url(event), { method: 'PUT' });
    expect(r.status).toBe(405);
    expect(r.json).toEqual(apiShape('HTTP.METHOD_NOT_ALLOWED'));
  });
  it('a good call still answers its success body', async () => {
    const r = await send(url({ ...event, tb_key: connectorKey(FIVE9_SECRET, 'clinic') }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, scheduled: ['clinic:five9:call-9:post-call'] });
  });
});

describe('OpenAPI lists the webhooks served', () => {
  it('lists both when both are configured', async () => {
    const r = await send(`${served.url}/openapi.json`);
    const paths = (r.json as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/webhooks/genesys/{tenantId}', '/webhooks/five9']),
    );
  });
  it('lists neither when none is configured, and the routes answer 404', async () => {
    const r = await send(`${bare.url}/openapi.json`);
    const paths = Object.keys((r.json as { paths: Record<string, unknown> }).paths);
    expect(paths.filter((p) => p.startsWith('/webhooks'))).toEqual([]);
    expect((await send(`${bare.url}/webhooks/five9`)).status).toBe(404);
  });
});
