// Metrics, Teachback's survey link + page, call summaries and follow-ups over HTTP.
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { parseMetricsDefinitions } from '@teachback/config';
import { issueSessionToken, startServer, type RunningServer } from '../src';
import { AUDIENCE, ISSUER, PATIENT_PHONE, SECRET, seed, system, type Fixture } from './fixture';

let fx: Fixture;
let server: RunningServer;
let now = new Date('2026-11-20T15:00:00.000Z');
const defs = parseMetricsDefinitions({
  survey: { secret: 'survey-secret-for-tests-0123456789abcdef', ttlHours: 48 },
});

beforeAll(async () => {
  fx = await seed();
  server = await startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    metrics: { definitionsFor: () => defs, clock: () => now },
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
  return { status: res.status, json: text ? (JSON.parse(text) as any) : null };
}
const page = async (url: string, form?: Record<string, string>) => {
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    ...(form
      ? { body: new URLSearchParams(form), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
      : {}),
  });
  return { status: res.status, html: await res.text() };
};
const range = '/v1/metrics?from=2026-11-16&to=2026-11-23';

describe('GET /v1/metrics', () => {
  it('gives a supervisor per-agent weekly metrics with their counts', async () => {
    const r = await call('GET', `${range}&by=agent&period=week`, await as('sam'));
    expect(r.status).toBe(200);
    const alex = r.json.items.find((i: { key: string }) => i.key === 'ga-alex');
    expect(alex.period).toBe('2026-11-16');
    expect(alex.metrics.interactions).toBe(2);
    expect(alex.metrics.compliance.denominator).toBe(2);
    // The fixture has no queue facts: AHT is missing for both calls, not zero.
    expect(alex.metrics.aht).toEqual({ value: null, sum: 0, count: 0, missing: 2 });
  });

  it('names the field and the reason for bad input, and refuses an agent', async () => {
    const bad = await call('GET', `${range}&by=shoe`, await as('sam'));
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/by/);
    const backwards = await call('GET', '/v1/metrics?from=2026-11-23&to=2026-11-16', await as('sam'));
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.message).toMatch(/to: must be after from/);
    expect((await call('GET', range, await as('alex'))).status).toBe(403);
  });
});

describe('metrics by team scope', () => {
  beforeAll(async () => {
    const admin = system('clinic', ['admin']);
    await fx.store.tenants.saveTeam(admin, 'clinic', { id: 'team-2', name: 'Billing' });
    await fx.store.tenants.createUser(admin, 'clinic', {
      id: 'sue',
      displayName: 'Sue Supervisor',
      roles: ['supervisor'],
      teamIds: ['team-2'],
    });
  });

  it("shows a supervisor only their own teams' agents and teams; admins and QA the tenant", async () => {
    const agents = async (user: string) =>
      (await call('GET', `${range}&by=agent`, await as(user))).json.items.map((i: { key: string }) => i.key);
    expect(await agents('sam')).toContain('ga-alex');
    expect(await agents('sue')).toEqual([]);
    expect(await agents('cora')).toContain('ga-alex');
    const teams = async (user: string) =>
      (await call('GET', `${range}&by=team`, await as(user))).json.items.map((i: { key: string }) => i.key);
    expect(await teams('sue')).not.toContain('team-1');
    const mixed = await call('GET', `${range}&by=queue`, await as('sue'));
    expect(mixed.status).toBe(403);
    expect(mixed.json.error.message).toMatch(/by=queue mixes teams/);
    expect((await call('GET', `${range}&by=queue`, await as('ada'))).status).toBe(200);
  });

  it('gives ramp time per agent in scope', async () => {
    const r = await call('GET', '/v1/metrics/ramp?from=2026-11-01&to=2026-11-30', await as('cora'));
    expect(r.status).toBe(200);
    expect(r.json.windowDays).toBe(7);
    const alex = r.json.items.find((i: { agentId: string }) => i.agentId === 'ga-alex');
    expect(alex.startDay).toMatch(/^2026-11-\d\d$/);
    expect(alex.curve[0].dayIndex).toBe(0);
    const bad = await call('GET', '/v1/metrics/ramp?from=2026-11-30&to=2026-11-01', await as('cora'));
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/to: must be after from/);
  });
});

describe("Teachback's survey", () => {
  it('mints a link, shows a page without PHI, takes answers once, and feeds CSAT/NPS', async () => {
    const minted = await call('POST', '/v1/interactions/ix-alex-1/survey-link', await as('ada'));
    expect(minted.status).toBe(201);
    expect(minted.json.expiresAt).toBe('2026-11-22T15:00:00.000Z');
    const url = `${server.url}${new URL(minted.json.url, server.url).pathname}`;
    expect(minted.json.url).not.toContain('ix-alex-1');
    const shown = await page(url);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('Did the agent answer your questions today?');
    expect(shown.html).toContain('How likely are you to recommend us?');
    expect(shown.html).not.toContain(PATIENT_PHONE);
    expect(shown.html).not.toMatch(/alex|Riverbend/i);
    expect((await page(url, {})).status).toBe(400);
    const sent = await page(url, { answered: 'yes', recommend: '9' });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Thank you');
    const again = await page(url, { answered: 'no', recommend: '0' });
    expect(again.status).toBe(410);
    expect(again.html).toContain('already answered');
    expect((await page(url)).status).toBe(410);
    const answers = await call('GET', '/v1/interactions/ix-alex-1/surveys', await as('sam'));
    expect(answers.json.items).toHaveLength(1);
    expect(answers.json.items[0].interaction).toEqual({ platform: 'teachback', externalId: 'ix-alex-1' });
    // The whole tenant's figure is for QA (a supervisor reads by agent or team).
    const m = await call('GET', `${range}&by=all&period=all`, await as('cora'));
    expect(m.json.items[0].metrics.csat).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(m.json.items[0].metrics.nps).toMatchObject({ promoters: 1, responses: 1 });
  });

  it('answers a clear page for an expired or tampered link', async () => {
    const minted = await call('POST', '/v1/interactions/ix-alex-2/survey-link', await as('ada'));
    const url = `${server.url}${new URL(minted.json.url, server.url).pathname}`;
    const tampered = url.slice(0, -2) + (url.endsWith('AA') ? 'BB' : 'AA');
    expect((await page(tampered)).status).toBe(404);
    now = new Date('2026-11-23T15:00:01.000Z');
    try {
      const expired = await page(url);
      expect(expired.status).toBe(410);
      expect(expired.html).toContain('expired');
    } finally {
      now = new Date('2026-11-20T15:00:00.000Z');
    }
  });

  it('lets an agent neither mint links nor read answers', async () => {
    expect((await call('POST', '/v1/interactions/ix-alex-1/survey-link', await as('alex'))).status).toBe(403);
  });
});

describe('summaries and follow-ups', () => {
  it('summarises a call and tracks its promises', async () => {
    const s = await call('GET', '/v1/interactions/ix-alex-2/summary', await as('sam'));
    expect(s.status).toBe(200);
    expect(s.json.reason).toBe('hi, I am calling about my appointment next week');
    expect(s.json.method).toBe('offline');
    const tracked = await call('POST', '/v1/interactions/ix-alex-2/follow-ups', await as('sam'));
    expect(tracked.status).toBe(201);
    expect(tracked.json.items).toEqual(
      s.json.promised.map(() => expect.objectContaining({ status: 'open' })),
    );
    const list = await call('GET', '/v1/follow-ups?overdue=true', await as('alex'));
    expect(list.status).toBe(200);
    expect((await call('GET', '/v1/follow-ups?status=late', await as('alex'))).status).toBe(400);
  });
});
