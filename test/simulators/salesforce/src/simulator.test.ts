import { parseCsv, toCsv } from './csv';
import { expectedTimeline, platformCalls, syntheticPopulation } from './population';
import { parseSoql, runSoql } from './soql';
import { startSalesforceSimulator } from './server';

describe('syntheticPopulation', () => {
  it('is deterministic for a seed and different across seeds', () => {
    expect(syntheticPopulation(7)).toEqual(syntheticPopulation(7));
    expect(syntheticPopulation(7).activities).not.toEqual(syntheticPopulation(8).activities);
  });

  it('has a household sharing a phone, person accounts and calls carried by two platforms', () => {
    const pop = syntheticPopulation(42);
    const [p3, p4] = [pop.patients[2]!, pop.patients[3]!];
    expect(p3.phones[0]).toBe(p4.phones[0]);
    expect(p3.name).not.toBe(p4.name);
    expect(pop.patients.some((p) => p.salesforce.kind === 'person-account')).toBe(true);
    expect(pop.activities.some((a) => a.genesys && a.salesforce)).toBe(true);
    expect(pop.activities.some((a) => a.five9 && a.salesforce)).toBe(true);
    for (const p of pop.patients) for (const phone of p.phones) expect(phone).toMatch(/^\+1555\d{7}$/);
  });

  it('expectedTimeline lists only the synced carriers, oldest first', () => {
    const pop = syntheticPopulation(42);
    const sfOnly = expectedTimeline(pop, 'p003', ['salesforce']);
    expect(sfOnly.every((e) => e.platforms.length === 1 && e.platforms[0] === 'salesforce')).toBe(true);
    const all = expectedTimeline(pop, 'p003', ['genesys', 'five9', 'salesforce']);
    expect(all.length).toBe(pop.activities.filter((a) => a.patientKey === 'p003').length);
    expect([...all].sort((a, b) => a.startedAt.localeCompare(b.startedAt))).toEqual(all);
  });
});

describe('platformCalls', () => {
  it("lists each platform's calls once, in time order, with that platform's ids", () => {
    const pop = syntheticPopulation(42);
    const genesys = platformCalls(pop, 'genesys');
    expect(genesys).toHaveLength(pop.activities.filter((a) => a.genesys).length);
    expect(new Set(genesys.map((c) => c.id)).size).toBe(genesys.length);
    expect([...genesys].sort((a, b) => a.startedAt.localeCompare(b.startedAt))).toEqual(genesys);
    const five9 = platformCalls(pop, 'five9');
    expect(
      five9.every((c) => /^\d{15}$/.test(c.id) && c.agentId.endsWith('@teachback-sim.example.org')),
    ).toBe(true);
  });
});

describe('SOQL subset', () => {
  const rows = [
    { Id: 'a', SystemModstamp: '2026-01-01T00:00:00.000Z', N: 1 },
    { Id: 'b', SystemModstamp: '2026-01-02T00:00:00.000Z', N: 2 },
  ];
  const known = new Set(['Id', 'SystemModstamp', 'N']);
  it('filters unquoted datetimes and orders', () => {
    const q = parseSoql(
      'SELECT Id FROM X WHERE SystemModstamp >= 2026-01-02T00:00:00Z ORDER BY Id DESC LIMIT 5',
    );
    expect(runSoql(q, rows, known).map((r) => r['Id'])).toEqual(['b']);
  });
  it('rejects quoted datetimes and unknown fields like Salesforce does', () => {
    expect(() => parseSoql("SELECT Id FROM X WHERE SystemModstamp >= '2026-01-02T00:00:00Z'")).toThrow(
      /quoted/,
    );
    expect(() => runSoql(parseSoql('SELECT Nope FROM X'), rows, known)).toThrow(/No such column/);
  });
  it('supports IN and COUNT()', () => {
    const q = parseSoql("SELECT COUNT() FROM X WHERE Id IN ('a', 'z')");
    expect(q.count).toBe(true);
    expect(runSoql(q, rows, known)).toHaveLength(1);
  });
});

describe('CSV', () => {
  it('round-trips quotes, commas and newlines', () => {
    const data = [{ a: 'x,"y"', b: 'line1\nline2' }];
    expect(parseCsv(toCsv(['a', 'b'], data))).toEqual(data);
  });
});

describe('server', () => {
  it('answers 401 INVALID_SESSION_ID without a token and counts API calls with a token', async () => {
    const sim = await startSalesforceSimulator();
    try {
      const anon = await fetch(`${sim.url}/services/data/v60.0/limits`);
      expect(anon.status).toBe(401);
      const res = await fetch(`${sim.url}/services/data/v60.0/limits`, {
        headers: { authorization: `Bearer ${sim.issueAccessToken()}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('sforce-limit-info')).toBe('api-usage=1/100000');
      expect(sim.stats.apiCalls).toBe(1);
    } finally {
      await sim.close();
    }
  });
});

describe('the org as Salesforce ships it', () => {
  const get = async (sim: Awaited<ReturnType<typeof startSalesforceSimulator>>, path: string) => {
    const res = await fetch(`${sim.url}/services/data/v60.0${path}`, {
      headers: { authorization: `Bearer ${sim.issueAccessToken()}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('writes REST datetimes as 2026-10-07T03:29:52.000+0000 (Bulk CSV as …000Z)', async () => {
    const sim = await startSalesforceSimulator();
    try {
      const q = await get(
        sim,
        `/query?q=${encodeURIComponent('SELECT Id, CallStartDateTime, SystemModstamp FROM VoiceCall')}`,
      );
      const [first] = q.body['records'] as Record<string, string>[];
      expect(first!['SystemModstamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
      expect(first!['CallStartDateTime']).toMatch(/\.\d{3}\+0000$/);
    } finally {
      await sim.close();
    }
  });

  it('has no LiveChatTranscript and no member-id fields unless asked, and describes what it has', async () => {
    const sim = await startSalesforceSimulator();
    const legacy = await startSalesforceSimulator({ org: { liveChat: true, memberIdFields: true } });
    try {
      const chat = await get(sim, `/query?q=${encodeURIComponent('SELECT Id FROM LiveChatTranscript')}`);
      expect(chat.status).toBe(400);
      expect(chat.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_TYPE' })]);
      const member = await get(sim, `/query?q=${encodeURIComponent('SELECT Id, Member_Id__c FROM Contact')}`);
      expect(member.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);

      const global = await get(sim, '/sobjects');
      const names = (global.body['sobjects'] as { name: string }[]).map((o) => o.name);
      expect(names).toEqual(expect.arrayContaining(['Task', 'VoiceCall', 'ConversationEntry']));
      expect(names).not.toContain('LiveChatTranscript');
      const contact = await get(sim, '/sobjects/Contact/describe');
      expect((contact.body['fields'] as { name: string }[]).map((f) => f.name)).not.toContain('Member_Id__c');
      expect((await get(sim, '/sobjects/LiveChatTranscript/describe')).status).toBe(404);

      const old = await get(legacy, `/query?q=${encodeURIComponent('SELECT Id, Member_Id__c FROM Contact')}`);
      expect(old.status).toBe(200);
      expect((await get(legacy, '/sobjects/LiveChatTranscript/describe')).status).toBe(200);
    } finally {
      await sim.close();
      await legacy.close();
    }
  });
});
