import * as fs from 'node:fs';
import { demoBanner, startServedDemo, type ServedDemo } from './served-demo';

jest.setTimeout(60_000);

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
    expect(demo.report.processed).toBe(60);
    expect(demo.scored).toBeGreaterThan(50);
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

  it('removes its temporary database on close', async () => {
    const file = demo.databaseFile;
    expect(fs.existsSync(file)).toBe(true);
    await demo.close();
    expect(fs.existsSync(file)).toBe(false);
  });
});
