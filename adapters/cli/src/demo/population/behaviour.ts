/**
 * What each demo agent tends to do, and what they did on one call. Agents differ: a few are
 * diligent, most skip something now and then, and teach-back and empathy are what busy agents
 * drop first, as QA teams see in practice. The call is then written from this behaviour, so the
 * scorer finds the misses an agent really made.
 */
import type { EscalationKind, Handling } from './escalations';
import type { Random } from './random';

export type IdentityCheck = 'verified' | 'partial' | 'skipped';
export type Tpmo = 'full' | 'partial' | 'none';

export interface AgentHabits {
  /** 0..1: how reliably the agent follows the playbook. */
  diligence: number;
}

export interface ServiceBehaviour {
  kind: 'service';
  topic: string;
  disclosure: boolean;
  identity: IdentityCheck;
  distress: boolean;
  empathy: boolean;
  clinicalQuestion: boolean;
  /** Answered the clinical question themselves instead of routing it. */
  clinicalAdvice: boolean;
  instructions: boolean;
  teachBack: boolean;
  escalation?: { kind: EscalationKind; handling: Handling };
}

export interface SalesBehaviour {
  kind: 'medicare-sales';
  disclosure: boolean;
  tpmo: Tpmo;
  scopeConfirmed: boolean;
  identity: IdentityCheck;
}

export type CallBehaviour = ServiceBehaviour | SalesBehaviour;

/** Spread evenly from 0.35 to 0.97 in a shuffled order, so agent 1 is not the best or the worst. */
export function agentHabits(count: number): AgentHabits[] {
  return Array.from({ length: count }, (_, i) => ({
    diligence: 0.35 + (0.62 * ((i * 7) % count)) / Math.max(1, count - 1),
  }));
}

function identityCheck(rnd: Random, d: number): IdentityCheck {
  if (rnd.chance(0.55 + 0.4 * d)) return 'verified';
  return rnd.chance(0.6) ? 'partial' : 'skipped';
}

export function serviceBehaviour(
  rnd: Random,
  habits: AgentHabits,
  topic: { id: string; instructions?: unknown; upsetShare?: number },
): ServiceBehaviour {
  const d = habits.diligence;
  const distress = rnd.chance(topic.upsetShare ?? 0.5);
  const clinicalQuestion = rnd.chance(0.2);
  const instructions = topic.instructions !== undefined && rnd.chance(0.95);
  return {
    kind: 'service',
    topic: topic.id,
    disclosure: rnd.chance(0.55 + 0.4 * d),
    identity: identityCheck(rnd, d),
    distress,
    empathy: distress && rnd.chance(0.1 + 0.5 * d),
    clinicalQuestion,
    clinicalAdvice: clinicalQuestion && rnd.chance(0.6 - 0.55 * d),
    instructions,
    teachBack: instructions && rnd.chance(0.03 + 0.25 * d),
  };
}

export function salesBehaviour(rnd: Random, habits: AgentHabits): SalesBehaviour {
  const d = habits.diligence;
  const tpmoRoll = rnd.next();
  return {
    kind: 'medicare-sales',
    disclosure: rnd.chance(0.6 + 0.38 * d),
    tpmo: tpmoRoll < 0.3 + 0.5 * d ? 'full' : tpmoRoll < 0.93 ? 'partial' : 'none',
    scopeConfirmed: rnd.chance(0.35 + 0.45 * d),
    identity: identityCheck(rnd, d),
  };
}
