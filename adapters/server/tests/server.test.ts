import * as fs from 'node:fs';
import * as path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import winston from 'winston';
import { signWebhook } from '@teachback/adapter-genesys';
import { connectorKey } from '@teachback/adapter-five9';
import { createLogger } from '@teachback/adapter-logger';
import { hashApiKey, issueSessionToken, startServer, type RunningServer } from '../src';
import { AUDIENCE, ISSUER, PATIENT_PHONE, SECRET, seed, system, type Fixture } from './fixture';

const API_KEY = 'tbk_test_integration_key_0123456789';
const GENESYS_SECRET = 'genesys-webhook-secret-0123456789';
const FIVE9_SECRET = 'five9-web-connector-secret-0123456789abcdef';

let fx: Fixture;
let server: RunningServer;
const logLines: string[] = [];
const scheduled: string[] = [];

const token = (userId: string, tenantId = 'clinic', tokenVersion = 1) =>
  issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId, tokenVersion });

async function call(
  method: string,
  route: string,
  opts: { auth?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: {
      ...(opts.auth ? { Authorization: opts.auth } : {}),
      ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}
const as = async (user: string, tenantId = 'clinic') => `Bearer ${await token(user, tenantId)}`;

beforeAll(async () => {
  fx = await seed();
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => logLines.push(chunk.toString('utf8')));
  server = await startServer({
    store: fx.store,
    storeKind: fx.store.driver.kind,
    auth: {
      oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET },
      apiKeys: [{ id: 'genesys-sync', tenantId: 'clinic', sha256: hashApiKey(API_KEY) }],
    },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Stream({ stream })] }),
    webhooks: {
      genesys: {
        secretsFor: (t) => (t === 'clinic' ? [GENESYS_SECRET] : undefined),
        scheduler: {
          schedule: async (job) => {
            const dup = scheduled.includes(job.key);
            scheduled.push(job.key);
            return dup ? 'duplicate' : 'scheduled';
          },
        },
        replay: (() => {
          const seen = new Set<string>();
          return { remember: async (id: string) => !seen.has(id) && !!seen.add(id) };
        })(),
      },
      five9: {
        secrets: [FIVE9_SECRET],
        scheduler: {
          schedule: async (job) => {
            scheduled.push(job.key);
            return true;
          },
        },
      },
    },
  });
});
afterAll(async () => {
  await server.close();
  await fx.close();
});

describe('health', () => {
  it('answers liveness and readiness without credentials', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, json: { ok: true } });
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, json: { ok: true, store: 'sqlite' } });
  });
});

describe('authentication', () => {
  it('refuses a request without credentials, with a bearer challenge', async () => {
    const r = await call('GET', '/v1/interactions');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('HTTP.UNAUTHENTICATED');
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
  });
  it('refuses a token signed with another key or for another audience', async () => {
    const forged = await issueSessionToken({
      secret: 'some-other-secret-that-is-32-characters-long',
      issuer: ISSUER,
      audience: AUDIENCE,
      userId: 'alex',
      tenantId: 'clinic',
    });
    expect((await call('GET', '/v1/interactions', { auth: `Bearer ${forged}` })).status).toBe(401);
    const wrongAud = await issueSessionToken({
      secret: SECRET,
      issuer: ISSUER,
      audience: 'something-else',
      userId: 'alex',
      tenantId: 'clinic',
    });
    expect((await call('GET', '/v1/interactions', { auth: `Bearer ${wrongAud}` })).status).toBe(401);
  });
  it('refuses a user who does not exist in the tenant named by the token', async () => {
    const r = await call('GET', '/v1/interactions', { auth: await as('nobody') });
    expect(r).toMatchObject({ status: 401, json: { error: { code: 'AUTH.REFUSED' } } });
  });
  it('accepts an integration API key and refuses an unknown one', async () => {
    const ok = await call('GET', '/v1/interactions', { auth: `ApiKey ${API_KEY}` });
    expect(ok.status).toBe(200);
    expect(ok.json.items.map((i: any) => i.id).sort()).toEqual(['ix-alex-1', 'ix-alex-2', 'ix-blair-1']);
    expect((await call('GET', '/v1/interactions', { auth: 'ApiKey tbk_wrong' })).status).toBe(401);
  });
});

