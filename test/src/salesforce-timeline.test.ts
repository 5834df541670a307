import net from 'node:net';
import { MemoryInteractionSink, syncCallLogs } from '@teachback/adapter-five9';
import { MemoryCheckpoints, MemoryInteractions, MemoryQuarantine } from '@teachback/core';
import { syncRecentConversations } from '@teachback/adapter-genesys';
import { MemoryDirectory, parseAdapterConfig, syncSalesforce } from '@teachback/adapter-salesforce';
import { Five9AdminClient, OperationLimiter } from '@teachback/connector-five9';
import { GenesysClient } from '@teachback/connector-genesys';
import { createSalesforceSession, SalesforceClient } from '@teachback/connector-salesforce';
import {
  buildTimelines,
  IdentityDirectory,
  Interaction,
  type PersonProfile,
  type UnifiedTimelineEntry,
} from '@teachback/core';
import { REPORTS, startFive9Simulator, type SimCall } from '@teachback/simulator-five9';
import { startGenesysSimulator, type SeededGenesysCall } from '@teachback/simulator-genesys';
import {
  expectedTimeline,
  platformCalls,
  startSalesforceSimulator,
  syntheticPopulation,
  type Carrier,
  type SyntheticPopulation,
} from '@teachback/simulator-salesforce';

/**
 * End to end: the unified patient timeline from every platform's simulator, seeded from the one
 * shared synthetic population (`syntheticPopulation` in @teachback/simulator-salesforce).
 *
 * Each platform is a `PlatformUnderTest` that starts its simulator and pulls it through the real
 * connector and adapter into core interactions. The Genesys and Five9 simulators take their calls
 * from the population (`platformCalls`), so all three describe the same people and calls.
 */

interface PlatformUnderTest {
  platform: Carrier;
  pull(): Promise<Interaction[]>;
  close(): Promise<void>;
  /** Systems of record contribute the people directory (the CRM). */
  people?(): PersonProfile[];
}

const SEED = 42;
const TENANT = 'clinic1';

