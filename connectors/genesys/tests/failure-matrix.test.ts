import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { ConnectorError } from '@teachback/connector-kit';
import {
  GenesysClient,
  GenesysErrorCode,
  detailsQueryPages,
  REGIONS,
  resolveRegion,
  regionUrls,
} from '../src';

const API = 'https://api.mypurecloud.ie';
const LOGIN = 'https://login.mypurecloud.ie';

function token(scope: nock.Scope | undefined = undefined, accessToken = 'tok-1'): nock.Scope {
  return (scope ?? nock(LOGIN))
    .post('/oauth/token', 'grant_type=client_credentials')
    .basicAuth({ user: 'client-a', pass: 'secret-a' })
    .reply(200, { access_token: accessToken, token_type: 'bearer', expires_in: 86400 });
}

function client(extra: Partial<ConstructorParameters<typeof GenesysClient>[0]> = {}) {
  const sleeps: number[] = [];
  let clock = 0;
  const c = new GenesysClient({
    now: () => clock,
    orgId: 'org-1',
    region: 'eu_west_1',
    credentials: { clientId: 'client-a', clientSecret: 'secret-a' },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    requestsPerMinute: 60_000,
    ...extra,
  });
  return { c, sleeps };
}

const conv = (i: number) => ({ conversationId: `c-${i}`, conversationStart: '2026-11-01T10:00:00.000Z' });
const interval = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-02T00:00:00Z') };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('regions', () => {
  it('lists the 18 regions and resolves ids, hosts and pasted URLs', () => {
    expect(Object.keys(REGIONS)).toHaveLength(18);
    expect(resolveRegion('https://api.mypurecloud.de/')).toBe('eu_central_1');
    expect(resolveRegion('apse1.pure.cloud')).toBe('ap_southeast_1');
    expect(resolveRegion('us_east_1')).toBe('us_east_1');
    expect(resolveRegion('example.com')).toBeUndefined();
    expect(regionUrls('us_east_2').login).toBe('https://login.use2.us-gov-pure.cloud');
  });
  it('rejects an unknown region with a coded error naming the field', () => {
    expect(
      () =>
        new GenesysClient({ orgId: 'o', region: 'mars', credentials: { clientId: 'a', clientSecret: 'b' } }),
    ).toThrow(
      expect.objectContaining({
        code: GenesysErrorCode.CONFIG_INVALID,
        message: expect.stringContaining('region'),
      }),
    );
  });
});