describe('interactions and the access policy', () => {
  it('lists only the agent’s own interactions', async () => {
    const r = await call('GET', '/v1/interactions', { auth: await as('alex') });
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: any) => i.id).sort()).toEqual(['ix-alex-1', 'ix-alex-2']);
  });
  it('lets a supervisor filter the team’s interactions', async () => {
    const auth = await as('sam');
    const missed = await call('GET', '/v1/interactions?compliant=false', { auth });
    expect(missed.json.items.map((i: any) => i.id)).toEqual(['ix-alex-1']);
    const escalated = await call('GET', '/v1/escalations', { auth });
    expect(escalated.json.items.map((i: any) => i.id)).toEqual(['ix-alex-2']);
  });
  it('gives the agent the scorecard with evidence, and audits the read', async () => {
    const r = await call('GET', '/v1/interactions/ix-alex-1', { auth: await as('alex') });
    expect(r.status).toBe(200);
    expect(r.json.scorecard.compliant).toBe(false);
    const missed = r.json.scorecard.findings.filter((f: any) => f.status === 'missed');
    expect(missed.length).toBeGreaterThan(0);
    expect(r.json.scorecard.findings.some((f: any) => f.evidence.length > 0)).toBe(true);
    expect(r.json.coaching.length).toBeGreaterThan(0);
    const audit = await fx.store.audit.read(system('clinic', ['compliance']), 'clinic');
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'phi.read',
        resourceType: 'interaction',
        resourceId: 'ix-alex-1',
        actorId: 'user:alex',
      }),
    );
  });
  it('finds an interaction by its platform id, as the embedded widget asks for it', async () => {
    const r = await call('GET', '/v1/interactions/by-source/genesys/conv-alex-1', { auth: await as('alex') });
    expect(r.status).toBe(200);
    expect(r.json.summary.id).toBe('ix-alex-1');
  });
  it('refuses another agent’s interaction and hides other tenants’ ones', async () => {
    const other = await call('GET', '/v1/interactions/ix-blair-1', { auth: await as('alex') });
    expect(other).toMatchObject({ status: 403, json: { error: { code: 'ACCESS.DENIED' } } });
    const far = await call('GET', '/v1/interactions/ix-far-1', { auth: await as('alex') });
    expect(far).toMatchObject({ status: 404, json: { error: { code: 'STORE.NOT_FOUND' } } });
  });
  it('refuses a deactivated user at once, with the token issued before', async () => {
    await fx.store.tenants.createUser(system('clinic', ['admin']), 'clinic', {
      id: 'dana',
      displayName: 'Dana Leaving',
      roles: ['supervisor'],
      teamIds: ['team-1'],
    });
    const auth = await as('dana');
    expect((await call('GET', '/v1/interactions', { auth })).status).toBe(200);
    await fx.store.tenants.disableUser(system('clinic', ['admin']), 'clinic', 'dana');
    const r = await call('GET', '/v1/interactions', { auth });
    expect(r).toMatchObject({
      status: 401,
      json: { error: { code: 'AUTH.REFUSED', message: 'session refused' } },
    });
  });
  it('lists escalations, score history and coaching tasks', async () => {
    const auth = await as('sam');
    expect((await call('GET', '/v1/escalations', { auth })).status).toBe(200);
    const scores = await call('GET', '/v1/interactions/ix-alex-1/scores', { auth });
    expect(scores.json.items).toHaveLength(1);
    expect(scores.json.nextCursor).toBeNull();
    const task = {
      id: 'task-1',
      interactionId: 'ix-alex-1',
      assignee: 'alex',
      source: { criterionId: 'verify-identity' },
    };
    expect((await call('POST', '/v1/coaching-tasks', { auth, body: task })).status).toBe(200);
    const mine = await call('GET', '/v1/coaching-tasks?assignee=alex', { auth: await as('alex') });
    expect(mine.json).toEqual({ items: [expect.objectContaining({ id: 'task-1' })], nextCursor: null });
  });
  it('serves a contact timeline by POST so the phone number stays out of URLs and logs', async () => {
    const r = await call('POST', '/v1/timeline/search', {
      auth: await as('cora'),
      body: { contact: { phone: '(555) 010-0142' } },
    });
    expect(r.status).toBe(200);
    expect(r.json.entries.map((e: any) => e.interactionId)).toEqual(['ix-alex-1']);
  });
});

