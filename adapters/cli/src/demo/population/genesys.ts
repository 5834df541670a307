/**
 * The demo population as the Genesys simulator serves it: each call, chat, email and text as a
 * seeded conversation with its own script, agent and queue.
 */
import { AGENTS, QUEUES, type SeededGenesysCall } from '@teachback/simulator-genesys';
import { type DemoCall, type DemoPopulation, type DemoQueue } from './population';

/** The Genesys queue each demo queue's calls come in on. */
export const DEMO_QUEUE_IDS: Readonly<Record<DemoQueue, string>> = {
  'patient-services': QUEUES[0]!,
  'medicare-sales': QUEUES[2]!,
};

const MEDIA: Record<DemoCall['channel'], Pick<SeededGenesysCall, 'media' | 'messageType'>> = {
  voice: { media: 'voice' },
  chat: { media: 'chat' },
  email: { media: 'email' },
  sms: { media: 'message', messageType: 'sms' },
};

export const demoConversationId = (n: number): string =>
  `de70ca11-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function genesysCalls(population: DemoPopulation): SeededGenesysCall[] {
  return population.calls.map((c) => ({
    id: demoConversationId(c.n),
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    direction: c.direction,
    ...MEDIA[c.channel],
    agentId: AGENTS[c.agentIndex % AGENTS.length]!,
    customerName: c.patient.name,
    ...(c.phone ? { customerPhone: c.phone } : {}),
    ...(c.email ? { customerEmail: c.email } : {}),
    queueId: DEMO_QUEUE_IDS[c.queue],
    lines: c.lines,
  }));
}
