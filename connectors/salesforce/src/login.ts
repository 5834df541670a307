import { createSign } from 'node:crypto';
import { OAuth2 } from '@jsforce/jsforce-node';

/** What a token endpoint answers that we use: where the org lives and the bearer token. */
export interface IssuedToken {
  accessToken: string;
  instanceUrl: string;
  /** The identity URL `…/id/<orgId>/<userId>`. */
  id?: string;
  refreshToken?: string;
}

type TokenResponse = { access_token: string; instance_url: string; id?: string; refresh_token?: string };

function issued(r: TokenResponse): IssuedToken {
  return {
    accessToken: r.access_token,
    instanceUrl: r.instance_url,
    ...(r.id ? { id: r.id } : {}),
    ...(r.refresh_token ? { refreshToken: r.refresh_token } : {}),
  };
}

const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

/**
 * The JWT bearer assertion's audience: Salesforce wants its own login host (production or
 * sandbox), not a My Domain; an Experience Cloud site is its own audience.
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname;
  if (/(^test\.salesforce\.com$|\.sandbox\.my\.salesforce\.com$|^cs\d+\.)/.test(host)) {
    return 'https://test.salesforce.com';
  }
  if (/(^|\.)salesforce\.com$/.test(host)) return 'https://login.salesforce.com';
  return new URL(loginUrl).origin;
}

/**
 * OAuth 2.0 JWT bearer flow (RFC 7523), signed in memory: the private key never touches disk
 * and no library state is kept under a home directory.
 */
export async function jwtBearerToken(o: {
  clientId: string;
  username: string;
  privateKeyPem: string;
  loginUrl: string;
}): Promise<IssuedToken> {
  const header = b64url(JSON.stringify({ alg: 'RS256' }));
  const claims = b64url(
    JSON.stringify({
      iss: o.clientId,
      sub: o.username,
      aud: jwtAudience(o.loginUrl),
      exp: Math.floor(Date.now() / 1000) + 180,
    }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(o.privateKeyPem);
  const oauth2 = new OAuth2({ loginUrl: o.loginUrl, clientId: o.clientId });
  const r = (await oauth2._postParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: `${header}.${claims}.${b64url(signature)}`,
  })) as TokenResponse;
  return issued(r);
}

/** OAuth 2.0 refresh-token grant: what the admin's web-server (PKCE) connection left us. */
export async function refreshedToken(o: {
  clientId: string;
  clientSecret?: string | undefined;
  refreshToken: string;
  loginUrl: string;
}): Promise<IssuedToken> {
  const oauth2 = new OAuth2({
    loginUrl: o.loginUrl,
    clientId: o.clientId,
    ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
  });
  return issued((await oauth2.refreshToken(o.refreshToken)) as TokenResponse);
}

/** Authorization-code grant with the PKCE verifier kept since the admin was sent to Salesforce. */
export async function authorizationCodeToken(
  oauth2: OAuth2,
  code: string,
): Promise<IssuedToken & { refreshToken?: string }> {
  return issued((await oauth2.requestToken(code)) as TokenResponse);
}