describe('failure matrix (real SDK against nock)', () => {
  it('429 with Retry-After: waits as told, then succeeds', async () => {
    const login = token();
    const api = nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .reply(429, { code: 'too.many.requests' }, { 'Retry-After': '7' })
      .post('/api/v2/analytics/conversations/details/query')
      .reply(200, { conversations: [conv(1)], totalHits: 1 });
    const { c, sleeps } = client();
    const res = await c.detailsQuery({ interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z' });
    expect(res.conversations?.map((x) => x.conversationId)).toEqual(['c-1']);
    // Waited once, through the throttle (shared by every caller of this credential), not twice.
    const waited = sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(7000);
    expect(waited).toBeLessThan(8000);
    expect(c.stats).toMatchObject({ requests: 2, rateLimited: 1, logins: 1 });
    login.done();
    api.done();
  });

  it('500 then 200: retries with backoff', async () => {
    token();
    const api = nock(API)
      .get('/api/v2/organizations/me')
      .reply(500, {})
      .get('/api/v2/organizations/me')
      .reply(200, { id: 'org-1', version: 1 });
    const { c, sleeps } = client();
    await expect(c.getOrganization()).resolves.toMatchObject({ id: 'org-1' });
    expect(sleeps).toHaveLength(1);
    api.done();
  });

  it('ECONNRESET: retries the request', async () => {
    // A real loopback server that drops the first API connection: nock's simulated reset races
    // with the SDK's socket handling under load, a destroyed socket does not.
    let apiCalls = 0;
    const server = createServer((req, res) => {
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'tok', expires_in: 86400 }));
        return;
      }
      if (++apiCalls === 1) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ organization: { id: 'org-1' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { c } = client({ gateway: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      await expect(c.getTokenInfo()).resolves.toMatchObject({ organization: { id: 'org-1' } });
      expect(apiCalls).toBe(2);
      expect(c.stats.retries).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('timeout: retries, and reports GENESYS.TIMEOUT once attempts run out', async () => {
    token();
    const api = nock(API).get('/api/v2/tokens/me').times(2).delay(300).reply(200, {});
    const { c } = client({ timeoutMs: 50, retry: { maxAttempts: 2 } });
    await expect(c.getTokenInfo()).rejects.toMatchObject({ code: GenesysErrorCode.TIMEOUT });
    expect(c.stats.requests).toBe(2);
    api.done();
  });

  it('401 then a fresh token: logs in again once and retries', async () => {
    const login = token(undefined, 'tok-1');
    token(login, 'tok-2');
    const api = nock(API)
      .get('/api/v2/tokens/me')
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(401, { code: 'bad.credentials' })
      .get('/api/v2/tokens/me')
      .matchHeader('authorization', 'Bearer tok-2')
      .reply(200, { organization: { id: 'org-1' } });
    const { c } = client();
    await expect(c.getTokenInfo()).resolves.toBeDefined();
    expect(c.stats.logins).toBe(2);
    login.done();
    api.done();
  });

  it('refused credentials: GENESYS.AUTH_FAILED without retrying', async () => {
    const login = nock(LOGIN).post('/oauth/token').reply(401, { error: 'invalid_client' });
    const { c } = client();
    await expect(c.getTokenInfo()).rejects.toMatchObject({ code: GenesysErrorCode.AUTH_FAILED });
    expect(c.stats.logins).toBe(1);
    login.done();
  });

  it('403 and 404 are not retried and carry stable codes', async () => {
    token();
    const api = nock(API)
      .get('/api/v2/quality/forms/evaluations')
      .query(true)
      .reply(403, { code: 'missing.any.permissions' })
      .get('/api/v2/speechandtextanalytics/conversations/c-1/communications/s-1/transcripturl')
      .reply(404, { code: 'not.found' })
      .get('/api/v2/integrations/types/teachback')
      .reply(404, { code: 'not.found' });
    const { c } = client();
    await expect(c.findEvaluationForms('Teachback')).rejects.toMatchObject({
      code: GenesysErrorCode.PERMISSION_MISSING,
      status: 403,
    });
    await expect(c.getTranscriptUrl('c-1', 's-1')).resolves.toBeUndefined();
    await expect(c.getIntegrationType('teachback')).rejects.toMatchObject({
      code: GenesysErrorCode.NOT_FOUND,
    });
    expect(c.stats.requests).toBe(3);
    api.done();
  });

  it('error messages never echo response bodies', async () => {
    token();
    nock(API)
      .get('/api/v2/tokens/me')
      .reply(400, { code: 'bad.request', message: 'Jane Roe DOB 1970-01-01' });
    const { c } = client();
    const err = (await c.getTokenInfo().catch((e: unknown) => e)) as ConnectorError;
    expect(err.code).toBe(GenesysErrorCode.BAD_REQUEST);
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain('Jane');
  });

  it('a recordings 202 (still transcoding) is reported, not thrown', async () => {
    token();
    nock(API).get('/api/v2/conversations/c-1/recordings').query(true).reply(202);
    const { c } = client();
    await expect(c.getConversationRecordings('c-1')).resolves.toEqual({ transcoding: true, recordings: [] });
  });
});

describe('details paging', () => {
  it('pages by 100 and stops on an empty or partial last page', async () => {
    token();
    const bodies: { paging: { pageNumber: number; pageSize: number } }[] = [];
    const api = nock(API)
      .post(
        '/api/v2/analytics/conversations/details/query',
        (b: { paging: { pageNumber: number; pageSize: number } }) => {
          bodies.push(b);
          return true;
        },
      )
      .times(3)
      .reply((_uri, body) => {
        const page = (body as { paging: { pageNumber: number } }).paging.pageNumber;
        const n = page < 3 ? 100 : 17;
        return [
          200,
          { totalHits: 217, conversations: Array.from({ length: n }, (_, i) => conv(page * 1000 + i)) },
        ];
      });
    const { c } = client();
    const seen: number[] = [];
    for await (const p of detailsQueryPages(c, interval)) seen.push(p.conversations.length);
    expect(seen).toEqual([100, 100, 17]);
    expect(bodies.map((b) => b.paging)).toEqual([
      { pageSize: 100, pageNumber: 1 },
      { pageSize: 100, pageNumber: 2 },
      { pageSize: 100, pageNumber: 3 },
    ]);
    api.done();
  });

  it('splits the interval when hits exceed the paging cap', async () => {
    token();
    const intervals: string[] = [];
    nock(API)
      .post('/api/v2/analytics/conversations/details/query')
      .times(3)
      .reply((_uri, body) => {
        const b = body as { interval: string };
        intervals.push(b.interval);
        if (b.interval === '2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z')
          return [200, { totalHits: 150 }];
        return [200, { totalHits: 2, conversations: [conv(intervals.length)] }];
      });
    const { c } = client();
    const ids: string[] = [];
    for await (const p of detailsQueryPages(c, interval, { resultCap: 100 })) {
      ids.push(...p.conversations.map((x) => x.conversationId!));
    }
    expect(intervals).toEqual([
      '2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z/2026-11-01T12:00:00.000Z',
      '2026-11-01T12:00:00.000Z/2026-11-02T00:00:00.000Z',
    ]);
    expect(ids).toEqual(['c-2', 'c-3']);
  });
});

describe('host guard', () => {
  it('downloads only from the configured host or pre-signed storage, without a Bearer header', async () => {
    const s3 = nock('https://bucket.s3.amazonaws.com', { badheaders: ['authorization'] })
      .get('/t.json')
      .query(true)
      .reply(200, '{"ok":true}');
    const { c } = client();
    const buf = await c.download('https://bucket.s3.amazonaws.com/t.json?X-Amz-Signature=abc', 'transcript');
    expect(JSON.parse(buf.toString())).toEqual({ ok: true });
    await expect(c.download('https://evil.example.com/x', 'transcript')).rejects.toMatchObject({
      code: GenesysErrorCode.HOST_NOT_ALLOWED,
    });
    s3.done();
  });

  it('with a gateway, even S3 is refused', async () => {
    const { c } = client({ gateway: 'http://127.0.0.1:9' });
    expect(() => c.assertAllowedUrl('https://bucket.s3.amazonaws.com/x', 'transcript')).toThrow(
      expect.objectContaining({ code: GenesysErrorCode.HOST_NOT_ALLOWED }),
    );
    expect(c.assertAllowedUrl('http://127.0.0.1:9/sim-s3/x', 'transcript').host).toBe('127.0.0.1:9');
  });
});
