/**
 * The demo's population: invented patients (some sharing a household line), agents with their
 * habits, and a day of calls, chats, emails and texts written from what each agent did. Seeded:
 * the same options always give the same population.
 */
import {
  agentHabits,
  salesBehaviour,
  serviceBehaviour,
  type AgentHabits,
  type CallBehaviour,
  type ServiceBehaviour,
} from './behaviour';
import { writeSalesCall, writeServiceCall, type DemoLine } from './conversation';
import type { EscalationKind, Handling } from './escalations';
import { demoPatients, type DemoPatient } from './people';
import { topics, type Channel } from './phrasebook';
import { demoRandom, type Random } from './random';

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

interface Day {
  rnd: Random;
  patients: DemoPatient[];
  seniors: DemoPatient[];
  habits: AgentHabits[];
}

type Written = Pick<
  DemoCall,
  'channel' | 'direction' | 'queue' | 'patient' | 'agentIndex' | 'behaviour' | 'lines'
>;

/** One contact: who called about what, and what the agent who took it did and said. */
function writeCall(day: Day, escalation: ServiceBehaviour['escalation']): Written {
  const { rnd } = day;
  const sales = !escalation && day.seniors.length > 0 && rnd.chance(0.12);
  const channel: Channel = escalation || sales ? 'voice' : pickChannel(rnd);
  const patient = sales ? rnd.pick(day.seniors) : rnd.pick(day.patients);
  const agentIndex = rnd.int(day.habits.length);
  const habits = day.habits[agentIndex]!;
  const who = { agent: AGENT_NAMES[agentIndex % AGENT_NAMES.length]!, patient };
  if (sales) {
    // The Medicare line also calls back people who asked for plan information.
    const direction = rnd.chance(0.4) ? 'outbound' : 'inbound';
    const behaviour = salesBehaviour(rnd, habits);
    const lines = writeSalesCall(rnd, who, direction, behaviour);
    return { channel, direction, queue: 'medicare-sales', patient, agentIndex, behaviour, lines };
  }
  const behaviour: ServiceBehaviour = {
    ...serviceBehaviour(rnd, habits, rnd.pick(topics)),
    ...(escalation ? { escalation } : {}),
  };
  const lines = writeServiceCall(rnd, who, channel, behaviour);
  // Chats are opened by the patient; emails and texts are the care team's follow-ups.
  const direction = channel === 'email' || channel === 'sms' ? 'outbound' : 'inbound';
  return { channel, direction, queue: 'patient-services', patient, agentIndex, behaviour, lines };
}

/** Household members call from their shared landline; others from either phone. */
function addressOf(rnd: Random, channel: Channel, patient: DemoPatient): Pick<DemoCall, 'phone' | 'email'> {
  if (channel === 'voice') {
    const landline = patient.householdKey !== undefined || rnd.chance(0.5);
    return { phone: landline ? patient.landline : patient.mobile };
  }
  return channel === 'sms' ? { phone: patient.mobile } : { email: patient.email };
}

export function demoPopulation(o: DemoPopulationOptions): DemoPopulation {
  const rnd = demoRandom(o.seed);
  const patients = demoPatients(rnd, Math.max(4, Math.ceil(o.count / 2.5)));
  const day: Day = {
    rnd,
    patients,
    seniors: patients.filter((p) => p.medicareAge),
    habits: agentHabits(o.agents),
  };
  const escalationAt = new Map(
    ESCALATIONS.map(([share, kind, handling]) => [Math.floor(share * o.count), { kind, handling }]),
  );
  const step = o.spanMs / Math.max(1, o.count);
  const calls: DemoCall[] = [];
  for (let i = 0; i < o.count; i++) {
    const written = writeCall(day, escalationAt.get(i));
    const startMs = Math.floor(o.startMs + i * step);
    const endMs = startMs + durationMs(rnd, written.channel, written.lines.length);
    calls.push({
      n: i + 1,
      ...written,
      startedAt: new Date(startMs).toISOString(),
      endedAt: new Date(endMs).toISOString(),
      ...addressOf(rnd, written.channel, written.patient),
    });
  }
  return { seed: o.seed, patients, calls };
}

/** The built-in playbook each demo queue is scored with. */
export const PLAYBOOK_FOR_QUEUE: Readonly<Record<DemoQueue, string>> = {
  'patient-services': 'healthcare-inbound',
  'medicare-sales': 'medicare-sales',
};
