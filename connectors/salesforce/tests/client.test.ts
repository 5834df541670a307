import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { ConnectorError, Throttle } from '@teachback/connector-kit';
import { createSalesforceSession, SalesforceClient, type SalesforceClientOptions } from '../src';

const sleeps: number[] = [];
const sleep = async (ms: number) => void sleeps.push(ms);
const half = () => 0.5;

async function clientFor(sim: SalesforceSimulator, extra: Partial<SalesforceClientOptions> = {}) {
  const session = createSalesforceSession(
    { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
    { allowHttp: true },
  );
  await session.connection();
  return new SalesforceClient({ session, sleep, random: half, ...extra });
}

const CALLS = "SELECT Id, SystemModstamp FROM Task WHERE TaskSubtype = 'Call' ORDER BY SystemModstamp, Id";

describe('queries', () => {
  let sim: SalesforceSimulator;
  beforeAll(async () => {
    sim = await startSalesforceSimulator({ bulkTasks: 12_000 });
  });
  afterAll(() => sim.close());

  it('pages past the 10,000-record autoFetch default via nextRecordsUrl', async () => {
    const client = await clientFor(sim);
    const expected = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call').length;
    expect(expected).toBeGreaterThan(12_000);
    const rows = await client.queryAll(CALLS);
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.Id)).size).toBe(expected);
    expect(client.apiCalls).toBe(Math.ceil(expected / 2000));
  });

  it('handles an empty result and a short last page', async () => {
    const client = await clientFor(sim);
    expect(await client.queryAll("SELECT Id FROM Task WHERE TaskSubtype = 'Nothing'")).toEqual([]);
    const pages: number[] = [];
    for await (const page of client.queryPages('SELECT Id FROM Contact ORDER BY Id', { batchSize: 10 }))
      pages.push(page.length);
    expect(pages).toEqual([10, 10, 4]);
  });

  it('reports a bad query as a coded, non-retried error', async () => {
    const client = await clientFor(sim);
    const before = sim.stats.apiCalls;
    await expect(client.queryAll('SELECT Nope__c FROM Task')).rejects.toMatchObject({
      code: 'SALESFORCE.INVALID_FIELD',
      status: 400,
    });
    expect(sim.stats.apiCalls - before).toBe(1);
  });
});

describe('describe', () => {
  it('describes many objects in one /composite call; an object the org lacks is undefined', async () => {
    const sim = await startSalesforceSimulator();
    try {
      const client = await clientFor(sim);
      const global = await client.describeGlobal();
      expect(global.sobjects.map((o) => o.name)).toContain('VoiceCall');
      const before = sim.stats.apiCalls;
      const described = await client.describeObjects(['Task', 'VoiceCall', 'LiveChatTranscript']);
      expect(sim.stats.apiCalls - before).toBe(1);
      expect(described.get('LiveChatTranscript')).toBeUndefined();
      expect(described.get('Task')!.fields.find((f) => f.name === 'Teachback_External_Id__c')).toMatchObject({
        externalId: true,
      });
      expect(described.get('VoiceCall')!.fields.map((f) => f.name)).toContain('ActivityId');
    } finally {
      await sim.close();
    }
  });

  it('hands over the first page’s totalSize, so REST vs Bulk needs no COUNT() call', async () => {
    const sim = await startSalesforceSimulator();
    try {
      const client = await clientFor(sim);
      let total = -1;
      const pages = client.queryPages('SELECT Id FROM Contact ORDER BY Id', {
        batchSize: 5,
        onTotal: (n) => (total = n),
      });
      await pages.next();
      expect(total).toBe(sim.records('Contact').length);
      expect(client.apiCalls).toBe(1);
    } finally {
      await sim.close();
    }
  });
});

