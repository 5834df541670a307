import { z } from 'zod';
import { Role } from '@teachback/core';
import type { Setting } from './setting';

/**
 * How callers of the API prove who they are.
 * - People: an OIDC/JWT bearer token, verified against the identity provider's JWKS (or, for the
 *   demo and tests, a shared HS256 secret).
 * - Integrations: an API key, compared by SHA-256 hash; it acts as a `system` actor of one tenant.
 */
export const AuthSettings = z.strictObject({
  oidc: z
    .strictObject({
      issuer: z.string().min(1),
      audience: z.string().min(1),
      /** The IdP's JWKS endpoint; required unless `hs256Secret` is set. */
      jwksUrl: z.url().optional(),
      /** Demo and tests only: sign and verify with one shared secret. */
      hs256Secret: z.string().min(32).optional(),
      /** Claim that names the Teachback tenant. */
      tenantClaim: z.string().min(1).default('tenant_id'),
    })
    .refine((o) => o.jwksUrl !== undefined || o.hs256Secret !== undefined, {
      message: 'jwksUrl or hs256Secret is required',
    })
    .optional(),
  apiKeys: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        tenantId: z.string().min(1),
        /** SHA-256 of the key, hex; the key itself is never stored. */
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256'),
        roles: z.array(Role).min(1).default(['integration']),
      }),
    )
    .default([]),
});
export type AuthSettings = z.output<typeof AuthSettings>;
export type AuthSettingsInput = z.input<typeof AuthSettings>;

export const AUTH_SETTINGS: Setting[] = [
  {
    path: 'oidc.issuer',
    env: 'TEACHBACK_OIDC_ISSUER',
    about: "your identity provider's issuer (turns on sign-in for people)",
    commands: 'serve',
  },
  {
    path: 'oidc.audience',
    env: 'TEACHBACK_OIDC_AUDIENCE',
    about: 'audience the tokens must carry',
    commands: 'serve',
  },
  {
    path: 'oidc.jwksUrl',
    env: 'TEACHBACK_OIDC_JWKS_URL',
    about: "the identity provider's JWKS URL",
    commands: 'serve',
  },
  {
    path: 'oidc.tenantClaim',
    env: 'TEACHBACK_OIDC_TENANT_CLAIM',
    about: 'token claim naming the tenant',
    default: 'tenant_id',
    commands: 'serve',
  },
  {
    path: 'oidc.hs256Secret',
    env: 'TEACHBACK_SESSION_SECRET',
    about: 'shared HS256 secret instead of a JWKS (demo and tests; 32+ characters)',
    commands: 'serve',
    secret: true,
  },
  {
    path: 'apiKeys',
    env: 'TEACHBACK_API_KEYS',
    read: 'json',
    about: 'integration API keys as JSON `[{"id","tenantId","sha256","roles"}]` (hashes, not keys)',
    default: '[]',
    commands: 'serve',
  },
];