describe('validation', () => {
  it('rejects unknown query fields by name', async () => {
    const r = await call('GET', '/v1/interactions?colour=blue&limit=5', { auth: await as('sam') });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'HTTP.INVALID_REQUEST', fields: ['query.colour'] });
    expect(r.json.error.message).toContain('query.colour: unknown field');
  });
  it('rejects bad query values, naming the field and why', async () => {
    const r = await call('GET', '/v1/interactions?compliant=yes&limit=9000', { auth: await as('sam') });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.sort()).toEqual(['query.compliant', 'query.limit']);
  });
  it('rejects unknown body fields by name', async () => {
    const r = await call('POST', '/v1/coaching-tasks', {
      auth: await as('sam'),
      body: { id: 't', interactionId: 'ix-alex-1', assignee: 'alex', source: {}, ssn: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toEqual(['body.ssn']);
  });
  it('rejects a body that is not JSON', async () => {
    const r = await call('POST', '/v1/timeline/search', {
      auth: await as('cora'),
      headers: { 'Content-Type': 'application/json' },
      body: undefined,
    });
    expect(r.status).toBe(400);
  });
});

describe('playbooks', () => {
  const greeting = (pb: any, wording: string) => ({
    ...pb,
    intents: { ...pb.intents, 'clinic-greeting': { phrases: [wording] } },
    criteria: [
      ...pb.criteria,
      {
        id: 'clinic-greeting',
        title: 'Uses the clinic greeting',
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip: 'Open with the clinic greeting.',
        rule: { require: [{ intent: 'clinic-greeting' }] },
      },
    ],
  });

  it('lets anyone in the tenant read, only admins save versions, and validates first', async () => {
    const list = await call('GET', '/v1/playbooks', { auth: await as('alex') });
    expect(list.json.items.find((p: any) => p.id === 'healthcare-inbound')).toMatchObject({
      version: 1,
      source: 'builtin',
    });
    const v1 = (await call('GET', '/v1/playbooks/healthcare-inbound', { auth: await as('ada') })).json;
    expect(v1).toMatchObject({ id: 'healthcare-inbound', version: 1 });
    expect(v1.playbook.criteria.length).toBeGreaterThan(0);
    const body = {
      playbook: greeting(v1.playbook, 'thank you for calling riverbend clinic'),
      note: 'adds the clinic greeting',
      effectiveFrom: '2026-11-15',
      version: 2,
    };
    const denied = await call('POST', '/v1/playbooks/healthcare-inbound/versions', {
      auth: await as('alex'),
      body,
    });
    expect(denied).toMatchObject({ status: 403, json: { error: { code: 'ACCESS.DENIED' } } });
    const saved = await call('POST', '/v1/playbooks/healthcare-inbound/versions', {
      auth: await as('ada'),
      body,
    });
    expect(saved).toMatchObject({
      status: 201,
      json: { version: 2, author: 'ada', effectiveFrom: '2026-11-15' },
    });
    const again = await call('POST', '/v1/playbooks/healthcare-inbound/versions', {
      auth: await as('ada'),
      body,
    });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'PLAYBOOK.VERSION_EXISTS' } } });
    expect(again.json.error.message).toMatch(/^version: /);

    const history = await call('GET', '/v1/playbooks/healthcare-inbound/versions', { auth: await as('sam') });
    expect(history.json.items.map((v: any) => [v.version, v.note])).toEqual([
      [2, 'adds the clinic greeting'],
      [1, expect.stringContaining('built-in')],
    ]);
    const old = await call('GET', '/v1/playbooks/healthcare-inbound/versions/1', { auth: await as('sam') });
    expect(old.json.playbook.intents['clinic-greeting']).toBeUndefined();
    expect(
      (
        await call('GET', '/v1/playbooks/healthcare-inbound/in-force?date=2026-11-14', {
          auth: await as('sam'),
        })
      ).json,
    ).toEqual({ id: 'healthcare-inbound', version: 1 });
    expect(
      (
        await call('GET', '/v1/playbooks/healthcare-inbound/in-force?date=2026-11-15', {
          auth: await as('sam'),
        })
      ).json,
    ).toEqual({ id: 'healthcare-inbound', version: 2 });

    const back = await call('POST', '/v1/playbooks/healthcare-inbound/rollback', {
      auth: await as('ada'),
      body: { toVersion: 1, note: 'greeting withdrawn' },
    });
    expect(back).toMatchObject({
      status: 201,
      json: { version: 3, rollbackOf: 1, note: 'greeting withdrawn' },
    });
    const trail = await fx.store.audit.read(system('clinic', ['compliance']), 'clinic');
    expect(
      trail
        .filter((e) => e.resourceType === 'playbook' && e.outcome === 'success')
        .map((e) => [e.action, e.actorId, e.details]),
    ).toEqual([
      ['playbook.save', 'user:ada', { version: 2 }],
      ['playbook.rollback', 'user:ada', { version: 3, rollbackOf: 1 }],
    ]);
  });

  it('names the bad field of a save, a rollback and a validation', async () => {
    const v1 = (await call('GET', '/v1/playbooks/medicare-sales', { auth: await as('ada') })).json;
    const post = (body: unknown) =>
      as('ada').then((auth) => call('POST', '/v1/playbooks/medicare-sales/versions', { auth, body }));
    const noNote = await post({ playbook: v1.playbook });
    expect(noNote).toMatchObject({ status: 400, json: { error: { fields: ['body.note'] } } });
    const badDate = await post({ playbook: v1.playbook, note: 'n', effectiveFrom: 'soon' });
    expect(badDate.json.error.fields).toEqual(['body.effectiveFrom']);
    const otherId = await post({ playbook: { ...v1.playbook, id: 'healthcare-inbound' }, note: 'n' });
    expect(otherId).toMatchObject({ status: 400, json: { error: { fields: ['body.playbook.id'] } } });
    const badRule = await post({
      playbook: {
        ...v1.playbook,
        criteria: [{ ...v1.playbook.criteria[0], rule: { require: [{ intent: 5 }] } }],
      },
      note: 'n',
    });
    expect(badRule).toMatchObject({ status: 400, json: { error: { code: 'PLAYBOOK.INVALID' } } });
    expect(badRule.json.error.message).toMatch(/^body\.playbook: criteria\[0\].*\.intent: /);
    const badRollback = await call('POST', '/v1/playbooks/medicare-sales/rollback', {
      auth: await as('ada'),
      body: { toVersion: 0 },
    });
    expect(badRollback.json.error.fields).toEqual(['body.toVersion']);
    const missing = await call('POST', '/v1/playbooks/medicare-sales/rollback', {
      auth: await as('ada'),
      body: { toVersion: 7 },
    });
    expect(missing).toMatchObject({ status: 404, json: { error: { code: 'PLAYBOOK.NOT_FOUND' } } });
    const bad = await call('POST', '/v1/playbooks/validate', {
      auth: await as('ada'),
      body: { ...v1.playbook, criteria: [{ id: 'x' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('PLAYBOOK.INVALID');
    expect(bad.json.error.message).toMatch(/criteria/);
    expect(bad.json.error.message).not.toContain(fx.dir);
    expect(
      (await call('GET', '/v1/playbooks/medicare-sales/versions', { auth: await as('ada') })).json.items,
    ).toHaveLength(1);
  });
});

describe('sync status', () => {
  it('reports checkpoints to admins and refuses agents', async () => {
    await fx.store.sync.writeCheckpoint('clinic', 'genesys', 'genesys:conversations:recent', {
      version: 1,
      highWaterMark: '2026-11-20T00:00:00.000Z',
    });
    const r = await call('GET', '/v1/sync/status', { auth: await as('ada') });
    expect(r.status).toBe(200);
    expect(r.json.streams[0]).toMatchObject({ platform: 'genesys', checkpoint: { version: 1 } });
    expect((await call('GET', '/v1/sync/status', { auth: await as('alex') })).status).toBe(403);
    expect((await call('GET', '/v1/sync/dead-letters', { auth: await as('ada') })).status).toBe(501);
    expect((await call('GET', '/v1/sync/quarantine', { auth: await as('ada') })).status).toBe(501);
    expect((await call('GET', '/v1/sync/quarantine', { auth: await as('alex') })).status).toBe(403);
    const connection = { settings: {}, credentials: {} };
    expect(
      (await call('POST', '/v1/connections/genesys', { auth: await as('ada'), body: connection })).status,
    ).toBe(501);
    expect(
      (await call('POST', '/v1/connections/genesys', { auth: await as('alex'), body: connection })).status,
    ).toBe(403);
  });
});

describe('Five9 panel guidance', () => {
  it('gives the agent the score and missed items for their call, without PHI', async () => {
    const r = await call('GET', '/v1/live/five9/call-blair-1', { auth: await as('blair') });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ compliance: 'pass', prompts: [] });
    expect(typeof r.json.score).toBe('number');
    const none = await call('GET', '/v1/live/five9/call-unknown', { auth: await as('blair') });
    expect(none.json).toEqual({ score: null, compliance: 'pending', prompts: [], missed: [] });
  });
});

describe('OIDC with the identity provider’s JWKS', () => {
  it('accepts an RS256 token signed by the IdP key published at jwksUrl, and no other', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    const idp = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks`;
    const oidc = await startServer({
      store: fx.store,
      auth: {
        oidc: { issuer: 'https://login.example.org/', audience: 'teachback', jwksUrl, tenantClaim: 'org' },
      },
      playbooks: fx.store.playbooks,
      logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    });
    const sign = (key: Parameters<SignJWT['sign']>[0]) =>
      new SignJWT({ org: 'clinic' })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
        .setSubject('sam')
        .setIssuer('https://login.example.org/')
        .setAudience('teachback')
        .setIssuedAt(Math.ceil(Date.now() / 1000))
        .setExpirationTime('5m')
        .sign(key);
    try {
      const ok = await fetch(`${oidc.url}/v1/interactions`, {
        headers: { Authorization: `Bearer ${await sign(privateKey)}` },
      });
      expect(ok.status).toBe(200);
      const forged = await fetch(`${oidc.url}/v1/interactions`, {
        headers: { Authorization: `Bearer ${await sign(other.privateKey)}` },
      });
      expect(forged.status).toBe(401);
    } finally {
      await oidc.close();
      await new Promise((r) => idp.close(r));
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with a code once a client passes its per-minute budget', async () => {
    const tight = await startServer({
      store: fx.store,
      auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
      playbooks: fx.store.playbooks,
      rateLimitPerMinute: 2,
      logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    });
    try {
      const auth = await as('alex');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${tight.url}/v1/interactions`, { headers: { Authorization: auth } });
        statuses.push(r.status);
        if (r.status === 429) expect(await r.json()).toMatchObject({ error: { code: 'HTTP.RATE_LIMITED' } });
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await tight.close();
    }
  });
});

