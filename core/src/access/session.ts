/** What a server knows about a bearer token or session cookie once its signature checks out. */
export interface SessionClaims {
  userId: string;
  tenantId: string;
  /** ISO time the token or session was issued. */
  issuedAt: string;
  /** The user's token version when it was issued. */
  tokenVersion: number;
}

/** The user facts that decide whether a session is still good. */
export interface SessionSubject {
  id: string;
  tenantId: string;
  active: boolean;
  /** Tokens issued before this instant are refused (set on deactivation, password reset, logout-all). */
  validAfter: string;
  tokenVersion: number;
}

export type SessionCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'unknown-user' | 'other-tenant' | 'inactive' | 'revoked' | 'stale-version' | 'issued-in-future';
    };

/**
 * How far the identity provider's clock may differ from ours, either way. JWT `iat` has whole
 * seconds, so without it a token minted in the second a user was created (validAfter has
 * milliseconds) would be refused; and a token "issued" further in the future than this is refused.
 */
export const CLOCK_SKEW_MS = 5_000;

/**
 * Decides whether a previously issued session may still be used. Deactivation bumps the version
 * and moves `validAfter`, so every token issued before it is refused at once, with no cache to wait for.
 */
export function checkSession(
  claims: SessionClaims,
  subject: SessionSubject | undefined,
  nowMs: number,
): SessionCheck {
  if (!subject || subject.id !== claims.userId) return { ok: false, reason: 'unknown-user' };
  if (subject.tenantId !== claims.tenantId) return { ok: false, reason: 'other-tenant' };
  if (!subject.active) return { ok: false, reason: 'inactive' };
  const issued = Date.parse(claims.issuedAt);
  if (issued > nowMs + CLOCK_SKEW_MS) return { ok: false, reason: 'issued-in-future' };
  if (issued + CLOCK_SKEW_MS < Date.parse(subject.validAfter)) return { ok: false, reason: 'revoked' };
  if (claims.tokenVersion !== subject.tokenVersion) return { ok: false, reason: 'stale-version' };
  return { ok: true };
}
