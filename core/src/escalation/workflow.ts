import type { z } from 'zod';
import type { EscalationAction as ActionSchema } from '../model/escalation';

type EscalationAction = z.infer<typeof ActionSchema>;

/**
 * Where an escalation stands in the queue. `dismissed` is kept apart from `resolved`: a supervisor
 * who dismissed a false alarm did not resolve a crisis, and the review counts must show that.
 */
export type EscalationState = 'open' | 'acknowledged' | 'routed' | 'resolved' | 'dismissed';
export const ESCALATION_STATES: readonly EscalationState[] = [
  'open',
  'acknowledged',
  'routed',
  'resolved',
  'dismissed',
];

/**
 * The state after these actions: the latest action that moves the workflow decides, so a
 * re-opened case (acknowledged after routed) shows what was done last, not the furthest stage.
 */
export function escalationState(actions: readonly { action: EscalationAction['action'] }[]): EscalationState {
  for (let i = actions.length - 1; i >= 0; i--) {
    const a = actions[i]!.action;
    if (a !== 'detected') return a;
  }
  return 'open';
}