// Loopback only, enforced at the socket: a connection to any other host fails and is recorded.
const blocked: string[] = [];
const realConnect = net.Socket.prototype.connect;
beforeAll(() => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
    // net.connect() hands the socket its normalised [options, callback] pair as one array.
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host: unknown =
      typeof first === 'object' && first !== null
        ? (first.host ?? (first.path ? 'ipc' : 'localhost'))
        : args[1];
    if (typeof host === 'string' && !['127.0.0.1', 'localhost', '::1', 'ipc'].includes(host)) {
      blocked.push(host);
      throw new Error(`network disabled in this test: ${host}`);
    }
    return (realConnect as (...a: any[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});
afterAll(() => {
  net.Socket.prototype.connect = realConnect;
  expect(blocked).toEqual([]);
});

async function salesforcePlatform(pop: SyntheticPopulation): Promise<PlatformUnderTest> {
  // An org that still has legacy chat and its own member-id fields: the seed's every activity is there.
  const sim = await startSalesforceSimulator({
    population: pop,
    org: { liveChat: true, memberIdFields: true },
  });
  const session = createSalesforceSession(
    { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
    { allowHttp: true },
  );
  const deps = {
    client: new SalesforceClient({ session }),
    checkpoints: new MemoryCheckpoints(),
    interactions: new MemoryInteractions(),
    directory: new MemoryDirectory(),
    quarantine: new MemoryQuarantine(),
    config: parseAdapterConfig({
      tenantId: TENANT,
      pageSize: 50,
      memberIdField: 'Member_Id__c',
      personAccountMemberIdField: 'Member_Id__pc',
    }),
  };
  return {
    platform: 'salesforce',
    async pull() {
      const report = await syncSalesforce(deps);
      expect(report.streams.flatMap((s) => s.rejected)).toEqual([]);
      return deps.interactions.values();
    },
    people: () => deps.directory.people.values().map((p) => p.profile),
    close: () => sim.close(),
  };
}

/** The Five9 simulator's call log, built from the population's Five9-carried calls. */
function five9Calls(pop: SyntheticPopulation): SimCall[] {
  return platformCalls(pop, 'five9').map((c, i) => ({
    callId: c.id,
    sessionId: `SIMSESSION${String(i).padStart(6, '0')}F9`,
    startedAtMs: Date.parse(c.startedAt),
    mediaType: 'VOICE',
    campaign: 'Member Services',
    callType: c.direction === 'inbound' ? 'Inbound' : 'Outbound',
    skill: 'Benefits',
    agent: c.agentId,
    agentName: c.agentName,
    disposition: 'Resolved',
    // As Five9's call log writes them: on outbound calls ANI is the center's caller id, DNIS the patient.
    ani: c.direction === 'inbound' ? c.customerPhone.slice(2) : '5550100199',
    dnis: c.direction === 'inbound' ? '5550100100' : c.customerPhone.slice(2),
    patientAddress: c.customerPhone.slice(2),
    customerName: c.customerName,
    talkSeconds: c.durationSeconds,
    holdSeconds: 0,
    queueSeconds: 0,
    afterCallWorkSeconds: 0,
    recorded: false,
    notes: '',
  }));
}

async function five9Platform(pop: SyntheticPopulation): Promise<PlatformUnderTest> {
  const calls = five9Calls(pop);
  const last = Math.max(...calls.map((c) => c.startedAtMs));
  const clock = { now: last + 86_400_000 };
  const sim = await startFive9Simulator({ calls, now: () => clock.now });
  const advance = async (ms: number) => void (clock.now += ms);
  const client = new Five9AdminClient({
    credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
    baseUrl: sim.url,
    limiter: new OperationLimiter({ now: () => clock.now, sleep: advance }),
    sleep: advance,
  });
  const sink = new MemoryInteractionSink();
  return {
    platform: 'five9',
    async pull() {
      const first = Math.min(...calls.map((c) => c.startedAtMs));
      await syncCallLogs(
        {
          tenantId: TENANT,
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(first - 3_600_000).toISOString(),
          chunkHours: 24 * 7,
        },
        {
          client,
          checkpoints: new MemoryCheckpoints(),
          sink,
          quarantine: new MemoryQuarantine(),
          now: () => clock.now,
        },
      );
      return sink.all();
    },
    close: () => sim.close(),
  };
}

/** The Genesys simulator's conversations: the population's Genesys-carried calls, as given. */
function genesysCalls(pop: SyntheticPopulation): SeededGenesysCall[] {
  return platformCalls(pop, 'genesys').map((c) => ({
    id: c.id,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    direction: c.direction,
    media: 'voice',
    agentId: c.agentId,
    customerName: c.customerName,
    customerPhone: c.customerPhone,
  }));
}

async function genesysPlatform(pop: SyntheticPopulation): Promise<PlatformUnderTest> {
  const calls = genesysCalls(pop);
  const first = Math.min(...calls.map((c) => Date.parse(c.startedAt)));
  const last = Math.max(...calls.map((c) => Date.parse(c.endedAt)));
  // Fake time: the client's pacing (250/min under the simulator's 300/min) advances the clock
  // instead of sleeping, so a sync that would take minutes takes well under a second.
  const clock = { now: last + 3_600_000 };
  const now = () => clock.now;
  const sleep = async (ms: number) => void (clock.now += ms);
  const sim = await startGenesysSimulator({ calls, now });
  const client = new GenesysClient({
    orgId: 'sim-org',
    region: 'us_east_1',
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
    gateway: sim.url,
    now,
    sleep,
  });
  const sink = new MemoryInteractions();
  return {
    platform: 'genesys',
    async pull() {
      const report = await syncRecentConversations(
        { client, checkpoints: new MemoryCheckpoints(), sink, now: () => new Date(clock.now), sleep },
        { tenantId: TENANT, initialLookbackMs: clock.now - first + 86_400_000, windowMs: 7 * 86_400_000 },
      );
      expect(report).toMatchObject({ created: calls.length, skipped: { malformed: 0, unsupportedMedia: 0 } });
      return [...sink.rows.values()].map((r) => r.interaction);
    },
    close: () => sim.close(),
  };
}

/** Maps an entry back to the seed activity through any of its source ids. */
function activityIndex(pop: SyntheticPopulation): Map<string, string> {
  const index = new Map<string, string>();
  for (const a of pop.activities) {
    if (a.genesys) index.set(`genesys:${a.genesys.conversationId}`, a.key);
    if (a.five9) index.set(`five9:${a.five9.callId}`, a.key);
    if (a.salesforce) index.set(`salesforce:${a.salesforce.id}`, a.key);
    if (a.salesforce?.taskId) index.set(`salesforce:${a.salesforce.taskId}`, a.key);
  }
  return index;
}

function asExpected(entry: UnifiedTimelineEntry, index: Map<string, string>) {
  const keys = new Set(entry.sources.map((s) => index.get(`${s.platform}:${s.externalId}`)));
  expect(keys.size).toBe(1);
  return {
    activityKey: [...keys][0],
    channel: entry.channel,
    direction: entry.direction,
    startedAt: entry.startedAt,
    platforms: entry.platforms,
  };
}

describe('unified patient timeline across Genesys, Five9 and Salesforce', () => {
  const pop = syntheticPopulation(SEED);
  let platforms: PlatformUnderTest[] = [];
  let interactions: Interaction[] = [];
  let people: IdentityDirectory;

  beforeAll(async () => {
    platforms = [await genesysPlatform(pop), await five9Platform(pop), await salesforcePlatform(pop)];
    for (const p of platforms) interactions.push(...(await p.pull()));
    people = new IdentityDirectory(platforms.flatMap((p) => p.people?.() ?? []));
  }, 60_000);
  afterAll(async () => {
    for (const p of platforms) await p.close();
    interactions = [];
  });

  it('matches the seed exactly for every patient: entries, order and de-duplication', () => {
    const synced = platforms.map((p) => p.platform);
    const { byPerson, unresolved } = buildTimelines({ interactions, people });
    expect(unresolved).toEqual([]);
    const index = activityIndex(pop);
    for (const patient of pop.patients) {
      const timeline = byPerson.get(`salesforce:${patient.salesforce.contactId}`) ?? [];
      expect({ patient: patient.key, entries: timeline.map((e) => asExpected(e, index)) }).toEqual({
        patient: patient.key,
        entries: expectedTimeline(pop, patient.key, synced),
      });
    }
  });

  it('the household patient keeps only their own calls on the shared line', () => {
    const { byPerson } = buildTimelines({ interactions, people });
    const [p3, p4] = [pop.patients[2]!, pop.patients[3]!];
    const t3 = byPerson.get(`salesforce:${p3.salesforce.contactId}`)!;
    const genesysOnly = t3.find((e) => e.platforms.join() === 'genesys')!;
    expect(genesysOnly).toMatchObject({ identifiedBy: 'phone+name' });
    const t4 = byPerson.get(`salesforce:${p4.salesforce.contactId}`) ?? [];
    expect(t4.some((e) => e.id === genesysOnly.id)).toBe(false);
  });

  it('every Genesys-only call on a household line is placed by the caller name Genesys carries', () => {
    const { byPerson } = buildTimelines({ interactions, people });
    const index = activityIndex(pop);
    const household = pop.patients.filter((p) => p.householdKey);
    const onSharedLine = pop.activities.filter(
      (a) => household.some((p) => p.key === a.patientKey) && a.genesys && !a.salesforce,
    );
    expect(onSharedLine.length).toBeGreaterThan(0);
    for (const a of onSharedLine) {
      const owners = household.filter((p) =>
        (byPerson.get(`salesforce:${p.salesforce.contactId}`) ?? []).some(
          (e) => asExpected(e, index).activityKey === a.key,
        ),
      );
      expect({ call: a.key, owners: owners.map((p) => p.key) }).toEqual({
        call: a.key,
        owners: [a.patientKey],
      });
    }
  });

  it('without the caller name, those calls are held back rather than merged on the number alone', () => {
    // The same synced interactions with the name taken out, as an older Genesys mapping left them.
    const nameless = interactions.map((i) =>
      i.source.platform !== 'genesys'
        ? i
        : Interaction.parse({
            ...i,
            participants: i.participants.map((p) => (p.role === 'customer' ? { ...p, name: undefined } : p)),
            ...(i.contact ? { contact: { ...i.contact, name: undefined } } : {}),
          }),
    );
    const { byPerson, unresolved } = buildTimelines({ interactions: nameless, people });
    const index = activityIndex(pop);
    const household = new Set(pop.patients.filter((p) => p.householdKey).map((p) => p.key));
    const heldBack = pop.activities.filter((a) => household.has(a.patientKey) && a.genesys && !a.salesforce);
    expect(heldBack.length).toBeGreaterThan(0);
    expect(
      unresolved
        .map((u) => ({ key: asExpected(u.entry, index).activityKey, reason: u.reason }))
        .sort((a, b) => a.key!.localeCompare(b.key!)),
    ).toEqual(heldBack.map((a) => ({ key: a.key, reason: 'shared-phone-needs-name' })));
    const synced = platforms.map((p) => p.platform);
    for (const patient of pop.patients) {
      const timeline = byPerson.get(`salesforce:${patient.salesforce.contactId}`) ?? [];
      expect({ patient: patient.key, entries: timeline.map((e) => asExpected(e, index)) }).toEqual({
        patient: patient.key,
        entries: expectedTimeline(pop, patient.key, synced).filter(
          (e) => !heldBack.some((a) => a.key === e.activityKey),
        ),
      });
    }
  });

  it('a call seen by Genesys and Salesforce (VoiceCall + its Task) is one entry listing all its records', () => {
    const a = pop.activities.find((x) => x.genesys && x.salesforce?.taskId)!;
    const patient = pop.patients.find((p) => p.key === a.patientKey)!;
    const scores = {
      [`genesys:${a.genesys!.conversationId}`]: {
        score: 62,
        compliant: false,
        escalated: true,
        escalationTypes: ['medical_emergency'],
      },
    };
    const { byPerson } = buildTimelines({ interactions, people, scores });
    const entry = byPerson
      .get(`salesforce:${patient.salesforce.contactId}`)!
      .find((e) => e.id === `genesys:${a.genesys!.conversationId}`)!;
    expect(entry.sources.map((s) => `${s.platform}:${s.externalId}`)).toEqual([
      `genesys:${a.genesys!.conversationId}`,
      `salesforce:${a.salesforce!.taskId}`,
      `salesforce:${a.salesforce!.id}`,
    ]);
    expect(entry).toMatchObject({
      platforms: ['genesys', 'salesforce'],
      score: 62,
      compliant: false,
      escalated: true,
      escalationTypes: ['medical_emergency'],
    });
  });

  it('a Person Account patient gets activities linked by Account id and by PersonContactId', () => {
    const patient = pop.patients.find((p) => p.salesforce.kind === 'person-account')!;
    const { byPerson } = buildTimelines({ interactions, people });
    const timeline = byPerson.get(`salesforce:${patient.salesforce.contactId}`)!;
    expect(timeline.length).toBe(pop.activities.filter((a) => a.patientKey === patient.key).length);
  });
});

describe('Salesforce backfill of 50,000 activities', () => {
  it('goes through Bulk API 2.0 and reports the API calls it used', async () => {
    const pop = syntheticPopulation(SEED);
    const sim = await startSalesforceSimulator({ population: pop, bulkTasks: 50_000, bulkPageSize: 10_000 });
    try {
      const session = createSalesforceSession(
        { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
        { allowHttp: true },
      );
      const deps = {
        client: new SalesforceClient({ session, bulkPollIntervalMs: 50 }),
        checkpoints: new MemoryCheckpoints(),
        interactions: new MemoryInteractions(),
        directory: new MemoryDirectory(),
        quarantine: new MemoryQuarantine(),
        config: parseAdapterConfig({ tenantId: TENANT, streams: ['Task'], bulkThreshold: 10_000 }),
      };
      await session.connection();
      const apiBefore = sim.stats.apiCalls;
      const report = await syncSalesforce(deps);
      const tasks = report.streams[0]!;
      const callLogs = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call').length;
      expect(callLogs).toBeGreaterThanOrEqual(50_000);
      expect(tasks).toMatchObject({ mode: 'bulk', fetched: callLogs, rejected: [] });
      expect(deps.interactions.created).toBe(callLogs);
      expect(sim.stats.bulkQueryJobs).toBe(1);
      // Our count and Salesforce's count agree, and a backfill this size costs a handful of calls.
      // Salesforce's own counter agrees with what the server saw (our count can only be higher,
      // by requests that died on the wire and were retried).
      const served = sim.stats.apiCalls - apiBefore;
      expect(report.dailyApiUsed!.after - report.dailyApiUsed!.before).toBe(served);
      expect(report.apiCallsMade).toBeGreaterThanOrEqual(served);
      expect(served).toBeLessThan(20);
      // Minimum the API shapes allow: describeGlobal + one /composite describe, the Bulk job, one
      // status poll and one results page per 10,000 rows. Ours adds the REST page that decides.
      const minimum = 2 + 1 + 1 + Math.ceil(callLogs / 10_000);
      expect(served).toBeLessThanOrEqual(1.5 * minimum);
      expect(report.quarantined).toBe(0);
      console.log(
        `Salesforce backfill: ${tasks.fetched} call logs via Bulk API 2.0 in ${report.apiCallsMade} API calls ` +
          `(daily usage ${report.dailyApiUsed!.before} → ${report.dailyApiUsed!.after} of ${report.dailyApiUsed!.limit})`,
      );
    } finally {
      await sim.close();
    }
  }, 60_000);
});
