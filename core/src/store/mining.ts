import type { ExemplaryCall } from '../mining/library';
import type { MonthlyReview } from '../mining/review';
import type { Suggestion } from '../mining/suggest';
import type { AccessContext } from './records';

export type SuggestionStatus = 'pending' | 'accepted' | 'rejected' | 'published';

/** A mined suggestion with the supervisor's decision and, once published, the playbook version. */
export interface StoredSuggestion extends Suggestion {
  status: SuggestionStatus;
  createdAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** Why it was rejected or accepted, as the reviewer wrote it. */
  reason?: string;
  publishedVersion?: number;
}

export type LibraryStatus = 'proposed' | 'approved' | 'rejected';

export interface LibraryEntry {
  id: string;
  callType: string | null;
  interactionId: string;
  status: LibraryStatus;
  exemplar: ExemplaryCall;
  createdAt: string;
  reviewedBy?: string;
  reviewedAt?: string;
}

export interface SuggestionFilter {
  status?: SuggestionStatus;
  playbookId?: string;
  callType?: string;
}

/**
 * Playbook mining's records: suggestions awaiting a supervisor, the new-hire library, and the
 * monthly reviews. Bodies are sealed with the tenant key (quotes are de-identified, but the
 * redactor is not perfect); every write is audited in the same transaction.
 */
export interface MiningStore {
  /** Inserts new suggestions; one already stored (same id) keeps its status and decision. */
  saveSuggestions(
    ctx: AccessContext,
    tenantId: string,
    suggestions: readonly Suggestion[],
  ): Promise<{ created: number; unchanged: number }>;
  listSuggestions(
    ctx: AccessContext,
    tenantId: string,
    filter?: SuggestionFilter,
  ): Promise<StoredSuggestion[]>;
  getSuggestion(ctx: AccessContext, tenantId: string, id: string): Promise<StoredSuggestion>;
  /** accept / reject a pending suggestion; `MINING.ALREADY_DECIDED` otherwise. */
  decide(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    decision: { status: 'accepted' | 'rejected'; reason?: string },
  ): Promise<StoredSuggestion>;
  /** Marks accepted suggestions as published in playbook version `version`. */
  markPublished(ctx: AccessContext, tenantId: string, ids: readonly string[], version: number): Promise<void>;

  /** New library candidates (status `proposed`); an interaction already in the library is skipped. */
  proposeLibrary(ctx: AccessContext, tenantId: string, exemplars: readonly ExemplaryCall[]): Promise<number>;
  /** Reviewers see every entry; everyone else (agents in ramp) sees approved entries only. */
  listLibrary(
    ctx: AccessContext,
    tenantId: string,
    filter?: { callType?: string; status?: LibraryStatus },
  ): Promise<LibraryEntry[]>;
  reviewLibrary(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    status: 'approved' | 'rejected',
  ): Promise<LibraryEntry>;

  saveReview(ctx: AccessContext, tenantId: string, review: MonthlyReview): Promise<void>;
  getReview(ctx: AccessContext, tenantId: string, month: string): Promise<MonthlyReview | null>;
}
