/**
 * The demo's population: invented patients (some sharing a household line), agents with their
 * habits, and a day of calls, chats, emails and texts written from what each agent did. Seeded:
 * the same options always give the same population.
 */
import {
  agentHabits,
  salesBehaviour,
  serviceBehaviour,
  type CallBehaviour,
  type ServiceBehaviour,
} from './behaviour';
import { writeSalesCall, writeServiceCall, type DemoLine } from './conversation';
import type { EscalationKind, Handling } from './escalations';
import { demoPatients, type DemoPatient } from './people';
import { topics, type Channel } from './phrasebook';
import { seededRandom, type Random } from './random';

export type DemoQueue = 'patient-services' | 'medicare-sales';

export interface DemoCall {
  /** 1-based position in the day. */
  n: number;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  startedAt: string;
  endedAt: string;
  /** Index into the agents the population was built for. */
  agentIndex: number;
  queue: DemoQueue;
  patient: DemoPatient;
  /** E.164 for voice and sms: voice calls from a household come in on the shared landline. */
  phone?: string;
  /** Email and chat. */
  email?: string;
  behaviour: CallBehaviour;
  lines: DemoLine[];
}

export interface DemoPopulation {
  seed: number;
  patients: DemoPatient[];
  calls: DemoCall[];
}

export interface DemoPopulationOptions {
  seed: number;
  count: number;
  /** How many agents take the calls (the demo's Genesys users). */
  agents: number;
  /** Calls are spread evenly from here (ms since the epoch) over spanMs. */
  startMs: number;
  spanMs: number;
}

const AGENT_NAMES = [
  'Jamie',
  'Priya',
  'Marcus',
  'Lena',
  'Tomas',
  'Aisha',
  'Devon',
  'Mei',
  'Carlos',
  'Nadia',
  'Owen',
  'Fatima',
  'Grace',
  'Hiro',
  'Ines',
  'Kofi',
  'Lucia',
  'Malik',
  'Noor',
  'Pablo',
];

/**
 * Where the escalations fall in the day (as a share of the calls) and how each is handled: a few
 * handled well and a few badly of each kind, whatever the population size.
 */
const ESCALATIONS: ReadonlyArray<[number, EscalationKind, Handling]> = [
  [0.07, 'emergency', 'well'],
  [0.21, 'crisis', 'badly'],
  [0.36, 'emergency', 'badly'],
  [0.5, 'crisis', 'well'],
  [0.64, 'emergency', 'well'],
  [0.79, 'emergency', 'badly'],
  [0.93, 'crisis', 'well'],
];

function pickChannel(rnd: Random): Channel {
  const r = rnd.next();
  return r < 0.55 ? 'voice' : r < 0.7 ? 'chat' : r < 0.85 ? 'email' : 'sms';
}

/** Digital messages are 30 s apart in the simulators; a call takes about 12 s a line. */
function durationMs(rnd: Random, channel: Channel, lines: number): number {
  const perLine = channel === 'voice' ? 12_000 : 30_000;
  return lines * perLine + 60_000 + rnd.int(240) * 1000;
}

export function demoPopulation(o: DemoPopulationOptions): DemoPopulation {
  const rnd = seededRandom(o.seed);
  const patients = demoPatients(rnd, Math.max(4, Math.ceil(o.count / 2.5)));
  const seniors = patients.filter((p) => p.medicareAge);
  const habits = agentHabits(o.agents);
  const escalationAt = new Map(
    ESCALATIONS.map(([share, kind, handling]) => [Math.floor(share * o.count), { kind, handling }]),
  );
  const step = o.spanMs / Math.max(1, o.count);
  const calls: DemoCall[] = [];
  for (let i = 0; i < o.count; i++) {
    const escalation = escalationAt.get(i);
    const sales = !escalation && seniors.length > 0 && rnd.chance(0.12);
    const channel: Channel = escalation || sales ? 'voice' : pickChannel(rnd);
    const patient = sales ? rnd.pick(seniors) : rnd.pick(patients);
    const agentIndex = rnd.int(o.agents);
    const who = { agent: AGENT_NAMES[agentIndex % AGENT_NAMES.length]!, patient };
    let behaviour: CallBehaviour;
    let lines: DemoLine[];
    if (sales) {
      const b = salesBehaviour(rnd, habits[agentIndex]!);
      behaviour = b;
      lines = writeSalesCall(rnd, who, b);
    } else {
      const b: ServiceBehaviour = {
        ...serviceBehaviour(rnd, habits[agentIndex]!, rnd.pick(topics)),
        ...(escalation ? { escalation } : {}),
      };
      behaviour = b;
      lines = writeServiceCall(rnd, who, channel, b);
    }
    const startMs = Math.floor(o.startMs + i * step);
    const endMs = startMs + durationMs(rnd, channel, lines.length);
    // Chats are opened by the patient; emails and texts are the care team's follow-ups.
    const direction = channel === 'email' || channel === 'sms' ? 'outbound' : 'inbound';
    const householdLine = patient.householdKey !== undefined || rnd.chance(0.5);
    calls.push({
      n: i + 1,
      channel,
      direction,
      startedAt: new Date(startMs).toISOString(),
      endedAt: new Date(endMs).toISOString(),
      agentIndex,
      queue: sales ? 'medicare-sales' : 'patient-services',
      patient,
      ...(channel === 'voice' ? { phone: householdLine ? patient.landline : patient.mobile } : {}),
      ...(channel === 'sms' ? { phone: patient.mobile } : {}),
      ...(channel === 'email' || channel === 'chat' ? { email: patient.email } : {}),
      behaviour,
      lines,
    });
  }
  return { seed: o.seed, patients, calls };
}

/** The built-in playbook each demo queue is scored with. */
export const PLAYBOOK_FOR_QUEUE: Readonly<Record<DemoQueue, string>> = {
  'patient-services': 'healthcare-inbound',
  'medicare-sales': 'medicare-sales',
};
