// Actions on an escalation: a routed action keeps where it was routed, with its time and actor.
import * as path from 'node:path';
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { issueSessionToken, startServer, type RunningServer } from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';

let fx: Fixture;
let server: RunningServer;

const as = async (userId: string) =>
  `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: 'clinic' })}`;

async function post(route: string, auth: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  fx = await seed();
  server = await startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbookDir: path.join(fx.dir, 'playbooks'),
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
  });
});
afterAll(async () => {
  await server?.close();
  await fx?.close();
});

describe('POST /v1/interactions/:id/escalations/:index/actions', () => {
  it('stores routedTo with the action’s time and actor, and on the escalation', async () => {
    const before = Date.now();
    const r = await post('/v1/interactions/ix-alex-2/escalations/0/actions', await as('sam'), {
      action: 'routed',
      routedTo: 'nurse triage line',
    });
    expect(r.status).toBe(204);
    const res = await fetch(`${server.url}/v1/interactions/ix-alex-2`, {
      headers: { Authorization: await as('sam') },
    });
    const detail = (await res.json()) as { escalations: Array<{ routedTo?: string; actions: any[] }> };
    const e = detail.escalations[0]!;
    expect(e.routedTo).toBe('nurse triage line');
    const routed = e.actions.find((a) => a.action === 'routed');
    expect(routed).toMatchObject({ routedTo: 'nurse triage line', by: 'sam' });
    expect(Date.parse(routed.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('refuses routedTo on an action that is not a routing, naming the field', async () => {
    const r = await post('/v1/interactions/ix-alex-2/escalations/0/actions', await as('sam'), {
      action: 'acknowledged',
      routedTo: '911',
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('routedTo');
  });
});
