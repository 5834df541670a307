/**
 * The one synthetic population every platform simulator seeds from, so Genesys, Five9 and
 * Salesforce show the same (invented) people and some of the same calls. Deterministic for a
 * seed: the same seed gives byte-identical output on every machine.
 *
 * Ids other simulators must use:
 * - a call carried by Genesys has `genesys.conversationId` (a UUID) as its conversation id;
 * - a call carried by Five9 has `five9.callId` (15 digits) as its call id;
 * - Salesforce records of those calls carry the same value in VoiceCall.VendorCallKey (Genesys)
 *   or Task.CallObject (Five9, and Genesys calls logged as Tasks);
 * - the customer's phone on the call is `customerPhone` (E.164) and their name `patient.name`.
 * All names, phones (555-01xx fictional range), emails (example.org) and member ids are invented.
 */

export type Carrier = 'genesys' | 'five9' | 'salesforce';
export type SyntheticChannel = 'voice' | 'email' | 'sms' | 'chat' | 'messaging';
export type SalesforceActivityObject =
  'VoiceCall' | 'Task' | 'EmailMessage' | 'MessagingSession' | 'LiveChatTranscript';

export interface SyntheticAgent {
  key: string;
  name: string;
  salesforceUserId: string;
  genesysUserId: string;
  five9Username: string;
}

export interface SyntheticPatient {
  key: string;
  firstName: string;
  lastName: string;
  name: string;
  dateOfBirth: string;
  memberId: string;
  /** E.164; the first is the primary. Household members share their first phone. */
  phones: string[];
  email: string;
  householdKey?: string;
  salesforce: { kind: 'contact' | 'person-account'; contactId: string; accountId?: string };
}

export interface SyntheticActivity {
  key: string;
  patientKey: string;
  agentKey: string;
  channel: SyntheticChannel;
  direction: 'inbound' | 'outbound';
  startedAt: string;
  endedAt: string;
  /** The phone the call used (E.164), for voice and sms. */
  customerPhone?: string;
  genesys?: { conversationId: string };
  five9?: { callId: string };
  salesforce?: {
    object: SalesforceActivityObject;
    id: string;
    /** A VoiceCall's call-log Task (VoiceCall.ActivityId): the same call, not a second one. */
    taskId?: string;
    caseId?: string;
    /** Last-modified time in Salesforce; several records deliberately share one value. */
    systemModstamp: string;
  };
}

export interface SyntheticCase {
  id: string;
  caseNumber: string;
  patientKey: string;
  subject: string;
  createdAt: string;
}

export interface SyntheticPopulation {
  seed: number;
  orgId: string;
  integrationUser: { id: string; username: string; name: string };
  agents: SyntheticAgent[];
  patients: SyntheticPatient[];
  cases: SyntheticCase[];
  activities: SyntheticActivity[];
}

