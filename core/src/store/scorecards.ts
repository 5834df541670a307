import type { AccessContext, EscalationActionInput, ScorecardVersion } from './records';

/**
 * Scorecards and escalations of an interaction. They are written with the interaction
 * (`InteractionStore.save`); this role reads their history and records what people did.
 */
export interface ScorecardStore {
  /** Every score version, oldest first; de-identified for who may not read the transcript. */
  history(ctx: AccessContext, tenantId: string, interactionId: string): Promise<ScorecardVersion[]>;
  /** Appends an action (acknowledged, routed, resolved ...) to the escalation at `index`. */
  addEscalationAction(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
    action: EscalationActionInput,
  ): Promise<void>;
}
