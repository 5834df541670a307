/**
 * Queue facts, call types and post-call survey answers for the demo day, so the metrics have
 * something to show: speed of answer, hold, wrap-up, transfers, abandoned attempts, Medicare
 * funnel stages, and Teachback survey answers. Seeded per call from its own stream, so adding them
 * changes nothing in the calls themselves (scores and the existing tests stay as they were).
 */
import type { CallType, ContactCenterFacts } from '@teachback/core';
import type { DemoCall } from './population';
import { demoRandom } from './random';

/** The call type each demo topic stands for; the Medicare line is sales; an escalation is an emergency. */
export const CALL_TYPE_FOR_TOPIC: Readonly<Record<string, CallType>> = {
  'lab-results': 'clinical-question',
  appointment: 'scheduling',
  refill: 'prescription-refill',
  billing: 'billing-insurance',
  'procedure-prep': 'clinical-question',
  authorization: 'billing-insurance',
};

/** The Medicare sales funnel of the demo, in order. */
export const DEMO_FUNNEL = ['contacted', 'quoted', 'enrolled'] as const;

export interface DemoContactCenter {
  callType: CallType;
  contactCenter: ContactCenterFacts;
  /** A Teachback survey answered after the call: yes/no (1/0) and 0–10. */
  survey?: { answered: 0 | 1; recommend: number };
  /** The caller tried once before and hung up in the queue (a separate, abandoned contact). */
  abandonedBefore?: { startedAt: string; waitMs: number };
}

export function demoCallType(call: DemoCall): CallType {
  if (call.behaviour.kind === 'medicare-sales') return 'medicare-sales';
  if (call.behaviour.escalation) return 'emergency';
  return CALL_TYPE_FOR_TOPIC[call.behaviour.topic] ?? 'other';
}

export function demoContactCenter(call: DemoCall, seed: number): DemoContactCenter {
  const rnd = demoRandom(seed * 100_003 + call.n);
  const callType = demoCallType(call);
  const live = call.channel === 'voice' || call.channel === 'chat';
  const inbound = call.direction === 'inbound';
  const cc: ContactCenterFacts = { answered: true, abandoned: false };
  if (live) {
    if (inbound) cc.waitMs = rnd.int(180) * 1000 + rnd.int(1000);
    cc.talkMs = call.lines.length * (call.channel === 'voice' ? 12_000 : 30_000);
    const held = call.channel === 'voice' && rnd.chance(0.3);
    cc.holdMs = held ? 15_000 + rnd.int(105) * 1000 : 0;
    cc.holdCount = held ? 1 + rnd.int(2) : 0;
    // One call in eight has no wrap-up time from the platform: missing, not zero.
    if (!rnd.chance(0.125)) {
      cc.wrapUpMs = 20_000 + rnd.int(100) * 1000;
      cc.handleMs = cc.talkMs + cc.holdMs + cc.wrapUpMs;
    }
    const warm =
      call.behaviour.kind === 'service' &&
      call.behaviour.escalation?.kind === 'crisis' &&
      call.behaviour.escalation.handling === 'well';
    cc.transfers = warm ? 1 : rnd.chance(0.08) ? 1 : 0;
  }
  if (call.behaviour.kind === 'medicare-sales') {
    const quoted = call.behaviour.scopeConfirmed;
    cc.stage = quoted ? (rnd.chance(0.4) ? 'enrolled' : 'quoted') : 'contacted';
  }
  const out: DemoContactCenter = { callType, contactCenter: cc };
  if (live && inbound && rnd.chance(0.35))
    out.survey = { answered: rnd.chance(0.78) ? 1 : 0, recommend: Math.min(10, 3 + rnd.int(8) + rnd.int(2)) };
  if (call.channel === 'voice' && inbound && rnd.chance(0.12)) {
    const waitMs = 40_000 + rnd.int(200) * 1000;
    out.abandonedBefore = {
      startedAt: new Date(Date.parse(call.startedAt) - waitMs - 5 * 60_000).toISOString(),
      waitMs,
    };
  }
  return out;
}