/** mulberry32: tiny, fast, good enough for test data, identical on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Avery',
  'Jordan',
  'Riley',
  'Morgan',
  'Casey',
  'Quinn',
  'Rowan',
  'Harper',
  'Emerson',
  'Finley',
  'Sage',
  'Reese',
  'Dakota',
  'Skyler',
  'Hayden',
  'Parker',
  'Blake',
  'Ellis',
  'Marlow',
  'Tatum',
];
const LAST = [
  'Testwell',
  'Samplesby',
  'Mockford',
  'Fakeley',
  'Demoson',
  'Stubbins',
  'Placeholt',
  'Fixture',
  'Synthwick',
  'Noreal',
];
const AGENT_NAMES = [
  'Alex Agent',
  'Bailey Agent',
  'Cameron Agent',
  'Drew Agent',
  'Elliot Agent',
  'Frankie Agent',
];

const PREFIX: Record<string, string> = {
  Contact: '003',
  Account: '001',
  Task: '00T',
  VoiceCall: '0LQ',
  EmailMessage: '02s',
  MessagingSession: '0Mw',
  LiveChatTranscript: '570',
  Case: '500',
  User: '005',
  Organization: '00D',
  Teachback_Interaction_Score__c: 'a0T',
  Opportunity: '006',
  Survey: '0Kd',
  SurveyQuestion: '0Kh',
  SurveyInvitation: '0Ki',
  SurveyResponse: '0Kj',
  SurveyQuestionResponse: '0Kk',
  SurveySubject: '0Kl',
};

/** 18-character Salesforce-shaped id: key prefix + `SIM` + base-36 counter. */
export function salesforceId(sobject: string, n: number): string {
  const prefix = PREFIX[sobject] ?? 'a00';
  return `${prefix}SIM${n.toString(36).toUpperCase().padStart(12, '0')}`;
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const BASE = Date.parse('2026-01-05T14:00:00Z');

export interface PopulationOptions {
  patients?: number;
}

/**
 * Builds the population. Patients 3 and 4 (keys p003/p004) are a household sharing one landline;
 * every fifth patient is a Person Account. Each patient has 5-8 activities across channels and
 * carriers; voice calls are split between Genesys-only, Five9-only, Genesys+Salesforce (VoiceCall
 * with VendorCallKey, sometimes with its call-log Task), Five9+Salesforce (Task.CallObject) and
 * Salesforce-only call logs.
 */
export function syntheticPopulation(seed = 42, options: PopulationOptions = {}): SyntheticPopulation {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const counters: Record<string, number> = {};
  const nextId = (sobject: string) =>
    salesforceId(sobject, (counters[sobject] = (counters[sobject] ?? 0) + 1));
  let five9Seq = 300_000_000_000_000 + Math.floor(rand() * 1000) * 1000;

  const orgId = salesforceId('Organization', 1);
  const integrationUser = {
    id: nextId('User'),
    username: 'integration@teachback-sim.example.org',
    name: 'Teachback Integration',
  };
  const agents: SyntheticAgent[] = AGENT_NAMES.map((name, i) => ({
    key: `a${String(i + 1).padStart(2, '0')}`,
    name,
    salesforceUserId: nextId('User'),
    genesysUserId: uuid(rand),
    five9Username: `agent${String(i + 1).padStart(2, '0')}@teachback-sim.example.org`,
  }));

  const count = options.patients ?? 24;
  const patients: SyntheticPatient[] = [];
  for (let i = 1; i <= count; i++) {
    const key = `p${String(i).padStart(3, '0')}`;
    const firstName = FIRST[(i * 7 + Math.floor(rand() * 3)) % FIRST.length]!;
    const lastName = i === 4 ? patients[2]!.lastName : LAST[(i * 3 + Math.floor(rand() * 2)) % LAST.length]!;
    const personAccount = i % 5 === 0;
    const contactId = nextId('Contact');
    const mobile = `+1555017${String(i).padStart(4, '0')}`.slice(0, 12);
    const household =
      i === 4 ? patients[2]!.phones[0]! : `+1555018${String(i).padStart(4, '0')}`.slice(0, 12);
    const year = 1940 + Math.floor(rand() * 60);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    patients.push({
      key,
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      memberId: `MBR${String(100000 + i * 37)}`,
      phones: [household, mobile],
      email: `${firstName}.${lastName}.${key}@example.org`.toLowerCase(),
      ...(i === 3 || i === 4 ? { householdKey: 'h-p003' } : {}),
      salesforce: personAccount
        ? { kind: 'person-account', contactId, accountId: nextId('Account') }
        : { kind: 'contact', contactId },
    });
  }

  const cases: SyntheticCase[] = [];
  const activities: SyntheticActivity[] = [];
  let activitySeq = 0;
  // Modstamps are minute-aligned and many activities land in the same minute on purpose: the
  // incremental sync must neither drop nor repeat records that share one SystemModstamp.
  const modstamp = (endedAt: number) =>
    new Date(Math.ceil((endedAt + 60_000) / 600_000) * 600_000).toISOString();

  for (const patient of patients) {
    const n = 5 + Math.floor(rand() * 4);
    let t = BASE + Math.floor(rand() * 3) * 86_400_000 + Math.floor(rand() * 8) * 3_600_000;
    const caseId = nextId('Case');
    cases.push({
      id: caseId,
      caseNumber: String(1000 + cases.length + 1).padStart(8, '0'),
      patientKey: patient.key,
      subject: 'Care coordination',
      createdAt: new Date(t - 3_600_000).toISOString(),
    });
    for (let j = 0; j < n; j++) {
      // Whole seconds: every platform's timestamps can represent them exactly.
      t += (1 + Math.floor(rand() * 5)) * 86_400_000 + Math.floor(rand() * 3_600) * 1000;
      const agent = pick(agents);
      const roll = rand();
      const channel: SyntheticChannel =
        j === 0 || roll < 0.55
          ? 'voice'
          : roll < 0.7
            ? 'email'
            : roll < 0.82
              ? 'sms'
              : roll < 0.92
                ? 'chat'
                : 'messaging';
      const durationMs =
        channel === 'voice'
          ? (120 + Math.floor(rand() * 900)) * 1000
          : (300 + Math.floor(rand() * 1800)) * 1000;
      const startedAt = new Date(t).toISOString();
      const endedAt = new Date(t + durationMs).toISOString();
      // Web chats are always started by the member (LiveChatTranscript has no direction).
      const direction = rand() < 0.7 || channel === 'chat' ? 'inbound' : 'outbound';
      const base: SyntheticActivity = {
        key: `act${String(++activitySeq).padStart(4, '0')}`,
        patientKey: patient.key,
        agentKey: agent.key,
        channel,
        direction,
        startedAt,
        endedAt,
      };
      const systemModstamp = modstamp(t + durationMs);
      const withCase = rand() < 0.4 ? { caseId } : {};
      if (channel === 'voice') {
        base.customerPhone = patient.householdKey || rand() < 0.6 ? patient.phones[0]! : patient.phones[1]!;
        // Patient 3 (household) always gets one Genesys-only call on the shared line, the case
        // where only phone + name can tell the two household members apart.
        const mix = patient.key === 'p003' && j === 0 ? 0 : Math.floor(rand() * 6);
        if (mix === 0) base.genesys = { conversationId: uuid(rand) };
        else if (mix === 1) base.five9 = { callId: String((five9Seq += 7)) };
        else if (mix === 2 || mix === 3) {
          base.genesys = { conversationId: uuid(rand) };
          const hasTask = mix === 3;
          base.salesforce = {
            object: 'VoiceCall',
            id: nextId('VoiceCall'),
            ...(hasTask ? { taskId: nextId('Task') } : {}),
            ...withCase,
            systemModstamp,
          };
        } else if (mix === 4) {
          base.five9 = { callId: String((five9Seq += 7)) };
          base.salesforce = { object: 'Task', id: nextId('Task'), ...withCase, systemModstamp };
        } else {
          base.salesforce = { object: 'Task', id: nextId('Task'), ...withCase, systemModstamp };
        }
      } else {
        const object: SalesforceActivityObject =
          channel === 'email'
            ? 'EmailMessage'
            : channel === 'chat'
              ? 'LiveChatTranscript'
              : 'MessagingSession';
        if (channel === 'sms') base.customerPhone = patient.phones[1]!;
        base.salesforce = { object, id: nextId(object), ...withCase, systemModstamp };
      }
      activities.push(base);
    }
  }
  return { seed, orgId, integrationUser, agents, patients, cases, activities };
}

/** The platforms that carried an activity, in a fixed order. */
export function carriersOf(activity: SyntheticActivity): Carrier[] {
  const out: Carrier[] = [];
  if (activity.genesys) out.push('genesys');
  if (activity.five9) out.push('five9');
  if (activity.salesforce) out.push('salesforce');
  return out;
}

export interface ExpectedTimelineEntry {
  activityKey: string;
  channel: SyntheticChannel;
  direction: 'inbound' | 'outbound';
  startedAt: string;
  platforms: Carrier[];
}

/**
 * The timeline a patient should have once the given platforms are synced: one entry per activity
 * any of them carried, oldest first, listing only the synced carriers.
 */
export function expectedTimeline(
  population: SyntheticPopulation,
  patientKey: string,
  syncedPlatforms: readonly Carrier[],
): ExpectedTimelineEntry[] {
  return population.activities
    .filter((a) => a.patientKey === patientKey)
    .map((a) => ({ a, platforms: carriersOf(a).filter((c) => syncedPlatforms.includes(c)) }))
    .filter(({ platforms }) => platforms.length > 0)
    .sort((x, y) => x.a.startedAt.localeCompare(y.a.startedAt))
    .map(({ a, platforms }) => ({
      activityKey: a.key,
      channel: a.channel,
      direction: a.direction,
      startedAt: a.startedAt,
      platforms,
    }));
}

/** One call as a contact-center platform (Genesys or Five9) should serve it. */
export interface PlatformCall {
  /** Genesys conversation id or Five9 call id. */
  id: string;
  activityKey: string;
  channel: SyntheticChannel;
  direction: 'inbound' | 'outbound';
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  /** E.164. */
  customerPhone: string;
  customerName: string;
  /** The agent's id on that platform (Genesys user id / Five9 username) and display name. */
  agentId: string;
  agentName: string;
}

/**
 * The calls the Genesys or Five9 simulator must serve for this population, in time order: what
 * those simulators take as their seed data so all three platforms describe the same calls.
 */
export function platformCalls(
  population: SyntheticPopulation,
  platform: 'genesys' | 'five9',
): PlatformCall[] {
  const patients = new Map(population.patients.map((p) => [p.key, p]));
  const agents = new Map(population.agents.map((a) => [a.key, a]));
  return population.activities
    .filter((a) => (platform === 'genesys' ? a.genesys : a.five9))
    .sort((x, y) => x.startedAt.localeCompare(y.startedAt))
    .map((a) => {
      const agent = agents.get(a.agentKey)!;
      return {
        id: platform === 'genesys' ? a.genesys!.conversationId : a.five9!.callId,
        activityKey: a.key,
        channel: a.channel,
        direction: a.direction,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
        durationSeconds: Math.round((Date.parse(a.endedAt) - Date.parse(a.startedAt)) / 1000),
        customerPhone: a.customerPhone!,
        customerName: patients.get(a.patientKey)!.name,
        agentId: platform === 'genesys' ? agent.genesysUserId : agent.five9Username,
        agentName: agent.name,
      };
    });
}