describe('failure matrix', () => {
  let sim: SalesforceSimulator;
  beforeEach(async () => {
    sleeps.length = 0;
    sim = await startSalesforceSimulator();
  });
  afterEach(() => sim.close());

  it('429 + Retry-After: waits as told, then succeeds', async () => {
    const client = await clientFor(sim);
    sim.inject({
      path: '/limits',
      respond: { status: 429, errorCode: 'REQUEST_LIMIT_EXCEEDED', retryAfterSeconds: 7 },
    });
    await client.limits();
    expect(sleeps).toEqual([7000]);
  });

  it('500 then 200: retried with backoff', async () => {
    const client = await clientFor(sim);
    sim.inject({ path: '/query', respond: { status: 500 } });
    expect(await client.queryAll('SELECT Id FROM Contact')).toHaveLength(24);
    expect(sleeps).toHaveLength(1);
  });

  it('503 on a write (which jsforce never retries) goes through our table', async () => {
    sim.inject({ method: 'PATCH', path: '/composite/sobjects', respond: { status: 503, html: true } });
    const client = await clientFor(sim);
    const out = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', [
      { External_Id__c: 'x-1', Score__c: 80 },
    ]);
    expect(out[0]).toMatchObject({ created: true });
    expect(sleeps).toHaveLength(1);
  });

  it('ECONNRESET: retried', async () => {
    sim.inject({ path: '/limits', respond: { kind: 'reset' } });
    const client = await clientFor(sim);
    await client.limits();
    expect(sleeps).toHaveLength(1);
  });

  it('timeout: the request is abandoned and retried', async () => {
    sim.inject({ path: '/limits', respond: { kind: 'hang' } });
    const client = await clientFor(sim, { requestTimeoutMs: 200 });
    await client.limits();
    expect(sleeps).toHaveLength(1);
  });

  it('401 then re-auth: INVALID_SESSION_ID makes the connector log in again', async () => {
    const client = await clientFor(sim);
    const lookups = () => sim.stats.requests.filter((r) => r.path === '/services/oauth2/userinfo').length;
    const before = lookups();
    sim.expireSessions();
    // A bare access token cannot be renewed, so the fresh login is refused: coded, not looping.
    await expect(client.limits()).rejects.toMatchObject({ code: 'SALESFORCE.AUTH_FAILED' });
    expect(lookups()).toBe(before + 1);
  });

  it('INVALID_SESSION_ID with working credentials: re-login, then the call succeeds', async () => {
    const client = await clientFor(sim);
    sim.inject({ path: '/limits', respond: { status: 401, errorCode: 'INVALID_SESSION_ID' } });
    const lookups = () => sim.stats.requests.filter((r) => r.path === '/services/oauth2/userinfo').length;
    const before = lookups();
    await client.limits();
    expect(lookups()).toBe(before + 1);
  });

  it('REQUEST_LIMIT_EXCEEDED (daily allowance) is not retried', async () => {
    const client = await clientFor(sim);
    sim.inject({
      path: '/query',
      respond: { status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
    });
    await expect(client.queryAll('SELECT Id FROM Contact')).rejects.toMatchObject({
      code: 'SALESFORCE.REQUEST_LIMIT_EXCEEDED',
    });
    expect(sleeps).toHaveLength(0);
  });

  it('UNABLE_TO_LOCK_ROW on a request is retried', async () => {
    sim.inject({
      path: '/composite',
      method: 'POST',
      respond: { status: 400, errorCode: 'UNABLE_TO_LOCK_ROW' },
    });
    const client = await clientFor(sim);
    const res = await client.composite([
      {
        method: 'PATCH',
        url: '/sobjects/Teachback_Interaction_Score__c/External_Id__c/c-1',
        referenceId: 'score',
        body: { Score__c: 90 },
      },
    ]);
    expect(res[0]!.httpStatusCode).toBe(201);
    expect(sleeps).toHaveLength(1);
  });

  it('UNABLE_TO_LOCK_ROW on some records resends only those records', async () => {
    sim.inject({
      method: 'PATCH',
      path: '/composite/sobjects',
      respond: { kind: 'record-error', errorCode: 'UNABLE_TO_LOCK_ROW', records: 2 },
    });
    const client = await clientFor(sim);
    const records = Array.from({ length: 5 }, (_, i) => ({ External_Id__c: `lock-${i}`, Score__c: i }));
    const out = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', records);
    expect(out.map((o) => o.created)).toEqual([true, true, true, true, true]);
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(5);
    expect(sleeps).toHaveLength(1);
  });

  it('a write whose answer is lost is retried without creating anything twice', async () => {
    const client = await clientFor(sim);
    sim.inject({ method: 'PATCH', path: '/composite/sobjects', respond: { kind: 'reset-after' } });
    const records = Array.from({ length: 3 }, (_, i) => ({ External_Id__c: `lost-${i}`, Score__c: i }));
    const out = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', records);
    // The first attempt created them; the retry found them by external id.
    expect(out.map((o) => o.created)).toEqual([false, false, false]);
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(3);
    expect(sleeps).toHaveLength(1);
  });

  it('takes a throttle token for every request', async () => {
    const throttle = new Throttle({ requestsPerMinute: 6000, burst: 100 });
    const client = await clientFor(sim, { throttle });
    await client.queryAll('SELECT Id FROM Contact', { batchSize: 10 });
    expect(throttle.granted).toBe(client.apiCalls);
    expect(client.apiCalls).toBe(3);
  });

  it('FIELD_INTEGRITY on a record comes back coded with field names only, not retried', async () => {
    const client = await clientFor(sim);
    const out = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', [
      { External_Id__c: 'ok-1', Score__c: 1 },
      { External_Id__c: 'bad-1', Contact__c: '003SIMDOESNOTEXIST' },
    ]);
    expect(out[0]).toMatchObject({ created: true });
    expect(out[1]!.error).toEqual({
      code: 'SALESFORCE.FIELD_INTEGRITY',
      salesforceCode: 'FIELD_INTEGRITY_EXCEPTION',
      fields: ['Contact__c'],
    });
    expect(sleeps).toHaveLength(0);
  });

  it('retries stop after the policy allows, surfacing the coded error', async () => {
    sim.inject({ path: '/limits', times: 10, respond: { status: 503, errorCode: 'SERVER_UNAVAILABLE' } });
    const client = await clientFor(sim, { retry: { maxAttempts: 3 } });
    const err = await client.limits().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'SALESFORCE.SERVER_ERROR', status: 503 });
    expect(sleeps).toHaveLength(2);
  });
});