describe('CORS for the Five9 panel', () => {
  it('answers a preflight from the Five9 desktop and ignores other origins', async () => {
    const pre = await fetch(`${server.url}/v1/live/five9/call-blair-1`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.five9.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.five9.com');
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
    const r = await fetch(`${server.url}/v1/live/five9/call-blair-1`, {
      headers: { Origin: 'https://five9.com.evil.example', Authorization: await as('blair') },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('webhooks', () => {
  it('schedules a signed Genesys conversation end once and refuses an unsigned one', async () => {
    const body = JSON.stringify({ conversationId: 'conv-new-1' });
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'Content-Type': 'application/json',
      'webhook-id': 'msg-1',
      'webhook-timestamp': String(ts),
      'webhook-signature': signWebhook(GENESYS_SECRET, 'msg-1', ts, body),
    };
    const ok = await fetch(`${server.url}/webhooks/genesys/clinic`, { method: 'POST', headers, body });
    expect(ok.status).toBe(202);
    const replay = await fetch(`${server.url}/webhooks/genesys/clinic`, { method: 'POST', headers, body });
    expect(await replay.json()).toMatchObject({ duplicate: true });
    // The adapter schedules before it checks the replay (the job key makes that a no-op).
    expect(scheduled).toContain('clinic:genesys:conv-new-1:post-call');
    const unsigned = await fetch(`${server.url}/webhooks/genesys/clinic`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const tampered = await fetch(`${server.url}/webhooks/genesys/clinic`, {
      method: 'POST',
      headers: { ...headers, 'webhook-id': 'msg-2' },
      body: body.replace('new-1', 'new-2'),
    });
    expect(tampered.status).toBe(401);
  });
  it('takes a Five9 Web Connector call with the tenant key', async () => {
    const q = new URLSearchParams({
      tb_tenant: 'clinic',
      tb_key: connectorKey(FIVE9_SECRET, 'clinic'),
      tb_event: 'OnCallDisconnected',
      call_id: 'call-77',
    });
    const r = await fetch(`${server.url}/webhooks/five9?${q}`);
    expect(r.status).toBe(200);
    expect(scheduled).toContain('clinic:five9:call-77:post-call');
  });
});

describe('OpenAPI', () => {
  it('describes every route with the parameters its schemas accept', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.json.openapi).toBe('3.1.0');
    const list = r.json.paths['/v1/interactions'].get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['agentId', 'compliant', 'limit', 'cursor']),
    );
    expect(r.json.paths['/v1/interactions/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(
      r.json.paths['/v1/coaching-tasks'].post.requestBody.content['application/json'].schema,
    ).toMatchObject({
      additionalProperties: false,
    });
  });
});

describe('logs', () => {
  it('never carry the patient phone, tokens or request ids from URLs', () => {
    const all = logLines.join('');
    expect(all).toContain('"route":"/v1/interactions/:id"');
    expect(all).not.toContain(PATIENT_PHONE);
    expect(all).not.toContain('010-0142');
    expect(all).not.toContain('conv-alex-1');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});

describe('widget assets', () => {
  it('serves the widget page, embeddable by the platform desktops', async () => {
    const r = await fetch(`${server.url}/widget/?platform=genesys&externalId=conv-alex-1`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<script src="widget.js"></script>');
    expect(r.headers.get('content-security-policy')).toContain('https://*.mypurecloud.com');
    expect(r.headers.get('x-frame-options')).toBeNull();
    expect(fs.existsSync(path.resolve(__dirname, '..', 'public', 'widget.js'))).toBe(true);
  });
});
