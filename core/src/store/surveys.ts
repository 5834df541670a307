import type { SurveyResponse } from '../model/contact-center';
import type { AccessContext } from './records';

/** A minted survey link's one-time token, as the store keeps it (the signature is not stored). */
export interface SurveyLinkRecord {
  /** Random id carried in the signed token; the single-use key. */
  nonce: string;
  interactionId: string;
  expiresAt: string;
}

export type SurveyRedeemOutcome = 'ok' | 'used' | 'unknown';

/**
 * Post-call survey answers (from a platform or Teachback's own page) tied to an interaction, and
 * the single-use links of Teachback's survey page. Answers are numbers only; free text is not kept.
 */
export interface SurveyStore {
  /** Idempotent on (tenant, id). Fails with STORE.NOT_FOUND when the interaction is unknown. */
  save(ctx: AccessContext, tenantId: string, response: SurveyResponse): Promise<void>;
  listForInteraction(ctx: AccessContext, tenantId: string, interactionId: string): Promise<SurveyResponse[]>;
  /** Remembers a minted link so it can be used once. */
  recordLink(ctx: AccessContext, tenantId: string, link: SurveyLinkRecord): Promise<void>;
  /**
   * Marks the link used and stores the answers in one transaction; a second use answers `used`,
   * a nonce never minted `unknown`. The caller has checked signature and expiry.
   */
  redeemLink(tenantId: string, nonce: string, response: SurveyResponse): Promise<SurveyRedeemOutcome>;
  /** Whether a link can still be used (minted, unused), without using it. */
  linkState(tenantId: string, nonce: string): Promise<SurveyRedeemOutcome>;
}
