import { demoConversationId } from './population';
import { startServedDemo, type ServedDemo } from './served-demo';

/*
 * What someone who runs `npm start` sees: the default 150-call demo, synced through the Genesys
 * adapter and scored, read back through the API as the supervisor would.
 */
jest.setTimeout(240_000);

let demo: ServedDemo;
let supervisor: string;
let items: any[];
beforeAll(async () => {
  demo = await startServedDemo({ port: 0 });
  supervisor = demo.logins.find((l) => l.role === 'supervisor')!.token;
  items = (await api('GET', '/v1/interactions?limit=500')).json.items;
});
afterAll(async () => {
  await demo?.close();
});

async function api(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${demo.server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${supervisor}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('the data `teachback demo --serve` shows', () => {
  it('scores all 150 conversations with a spread: few 100s, many non-compliant', () => {
    expect(items).toHaveLength(150);
    const scores = items.map((i) => i.score as number);
    expect(scores.every((s) => typeof s === 'number')).toBe(true);
    expect(scores.filter((s) => s === 100).length).toBeLessThanOrEqual(30);
    expect(scores.filter((s) => s < 60).length).toBeGreaterThanOrEqual(10);
    expect(items.filter((i) => i.compliant === false).length).toBeGreaterThanOrEqual(20);
    expect(new Set(items.map((i) => i.playbookId))).toEqual(
      new Set(['healthcare-inbound', 'medicare-sales']),
    );
  });

  it('spans voice, chat, email and sms', () => {
    expect(new Set(items.map((i) => i.channel))).toEqual(new Set(['voice', 'chat', 'email', 'sms']));
  });

  it("opens the widget on the agent's lowest-scored call, which is not a 100", async () => {
    const url = new URL(demo.widgetUrl);
    const externalId = url.searchParams.get('externalId')!;
    const r = await api('GET', `/v1/interactions/by-source/genesys/${externalId}`);
    expect(r.status).toBe(200);
    expect(r.json.scorecard.score).toBeLessThan(100);
    const voice = items.filter((i) => i.channel === 'voice').map((i) => i.score as number);
    expect(r.json.scorecard.score).toBe(Math.min(...voice));
    expect(r.json.scorecard.findings.some((f: any) => f.status === 'missed')).toBe(true);
  });

  it('has escalations handled well and handled badly, as emergency-response judges them', async () => {
    const escalated = items.filter((i) => i.escalationCount > 0);
    const judged = await Promise.all(
      escalated.map(async (i) => {
        const r = await api('GET', `/v1/interactions/${encodeURIComponent(i.id)}`);
        return r.json.scorecard.findings.find((f: any) => f.criterionId === 'emergency-response')?.status;
      }),
    );
    expect(judged.filter((s) => s === 'met').length).toBeGreaterThanOrEqual(2);
    expect(judged.filter((s) => s === 'missed').length).toBeGreaterThanOrEqual(2);
  });

  it("puts both household members' calls on the shared line's timeline", async () => {
    const byPhone = new Map<string, Set<string>>();
    for (const c of demo.population.calls.filter((x) => x.channel === 'voice' && x.phone)) {
      byPhone.set(c.phone!, (byPhone.get(c.phone!) ?? new Set()).add(c.patient.key));
    }
    const [phone] = [...byPhone].find(([, callers]) => callers.size >= 2)!;
    const onTheLine = demo.population.calls
      .filter((c) => c.phone === phone)
      .map((c) => demoConversationId(c.n));
    const t = await api('POST', '/v1/timeline/search', { contact: { phone } });
    expect(t.status).toBe(200);
    const shown = new Set(t.json.entries.map((e: any) => e.externalId));
    for (const id of onTheLine) expect(shown).toContain(id);
  });
});
