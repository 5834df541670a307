import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Connection, OAuth2 } from '@jsforce/jsforce-node';
import { ConnectorError } from '@teachback/connector-kit';
import { z } from 'zod';
import { errorName, toSalesforceError } from './errors';
import { authorizationCodeToken, jwtBearerToken, refreshedToken, type IssuedToken } from './login';
import { SALESFORCE_MANIFEST } from './manifest';

const url = (allowHttp: boolean) =>
  z
    .string()
    .url()
    .refine((u) => allowHttp || u.startsWith('https://'), 'must be an https:// URL');

function authSchema(allowHttp: boolean) {
  return z.discriminatedUnion('flow', [
    z.strictObject({
      flow: z.literal('jwt'),
      clientId: z.string().min(1),
      username: z.string().min(1),
      privateKeyPem: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
      loginUrl: url(allowHttp).default(SALESFORCE_MANIFEST.loginUrls.production),
      instanceUrl: url(allowHttp).optional(),
    }),
    z.strictObject({
      flow: z.literal('refresh-token'),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1).optional(),
      refreshToken: z.string().min(1),
      loginUrl: url(allowHttp).default(SALESFORCE_MANIFEST.loginUrls.production),
      instanceUrl: url(allowHttp).optional(),
    }),
    z.strictObject({
      flow: z.literal('access-token'),
      accessToken: z.string().min(1),
      instanceUrl: url(allowHttp),
    }),
  ]);
}

export type SalesforceAuthConfig = z.input<ReturnType<typeof authSchema>>;

/** Parses auth config; plain-http URLs are only accepted when `allowHttp` (tests, simulator). */
export function parseSalesforceAuth(input: unknown, options: { allowHttp?: boolean } = {}) {
  const parsed = authSchema(options.allowHttp ?? false).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(root)';
    throw new ConnectorError(
      'SALESFORCE.CONFIG_INVALID',
      `Salesforce auth config: ${field} ${issue.message}`,
      {
        details: { field },
      },
    );
  }
  return parsed.data;
}

/** A logged-in org. `reauthenticate` logs in from scratch (used after INVALID_SESSION_ID). */
export interface SalesforceSession {
  connection(): Promise<Connection>;
  reauthenticate(): Promise<void>;
  readonly flow: 'jwt' | 'refresh-token' | 'access-token';
  close(): void;
}

/**
 * Logs in with jsforce's OAuth 2.0 client. JWT bearer is the server-to-server flow; refresh-token
 * is what an admin's web-server (PKCE) connection leaves us with; access-token is for tests and
 * short jobs. `instanceUrl` overrides where data calls go (tests point it at the simulator).
 * Nothing is written to disk and no process state changes: tokens live in this session only.
 */
export function createSalesforceSession(
  input: SalesforceAuthConfig,
  options: { allowHttp?: boolean; apiVersion?: string } = {},
): SalesforceSession {
  const config = parseSalesforceAuth(input, options);
  const version = options.apiVersion ?? SALESFORCE_MANIFEST.apiVersion;
  let current: Promise<Connection> | undefined;

  const token = (): Promise<IssuedToken> => {
    if (config.flow === 'jwt') return jwtBearerToken(config);
    if (config.flow === 'refresh-token') return refreshedToken(config);
    return Promise.resolve({ accessToken: config.accessToken, instanceUrl: config.instanceUrl });
  };
  const login = async (): Promise<Connection> => {
    try {
      const t = await token();
      const conn = new Connection({
        instanceUrl: config.instanceUrl ?? t.instanceUrl,
        accessToken: t.accessToken,
        version,
      });
      // A bare token is not exchanged anywhere: ask who it belongs to, so a dead one fails here.
      if (config.flow === 'access-token') await conn.request('/services/oauth2/userinfo');
      return conn;
    } catch (err) {
      throw authError(err);
    }
  };

  return {
    flow: config.flow,
    connection() {
      current ??= login();
      // A failed login must not be cached: the next call tries again.
      current.catch(() => (current = undefined));
      return current;
    },
    async reauthenticate() {
      current = login();
      current.catch(() => (current = undefined));
      await current;
    },
    close() {
      current = undefined;
    },
  };
}

function authError(err: unknown): ConnectorError {
  const coded = toSalesforceError(err, 'login');
  // At login an invalid session means the credentials were refused, not that one expired.
  const refused = ['SALESFORCE.UNEXPECTED', 'SALESFORCE.API_ERROR', 'SALESFORCE.INVALID_SESSION'];
  if (!refused.includes(coded.code)) return coded;
  // Token endpoint refusals arrive as errors named by the OAuth error (invalid_grant, invalid_client).
  const name = errorName(err);
  return new ConnectorError('SALESFORCE.AUTH_FAILED', `login: Salesforce refused the credentials (${name})`, {
    status: 400,
    details: { reason: 'AUTH_FAILED' },
  });
}

/** What the server keeps between sending the admin to Salesforce and the redirect back. */
export interface PendingOrgConnection {
  state: string;
  codeVerifier: string;
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  loginUrl: string;
}

export interface ConnectedOrg {
  refreshToken: string;
  instanceUrl: string;
  username: string;
  orgId: string;
}

/**
 * Step one of the OAuth web-server flow with PKCE: the URL to send the admin to. The returned
 * object holds the code verifier; the server stores it (encrypted) keyed by `state`.
 */
export function beginOrgConnection(options: {
  clientId: string;
  redirectUri: string;
  loginUrl?: string;
  scope?: string;
}): PendingOrgConnection {
  const loginUrl = options.loginUrl ?? SALESFORCE_MANIFEST.loginUrls.production;
  const state = randomBytes(16).toString('hex');
  const oauth2 = new OAuth2({
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    loginUrl,
    useVerifier: true,
  });
  const authorizationUrl = oauth2.getAuthorizationUrl({
    state,
    scope: options.scope ?? SALESFORCE_MANIFEST.scopes,
  });
  return {
    state,
    codeVerifier: oauth2.codeVerifier!,
    authorizationUrl,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    loginUrl,
  };
}

/** Step two: exchanges the code (with the PKCE verifier) for a refresh token. */
export async function completeOrgConnection(
  pending: PendingOrgConnection,
  callback: { code: string; state: string },
  options: { clientSecret?: string } = {},
): Promise<ConnectedOrg> {
  const a = Buffer.from(pending.state);
  const b = Buffer.from(callback.state);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ConnectorError('SALESFORCE.AUTH_STATE_MISMATCH', 'OAuth callback state does not match', {
      status: 400,
    });
  }
  const oauth2 = new OAuth2({
    clientId: pending.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    redirectUri: pending.redirectUri,
    loginUrl: pending.loginUrl,
  });
  oauth2.codeVerifier = pending.codeVerifier;
  try {
    const t = await authorizationCodeToken(oauth2, callback.code);
    // The identity of the user who approved: OpenID Connect userinfo on the org's own host.
    const conn = new Connection({ instanceUrl: t.instanceUrl, accessToken: t.accessToken });
    const who = await conn.request<{ preferred_username?: string; organization_id?: string }>(
      '/services/oauth2/userinfo',
    );
    if (!t.refreshToken || !who.preferred_username || !who.organization_id) {
      throw new ConnectorError('SALESFORCE.AUTH_FAILED', 'OAuth exchange returned no refresh token', {
        status: 400,
      });
    }
    return {
      refreshToken: t.refreshToken,
      instanceUrl: t.instanceUrl,
      username: who.preferred_username,
      orgId: who.organization_id,
    };
  } catch (err) {
    throw authError(err);
  }
}
