import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Teachback's survey links: `<base>/survey/<payload>.<signature>`, payload = base64url JSON
 * `{ t: tenant, n: nonce, e: expiry (epoch s) }`, signature = HMAC-SHA256 under a per-tenant key
 * derived from the configured secret. No interaction id, name or number is in the link: the nonce
 * is looked up in the store, which also makes the link single-use.
 */
export interface SurveyToken {
  tenantId: string;
  nonce: string;
  expiresAt: Date;
}

function tenantKey(secret: string, tenantId: string): Buffer {
  return createHmac('sha256', secret).update(`teachback-survey-link:${tenantId}`).digest();
}

export function signSurveyToken(secret: string, t: SurveyToken): string {
  const payload = Buffer.from(
    JSON.stringify({ t: t.tenantId, n: t.nonce, e: Math.floor(t.expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  const sig = createHmac('sha256', tenantKey(secret, t.tenantId)).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

export function newSurveyNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** The token's claims when the signature is right (expiry is the caller's to judge); else null. */
export function verifySurveyToken(secret: string, token: string): SurveyToken | null {
  const m = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  let claims: { t?: unknown; n?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return null;
  }
  if (typeof claims.t !== 'string' || typeof claims.n !== 'string' || typeof claims.e !== 'number')
    return null;
  const want = createHmac('sha256', tenantKey(secret, claims.t)).update(m[1]!).digest();
  const got = Buffer.from(m[2]!, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  return { tenantId: claims.t, nonce: claims.n, expiresAt: new Date(claims.e * 1000) };
}
