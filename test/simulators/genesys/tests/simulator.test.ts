import * as platformClient from 'purecloud-platform-client-v2';
import { startGenesysSimulator, type GenesysSimulator } from '../src';

type Sdk = typeof platformClient.ApiClient;

async function login(sim: GenesysSimulator): Promise<Sdk> {
  const sdk = new (platformClient as unknown as { ApiClientClass: new () => Sdk }).ApiClientClass();
  sdk.config.live_reload_config = false;
  sdk.setEnvironment('mypurecloud.com');
  sdk.setGateway({ host: '127.0.0.1', protocol: 'http', port: String(sim.port) } as never);
  await sdk.loginClientCredentialsGrant('sim-client', 'sim-secret');
  return sdk;
}

describe('Genesys simulator', () => {
  let sim: GenesysSimulator;
  let clock = 0;
  beforeAll(async () => {
    sim = await startGenesysSimulator({
      conversations: 250,
      rateLimitPerMinute: 10,
      pagingCap: 200,
      now: () => clock,
    });
  });
  afterAll(() => sim.close());

  it('answers the real SDK through setGateway, with SDK-shaped conversations across media types', async () => {
    const sdk = await login(sim);
    const analytics = new platformClient.AnalyticsApi(sdk);
    const res = await analytics.postAnalyticsConversationsDetailsQuery({
      interval: '2026-10-31T00:00:00Z/2026-11-04T00:00:00Z',
      paging: { pageSize: 100, pageNumber: 1 },
    });
    expect(res.totalHits).toBe(250);
    expect(res.conversations).toHaveLength(100);
    const media = new Set(sim.conversations.map((c) => c.media));
    expect([...media].sort()).toEqual(['callback', 'chat', 'email', 'message', 'voice']);
  });

  it('enforces the per-token rate limit with 429 and Retry-After', async () => {
    clock += 120_000;
    const sdk = await login(sim);
    const org = new platformClient.OrganizationApi(sdk);
    for (let i = 0; i < 10; i++) await org.getOrganizationsMe();
    sdk.setReturnExtendedResponses(true);
    const err = (await org.getOrganizationsMe().catch((e: unknown) => e)) as {
      status: number;
      headers: Record<string, string>;
    };
    expect(err.status).toBe(429);
    expect(Number(err.headers['retry-after'])).toBeGreaterThan(0);
    clock += 61_000;
    await expect(org.getOrganizationsMe()).resolves.toMatchObject({ status: 200 });
  });

  it('refuses paging past the cap, and a Bearer header on pre-signed downloads', async () => {
    clock += 120_000;
    const token = (await (
      await fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('sim-client:sim-secret').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const capped = await fetch(`${sim.url}/api/v2/analytics/conversations/details/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        interval: '2026-10-31T00:00:00Z/2026-11-04T00:00:00Z',
        paging: { pageSize: 100, pageNumber: 3 },
      }),
    });
    expect(capped.status).toBe(400);
    const voice = sim.conversations.find((c) => c.hasStaTranscript)!;
    const s3 = `${sim.url}/sim-s3/transcripts/${voice.id}/${voice.communicationId}.json?X-Amz-Signature=sim`;
    expect((await fetch(s3, { headers: { authorization: 'Bearer x' } })).status).toBe(400);
    expect((await fetch(s3)).status).toBe(200);
  });

  it('answers 202 while a recording transcodes, then the list', async () => {
    clock += 120_000;
    const sdk = await login(sim);
    sdk.setReturnExtendedResponses(true);
    const rec = new platformClient.RecordingApi(sdk);
    const c = sim.conversations.find((x) => x.transcodingPolls > 0)!;
    const first = (await rec.getConversationRecordings(c.id)) as unknown as { status: number };
    const second = (await rec.getConversationRecordings(c.id)) as unknown as {
      status: number;
      body: unknown[];
    };
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toHaveLength(1);
  });
});