describe('writes', () => {
  let sim: SalesforceSimulator;
  beforeEach(async () => {
    sim = await startSalesforceSimulator();
  });
  afterEach(() => sim.close());

  it('splits collections at 200 records and replays create nothing new', async () => {
    const client = await clientFor(sim);
    const records = Array.from({ length: 450 }, (_, i) => ({ External_Id__c: `s-${i}`, Score__c: i % 100 }));
    const first = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', records);
    expect(client.apiCalls).toBe(3);
    expect(first.every((o) => o.created)).toBe(true);
    const again = await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', records);
    expect(again.every((o) => o.created === false && o.id === first[o.index]!.id)).toBe(true);
    expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(450);
  });

  it('composite links a task to the score it creates, in one API call', async () => {
    const client = await clientFor(sim);
    const owner = sim.population.agents[0]!.salesforceUserId;
    const before = sim.stats.apiCalls;
    const res = await client.composite([
      {
        method: 'PATCH',
        url: '/sobjects/Teachback_Interaction_Score__c/External_Id__c/k-1',
        referenceId: 'score',
        body: { Score__c: 70 },
      },
      {
        method: 'PATCH',
        url: '/sobjects/Task/Teachback_External_Id__c/k-1-coach',
        referenceId: 'task',
        body: { Subject: 'Coaching', OwnerId: owner, WhatId: '@{score.id}' },
      },
    ]);
    expect(res.map((r) => r.httpStatusCode)).toEqual([201, 201]);
    expect(sim.stats.apiCalls - before).toBe(1);
    const score = sim.records('Teachback_Interaction_Score__c')[0]!;
    const task = sim.records('Task').find((t) => t['Teachback_External_Id__c'] === 'k-1-coach')!;
    expect(task['WhatId']).toBe(score['Id']);
  });
});

