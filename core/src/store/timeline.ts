import type { AccessContext, ContactLookup, PageRequest, Timeline } from './records';

/** One person's interactions across platforms and channels, found by any identifier. */
export interface TimelineStore {
  /** Newest first; `STORE.NOT_FOUND` when no contact carries the identifier. */
  forContact(
    ctx: AccessContext,
    tenantId: string,
    lookup: ContactLookup,
    page?: PageRequest,
  ): Promise<Timeline>;
}
