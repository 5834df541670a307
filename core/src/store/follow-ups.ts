import type { AccessContext } from './records';

export type FollowUpStatus = 'open' | 'done' | 'kept' | 'missed';

/**
 * A promise made on a call (core/src/summary FollowUpPromise) tracked until it is kept. `text` is
 * the promise in the speaker's words and may hold PHI: it is stored encrypted.
 */
export interface FollowUpItem {
  id: string;
  interactionId: string;
  /** The agent who made (or owns) the promise. */
  agentId: string | null;
  teamId: string | null;
  /** The timeline contact it was made to. */
  contactId: string | null;
  owner: 'agent' | 'customer' | 'other';
  text: string;
  dueAt: string | null;
  madeAt: string;
  status: FollowUpStatus;
  /** When it was marked done, or when a later contact by the agent to the contact kept it. */
  closedAt: string | null;
  /** The interaction that kept it, when one did. */
  keptBy: string | null;
}

export interface FollowUpFilter {
  status?: FollowUpStatus;
  agentId?: string;
  teamId?: string;
  /** Only items due before this moment. */
  dueBefore?: string;
}

export interface FollowUpStore {
  /** Idempotent on (tenant, id): re-saving a promise does not reopen one already closed. */
  save(
    ctx: AccessContext,
    tenantId: string,
    item: Omit<FollowUpItem, 'status' | 'closedAt' | 'keptBy' | 'agentId' | 'teamId' | 'contactId'>,
  ): Promise<FollowUpItem>;
  markDone(ctx: AccessContext, tenantId: string, id: string): Promise<FollowUpItem>;
  /**
   * Settles open items whose due time is before `asOf`: kept when a later interaction by the same
   * agent with the same contact started before the due time (any channel), else missed. Returns
   * the items that changed.
   */
  settle(ctx: AccessContext, tenantId: string, asOf: string): Promise<FollowUpItem[]>;
  list(ctx: AccessContext, tenantId: string, filter?: FollowUpFilter): Promise<FollowUpItem[]>;
}