describe('Bulk API 2.0 upload semantics', () => {
  it('null clears a field, a value the record lacks is left alone; every step is counted', async () => {
    const sim = await startSalesforceSimulator();
    try {
      const client = await clientFor(sim, { bulkPollIntervalMs: 1 });
      await client.upsertRecords('Teachback_Interaction_Score__c', 'External_Id__c', [
        { External_Id__c: 'n1', Score__c: 5, Escalation_Type__c: 'abusive_caller' },
      ]);
      const before = { ours: client.apiCalls, server: sim.stats.apiCalls };
      const res = await client.bulkUpsert('Teachback_Interaction_Score__c', 'External_Id__c', [
        { External_Id__c: 'n1', Escalation_Type__c: null },
        { External_Id__c: 'n2', Score__c: 7, Escalation_Type__c: 'a, "quoted" value' },
      ]);
      expect(res.outcomes.map((o) => o.created)).toEqual([false, true]);
      const rows = sim.records('Teachback_Interaction_Score__c');
      expect(rows.find((r) => r['External_Id__c'] === 'n1')).toMatchObject({
        Score__c: 5,
        Escalation_Type__c: null,
      });
      expect(rows.find((r) => r['External_Id__c'] === 'n2')).toMatchObject({
        Escalation_Type__c: 'a, "quoted" value',
      });
      expect(client.apiCalls - before.ours).toBe(sim.stats.apiCalls - before.server);
    } finally {
      await sim.close();
    }
  });
});

describe('daily API allowance', () => {
  it('slows down below the threshold and stops at the reserve', async () => {
    sleeps.length = 0;
    const sim = await startSalesforceSimulator({ dailyApiLimit: 1000 });
    try {
      const client = await clientFor(sim, {
        allowance: { slowDownBelow: 0.2, reserve: 0.05, maxSlowdownMs: 1000 },
      });
      sim.setApiUsage(850);
      await client.limits();
      expect(client.dailyApiUsage).toEqual({ used: 851, limit: 1000 });
      await client.count('SELECT COUNT() FROM Contact');
      expect(client.slowdowns).toBe(1);
      expect(sleeps[0]).toBeGreaterThan(0);
      sim.setApiUsage(960);
      await client.count('SELECT COUNT() FROM Contact');
      await expect(client.count('SELECT COUNT() FROM Contact')).rejects.toMatchObject({
        code: 'SALESFORCE.API_ALLOWANCE_LOW',
      });
    } finally {
      await sim.close();
    }
  });
});

describe('Bulk API 2.0', () => {
  it('query pages through Sforce-Locator with no repeated header rows; a failed page is read again alone', async () => {
    const sim = await startSalesforceSimulator({ bulkTasks: 2_500, bulkPageSize: 1_000 });
    try {
      const client = await clientFor(sim, { bulkPollIntervalMs: 10 });
      // The second results page fails once: only that page is read again.
      sim.inject({ path: /^\/jobs\/query\/\w+\/results$/, skip: 1, respond: { status: 503 } });
      const rows = await client.bulkQuery("SELECT Id, SystemModstamp FROM Task WHERE TaskSubtype = 'Call'");
      expect(sim.stats.faultsFired).toBe(1);
      const expected = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call').length;
      expect(rows).toHaveLength(expected);
      expect(rows.some((r) => r['Id'] === 'Id')).toBe(false);
      expect(sim.stats.bulkQueryJobs).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('upserts by external id and codes per-row failures', async () => {
    const sim = await startSalesforceSimulator();
    try {
      const client = await clientFor(sim, { bulkPollIntervalMs: 10 });
      const records = [
        { External_Id__c: 'b-1', Score__c: 10 },
        { External_Id__c: 'b-2', Contact__c: '003SIMNOPE00000000' },
      ];
      const res = await client.bulkUpsert('Teachback_Interaction_Score__c', 'External_Id__c', records);
      expect(res.successful).toBe(1);
      expect(res.failed).toEqual([
        {
          index: 1,
          error: {
            code: 'SALESFORCE.FIELD_INTEGRITY',
            salesforceCode: 'FIELD_INTEGRITY_EXCEPTION',
            fields: [],
          },
        },
      ]);
      expect(res.outcomes).toEqual([
        { index: 0, id: expect.any(String), created: true },
        { index: 1, error: res.failed[0]!.error },
      ]);
      expect(sim.stats.bulkIngestJobs).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
