import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthSettings, type AuthSettingsInput } from '@teachback/config';
import type { Actor, ApiKeyMatch, SessionClaims, TenantStore } from '@teachback/core';
import { httpError } from './errors';

/**
 * How people and integrations prove who they are.
 * - People: an OIDC/JWT bearer token, verified against the identity provider's JWKS (or, for the
 *   demo and tests, a shared HS256 secret). The store then checks the session against the user's
 *   current state, so a deactivated user is refused on the next request.
 * - Integrations: an API key, compared by SHA-256 hash; it acts as a `system` actor of one tenant.
 */
export const AuthConfig = AuthSettings;
/** The `auth` settings (@teachback/config holds the schema with every other setting). */
export type AuthConfig = AuthSettingsInput;

/** The claim our own tokens carry so a token version bump (deactivation) refuses them. */
export const TOKEN_VERSION_CLAIM = 'tb_ver';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface Authenticator {
  /** Resolves the caller of a request from its Authorization header, or throws a 401. */
  authenticate(authorization: string | undefined, source: string): Promise<Actor>;
}

/** Keys admins create over the API (store `oversight`), beside the ones in the settings file. */
export interface StoredApiKeys {
  findApiKey(sha256Hex: string): Promise<ApiKeyMatch | null>;
}

export function createAuthenticator(
  tenants: TenantStore,
  input: AuthConfig,
  storedKeys?: StoredApiKeys,
): Authenticator {
  const config = AuthConfig.parse(input);
  const oidc = config.oidc;
  let key: Uint8Array | JWTVerifyGetKey | undefined;
  if (oidc?.jwksUrl) key = createRemoteJWKSet(new URL(oidc.jwksUrl));
  else if (oidc?.hs256Secret) key = new TextEncoder().encode(oidc.hs256Secret);
  const apiKeys = config.apiKeys.map((k) => ({ ...k, hash: Buffer.from(k.sha256, 'hex') }));

  async function fromJwt(token: string, source: string): Promise<Actor> {
    if (!oidc || !key) throw httpError('HTTP.UNAUTHENTICATED', 'bearer tokens are not accepted here');
    let payload: JWTPayload;
    try {
      const verified =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, { issuer: oidc.issuer, audience: oidc.audience })
          : await jwtVerify(token, key, { issuer: oidc.issuer, audience: oidc.audience });
      payload = verified.payload;
    } catch {
      throw httpError('HTTP.UNAUTHENTICATED', 'bearer token: invalid or expired');
    }
    const tenantId = payload[oidc.tenantClaim];
    if (typeof payload.sub !== 'string' || typeof tenantId !== 'string' || typeof payload.iat !== 'number') {
      throw httpError('HTTP.UNAUTHENTICATED', `bearer token: sub, iat and ${oidc.tenantClaim} are required`);
    }
    const version = payload[TOKEN_VERSION_CLAIM];
    const claims: SessionClaims = {
      userId: payload.sub,
      tenantId,
      issuedAt: new Date(payload.iat * 1000).toISOString(),
      // Tokens from an outside IdP carry no version: they count as the first one, and the
      // deactivation check still refuses them through `active` and `validAfter`.
      tokenVersion: typeof version === 'number' ? version : 1,
    };
    return tenants.verifySession(claims, source);
  }

  async function fromApiKey(presented: string): Promise<Actor> {
    const hash = createHash('sha256').update(presented).digest();
    const match =
      apiKeys.find((k) => timingSafeEqual(k.hash, hash)) ??
      (storedKeys ? await storedKeys.findApiKey(hash.toString('hex')) : null);
    if (!match) throw httpError('HTTP.UNAUTHENTICATED', 'API key: not recognised');
    return {
      kind: 'system',
      id: `api-key:${match.id}`,
      tenantId: match.tenantId,
      roles: match.roles,
      teamIds: [],
      agentIds: [],
      active: true,
    };
  }

  return {
    async authenticate(authorization, source) {
      if (!authorization) throw httpError('HTTP.UNAUTHENTICATED', 'Authorization header is required');
      const m = /^(Bearer|ApiKey)\s+(\S+)$/i.exec(authorization.trim());
      if (!m)
        throw httpError('HTTP.UNAUTHENTICATED', 'Authorization: expected "Bearer <token>" or "ApiKey <key>"');
      return m[1]!.toLowerCase() === 'apikey' ? fromApiKey(m[2]!) : fromJwt(m[2]!, source);
    },
  };
}

/**
 * Issues a Teachback session token signed with the shared HS256 secret (demo, tests, and the
 * desktop panels' agent-session tokens). `iat` is rounded up so a token minted in the same second
 * a user was created is not taken for one issued before it.
 */
export async function issueSessionToken(opts: {
  secret: string;
  issuer: string;
  audience: string;
  userId: string;
  tenantId: string;
  tokenVersion?: number;
  tenantClaim?: string;
  expiresIn?: string;
}): Promise<string> {
  return new SignJWT({
    [opts.tenantClaim ?? 'tenant_id']: opts.tenantId,
    [TOKEN_VERSION_CLAIM]: opts.tokenVersion ?? 1,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(opts.userId)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt(Math.ceil(Date.now() / 1000))
    .setExpirationTime(opts.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(opts.secret));
}
