import * as fs from 'node:fs';
import { signWebhook } from '@teachback/adapter-genesys';
import { issueSessionToken } from '@teachback/adapter-server';
import { demoBanner, startServedDemo, type ServedDemo } from './served-demo';

// A hang guard, not a speed target: starting the demo took up to ~90 s on 2 cores shared with other work.
jest.setTimeout(180_000);

let demo: ServedDemo;
beforeAll(async () => {
  demo = await startServedDemo({ port: 0, conversations: 60 });
});
afterAll(async () => {
  await demo?.close();
});

async function get(url: string, token: string) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as any };
}

describe('teachback demo --serve', () => {
  it('syncs the simulator’s conversations through the Genesys adapter and scores them', () => {
    expect(demo.synced).toBe(60);
    expect(demo.scored).toBeGreaterThan(50);
  });

  it('prints a signed-in web app link per role, and serves the app there', async () => {
    const banner = demoBanner(demo);
    for (const l of demo.logins) expect(banner).toContain(`${demo.server.url}/app/#access_token=${l.token}`);
    const page = await fetch(`${demo.server.url}/app/calls`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/app/app.js');
  });

  it('prints a widget URL whose interaction the demo agent can see, scored, with findings', async () => {
    const banner = demoBanner(demo);
    expect(banner).toContain(demo.widgetUrl);
    const url = new URL(demo.widgetUrl);
    const token = new URLSearchParams(url.hash.slice(1)).get('access_token')!;
    const externalId = url.searchParams.get('externalId')!;
    const page = await fetch(`${url.origin}${url.pathname}`);
    expect(page.status).toBe(200);
    const r = await get(`${url.origin}/v1/interactions/by-source/genesys/${externalId}`, token);
    expect(r.status).toBe(200);
    expect(typeof r.json.scorecard.score).toBe('number');
    expect(r.json.scorecard.findings.length).toBeGreaterThan(0);
  });

  it('types every call with its evidence and mints survey links (npm start makes a survey secret)', async () => {
    const [, supervisor] = demo.logins;
    const base = demo.server.url;
    const team = await get(`${base}/v1/interactions?limit=500`, supervisor!.token);
    const first = team.json.items[0];
    const detail = await get(`${base}/v1/interactions/${encodeURIComponent(first.id)}`, supervisor!.token);
    expect(detail.json.interaction.callType).toEqual(expect.any(String));
    expect(detail.json.interaction.attributes['teachback.callType.source']).toMatch(/^[a-z]+:/);
    const res = await fetch(`${base}/v1/interactions/${encodeURIComponent(first.id)}/survey-link`, {
      method: 'POST',
      // As a platform's post-call SMS flow would: with the integration's API key.
      headers: { Authorization: `ApiKey ${demo.apiKey}` },
    });
    expect(res.status).toBe(201);
    const link = (await res.json()) as { url: string };
    expect((await fetch(`${base}${link.url}`)).status).toBe(200);
  });

  it('keeps agents to their own calls, while the supervisor sees the team', async () => {
    const [agent, supervisor] = demo.logins;
    const base = demo.server.url;
    const team = await get(`${base}/v1/interactions?limit=500`, supervisor!.token);
    const mine = await get(`${base}/v1/interactions?limit=500`, agent!.token);
    expect(team.json.items.length).toBe(60);
    expect(mine.json.items.length).toBeGreaterThan(0);
    expect(mine.json.items.length).toBeLessThan(team.json.items.length);
    const someoneElses = team.json.items.find((i: any) => !mine.json.items.some((m: any) => m.id === i.id));
    const refused = await get(`${base}/v1/interactions/${encodeURIComponent(someoneElses.id)}`, agent!.token);
    expect(refused.status).toBe(403);
  });

  it('signs webhooks with a secret of their own: knowing it mints no session token', async () => {
    const { genesys } = demo.webhooks;
    expect(demoBanner(demo)).toContain(genesys.secret);
    const body = JSON.stringify({ conversationId: 'conv-from-the-banner' });
    const ts = Math.floor(Date.now() / 1000);
    const delivered = await fetch(genesys.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': 'demo-msg-1',
        'webhook-timestamp': String(ts),
        'webhook-signature': signWebhook(genesys.secret, 'demo-msg-1', ts, body),
      },
      body,
    });
    expect(delivered.status).toBe(202);
    const forged = await issueSessionToken({
      secret: genesys.secret,
      issuer: 'teachback-demo',
      audience: 'teachback',
      userId: 'ada',
      tenantId: 'demo',
    });
    expect((await get(`${demo.server.url}/v1/interactions`, forged)).status).toBe(401);
  });

  it('serves the Five9 Web Connector that /openapi.json lists, with its own key', async () => {
    const { five9 } = demo.webhooks;
    const openapi = await fetch(`${demo.server.url}/openapi.json`).then((r) => r.json() as Promise<any>);
    expect(Object.keys(openapi.paths)).toContain('/webhooks/five9');
    expect(demoBanner(demo)).toContain(five9.key);
    const q = (key: string) =>
      new URLSearchParams({
        tb_tenant: five9.tenant,
        tb_key: key,
        tb_event: 'OnCallDisconnected',
        call_id: 'c-1',
      });
    const ok = await fetch(`${five9.url}?${q(five9.key)}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, scheduled: ['demo:five9:c-1:post-call'] });
    const wrong = await fetch(`${five9.url}?${q('0'.repeat(64))}`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'FIVE9.WEB_CONNECTOR_UNAUTHORIZED' } });
  });

  it('removes its temporary database on close', async () => {
    const file = demo.databaseFile;
    expect(fs.existsSync(file)).toBe(true);
    await demo.close();
    expect(fs.existsSync(file)).toBe(false);
  });
});
