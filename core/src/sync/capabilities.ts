import type { Platform } from '../model';

/** One thing an org lacks or that Teachback will not sync there, and why (no secrets, no PHI). */
export interface CapabilityGap {
  /** What: a permission (`quality:evaluation:add`), an object (`LiveChatTranscript`), a field, a report. */
  what: string;
  why: string;
}

/**
 * What `teachback connect <platform>` (and each sync) found out about an org: what it provisioned
 * or verified, what is missing for a feature to work (the admin must fix it), and what exists only
 * in some orgs and is therefore synced without (not an error).
 */
export interface ConnectReport {
  platform: Exclude<Platform, 'teachback'>;
  /** True when everything Teachback needs is there (skipped optional capabilities do not count). */
  ok: boolean;
  /** Created or verified: `evaluation form "Teachback" v3`, `object Teachback_Interaction_Score__c`. */
  provisioned: string[];
  /** Required and absent: the connection works only in part until these are granted. */
  missing: CapabilityGap[];
  /** Optional and absent: synced without them. */
  skipped: CapabilityGap[];
}

/** API requests a sync made, so `teachback sync` can print requests per 1,000 interactions. */
export interface RequestCount {
  requests: number;
  interactions: number;
}

export function requestsPerThousand(c: RequestCount): number | undefined {
  return c.interactions > 0 ? Math.round((c.requests * 10000) / c.interactions) / 10 : undefined;
}
