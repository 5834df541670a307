/**
 * Deterministic synthetic healthcare call logs (synthetic people only). The same seed always gives
 * the same calls, so tests can assert exact counts.
 */
export type MediaType = 'VOICE' | 'CHAT' | 'EMAIL';

export interface SimCall {
  callId: string;
  sessionId: string;
  /** True UTC instant the interaction started. */
  startedAtMs: number;
  mediaType: MediaType;
  campaign: string;
  callType: string;
  skill: string;
  agent: string;
  agentName: string;
  disposition: string;
  /** The calling number: the patient's on inbound calls, the contact center's own on outbound/manual ones. */
  ani: string;
  /** The number dialled: ours on inbound calls, the patient's on outbound/manual ones. */
  dnis: string;
  /** Where the patient is reached (ANI inbound, DNIS outbound), whichever way the call went. */
  patientAddress: string;
  customerName: string;
  talkSeconds: number;
  holdSeconds: number;
  queueSeconds: number;
  afterCallWorkSeconds: number;
  /** Voice calls with a recording exported to SFTP. */
  recorded: boolean;
  notes: string;
  /** Transfers on the call (the `Transferred` disposition is one). Default 0. */
  transfers?: number;
  /** Hung up in queue before an agent answered (only with `abandonedEvery`). Default false. */
  abandoned?: boolean;
  /** Post-call IVR survey answers the flow stored in call variables (inbound voice only). */
  survey?: { csat: number; nps: number };
}

export interface CallLogOptions {
  seed?: number;
  count?: number;
  /** UTC ms; calls are spread evenly over [startMs, endMs). */
  startMs?: number;
  endMs?: number;
  /** Share of voice calls that have a recording (0..1). */
  recordedShare?: number;
  /** Every Nth inbound voice call is abandoned in queue (no agent, no talk). Default: none. */
  abandonedEvery?: number;
}

/** The contact center's numbers: the one patients dial, and the caller id it dials out with. */
export const CENTER_INBOUND_NUMBER = '8005550100';
export const CENTER_OUTBOUND_NUMBER = '8005550199';

/** Default range crosses the 2026 fall-back change (Sunday 1 November, 02:00 PDT → 01:00 PST). */
export const DEFAULT_RANGE = {
  startMs: Date.parse('2026-10-31T07:00:00Z'),
  endMs: Date.parse('2026-11-02T08:00:00Z'),
};

export function mulberry32(seed: number): () => number {
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
  'Casey',
  'Morgan',
  'Quinn',
  'Rowan',
  'Skyler',
  'Emerson',
  'Harper',
];
const LAST = ['Testwell', 'Sampleton', 'Mockridge', 'Fakely', "O'Demo", 'Synthe', 'Placeholder', 'Dummett'];
const AGENTS = [
  ['agent.alvarez@clinic.example', 'Sam Alvarez'],
  ['agent.baker@clinic.example', 'Lee Baker'],
  ['agent.chen@clinic.example', 'Kim Chen'],
  ['agent.diaz@clinic.example', 'Pat Diaz'],
  ['agent.evans@clinic.example', 'Robin Evans'],
] as const;
const CAMPAIGNS = [
  ['Member Services', 'Benefits'],
  ['Pharmacy Refills', 'Pharmacy'],
  ['Nurse Line', 'Triage'],
  ['Appointments', 'Scheduling'],
] as const;
const DISPOSITIONS = ['Resolved', 'Transferred', 'Callback, Scheduled', 'Refill "Approved"', 'No Answer'];
const NOTES = [
  '',
  'Member asked about copay, resolved',
  'Said "thanks, very helpful"',
  'Multi-line note:\nfollow up next week',
  'Refill request; pharmacy notified',
];

export function generateCalls(options: CallLogOptions = {}): SimCall[] {
  const random = mulberry32(options.seed ?? 42);
  const count = options.count ?? 200;
  const startMs = options.startMs ?? DEFAULT_RANGE.startMs;
  const endMs = options.endMs ?? DEFAULT_RANGE.endMs;
  const step = (endMs - startMs) / Math.max(1, count);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const calls: SimCall[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const mediaType: MediaType = roll < 0.8 ? 'VOICE' : roll < 0.9 ? 'CHAT' : 'EMAIL';
    const [agent, agentName] = pick(AGENTS);
    const [campaign, skill] = pick(CAMPAIGNS);
    const n = String(1000000 + i).slice(1);
    // Five9's CALL TYPE values; outbound and manual calls go to the patient from the center's own caller id.
    const voiceType = (r: number) => (r < 0.7 ? 'Inbound' : r < 0.9 ? 'Outbound' : 'Manual');
    const callType = mediaType === 'VOICE' ? voiceType(random()) : mediaType === 'CHAT' ? 'Chat' : 'Email';
    // Drawn in the order the generator always drew them, so a seed gives the calls it always gave.
    const disposition = pick(DISPOSITIONS);
    const patient =
      mediaType === 'EMAIL'
        ? `member${n}@mail.example`
        : `555${String(1000000 + Math.floor(random() * 8999999)).slice(0, 7)}`;
    const dialledOut = callType === 'Outbound' || callType === 'Manual';
    calls.push({
      callId: String(300000000 + i * 7),
      sessionId: `${(0x5e5510 + i).toString(16).toUpperCase()}A${n}F9`,
      startedAtMs: Math.floor(startMs + i * step),
      mediaType,
      campaign,
      callType,
      skill,
      agent,
      agentName,
      disposition,
      ani: dialledOut ? CENTER_OUTBOUND_NUMBER : patient,
      dnis: dialledOut ? patient : CENTER_INBOUND_NUMBER,
      patientAddress: patient,
      customerName: `${pick(FIRST)} ${pick(LAST)}`,
      talkSeconds: 30 + Math.floor(random() * 900),
      holdSeconds: Math.floor(random() * 120),
      queueSeconds: Math.floor(random() * 90),
      afterCallWorkSeconds: Math.floor(random() * 60),
      recorded: mediaType === 'VOICE' && random() < (options.recordedShare ?? 0.9),
      notes: pick(NOTES),
      transfers: disposition === 'Transferred' ? 1 : 0,
      abandoned: false,
    });
    // Derived after the draws above, never drawn: a seed keeps giving the calls it always gave.
    const call = calls[calls.length - 1]!;
    const inboundVoice = mediaType === 'VOICE' && callType === 'Inbound';
    if (inboundVoice && options.abandonedEvery && i % options.abandonedEvery === 0) {
      Object.assign(call, {
        abandoned: true,
        agent: '',
        agentName: '',
        disposition: 'Abandon',
        talkSeconds: 0,
        holdSeconds: 0,
        afterCallWorkSeconds: 0,
        transfers: 0,
        recorded: false,
        notes: '',
      });
    } else if (inboundVoice && i % 6 === 2) {
      call.survey = { csat: 1 + (i % 5), nps: (i * 7) % 11 };
    }
  }
  return calls;
}
