import * as platformClient from 'purecloud-platform-client-v2';
import { startGenesysSimulator, type GenesysSimulator, type SeededGenesysCall } from '../src';

type Sdk = typeof platformClient.ApiClient;

const AGENT = '0000a6e4-0000-4000-8000-000000000001';
const CALLS: SeededGenesysCall[] = [
  {
    id: '5eed0000-0000-4000-8000-000000000002',
    startedAt: '2026-11-05T14:00:00.000Z',
    endedAt: '2026-11-05T14:04:00.000Z',
    direction: 'outbound',
    agentId: AGENT,
    customerName: 'Jordan Sampleton',
    customerPhone: '+15555550177',
  },
  {
    id: '5eed0000-0000-4000-8000-000000000001',
    startedAt: '2026-11-05T09:30:00.000Z',
    endedAt: '2026-11-05T09:36:40.000Z',
    direction: 'inbound',
    agentId: AGENT,
    customerName: 'Avery Testperson',
    customerPhone: '+15555550123',
  },
];

async function login(sim: GenesysSimulator): Promise<Sdk> {
  const sdk = new (platformClient as unknown as { ApiClientClass: new () => Sdk }).ApiClientClass();
  sdk.config.live_reload_config = false;
  sdk.setEnvironment('mypurecloud.com');
  sdk.setGateway({ host: '127.0.0.1', protocol: 'http', port: String(sim.port) } as never);
  await sdk.loginClientCredentialsGrant('sim-client', 'sim-secret');
  return sdk;
}

describe('Genesys simulator seeded with given calls', () => {
  let sim: GenesysSimulator;
  beforeAll(async () => {
    sim = await startGenesysSimulator({ calls: CALLS, conversations: 50 });
  });
  afterAll(() => sim.close());

  it('serves exactly those conversations, in time order, with the caller named and on the right end', async () => {
    const analytics = new platformClient.AnalyticsApi(await login(sim));
    const res = await analytics.postAnalyticsConversationsDetailsQuery({
      interval: '2026-11-01T00:00:00Z/2026-11-10T00:00:00Z',
      paging: { pageSize: 100, pageNumber: 1 },
    });
    expect(res.totalHits).toBe(2);
    const customerLeg = (c: platformClient.Models.AnalyticsConversationWithoutAttributes) => {
      const p = c.participants!.find((x) => x.purpose === 'customer')!;
      const s = p.sessions![0]!;
      return { name: p.participantName, mediaType: s.mediaType, ani: s.ani, dnis: s.dnis };
    };
    expect(
      res.conversations!.map((c) => ({
        id: c.conversationId,
        start: c.conversationStart,
        end: c.conversationEnd,
        direction: c.originatingDirection,
        agent: c.participants!.find((p) => p.purpose === 'agent')!.userId,
        customer: customerLeg(c),
      })),
    ).toEqual([
      {
        id: CALLS[1]!.id,
        start: CALLS[1]!.startedAt,
        end: CALLS[1]!.endedAt,
        direction: 'inbound',
        agent: AGENT,
        customer: {
          name: 'Avery Testperson',
          mediaType: 'voice',
          ani: 'tel:+15555550123',
          dnis: 'tel:+15550100100',
        },
      },
      {
        id: CALLS[0]!.id,
        start: CALLS[0]!.startedAt,
        end: CALLS[0]!.endedAt,
        direction: 'outbound',
        agent: AGENT,
        customer: {
          name: 'Jordan Sampleton',
          mediaType: 'voice',
          ani: 'tel:+15550100100',
          dnis: 'tel:+15555550177',
        },
      },
    ]);
  });

  it('keeps generating conversations when no calls are given', async () => {
    const generated = await startGenesysSimulator({ conversations: 7 });
    try {
      expect(generated.conversations).toHaveLength(7);
      expect(generated.conversations.some((c) => CALLS.some((x) => x.id === c.id))).toBe(false);
    } finally {
      await generated.close();
    }
  });

  it('names the call and the field when a seeded call cannot be served', async () => {
    const noPhone: SeededGenesysCall = { ...CALLS[0]! };
    delete noPhone.customerPhone;
    await expect(startGenesysSimulator({ calls: [CALLS[1]!, noPhone] })).rejects.toThrow(
      "calls[1]: media voice needs the customer's address",
    );
    await expect(
      startGenesysSimulator({ calls: [{ ...CALLS[0]!, endedAt: CALLS[0]!.startedAt }] }),
    ).rejects.toThrow('calls[0].startedAt/endedAt');
  });
});
