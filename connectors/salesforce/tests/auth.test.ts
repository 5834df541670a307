import { generateKeyPairSync } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { ConnectorError } from '@teachback/connector-kit';
import {
  beginOrgConnection,
  completeOrgConnection,
  createSalesforceSession,
  parseSalesforceAuth,
  SalesforceClient,
} from '../src';
import { usePrivateHomeInTests } from './private-home';

const home = usePrivateHomeInTests();
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const clientId = '3MVG9SIMULATEDCLIENT';

let sim: SalesforceSimulator;
beforeAll(async () => {
  sim = await startSalesforceSimulator({
    jwt: { clientId, publicKeyPem },
    oauthClient: { clientId, clientSecret: 'sim-secret' },
  });
});
afterAll(() => sim.close());

const quiet = { sleep: async () => undefined };

describe('private HOME', () => {
  it('is a 0700 directory holding the library state', () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(existsSync(`${home}/.sfdx/alias.json`)).toBe(true);
  });
});

describe('JWT bearer flow', () => {
  it('logs in through @salesforce/core and keeps the key in a 0600 file that close() removes', async () => {
    const session = createSalesforceSession(
      { flow: 'jwt', clientId, username: sim.username, privateKeyPem, loginUrl: sim.url },
      { allowHttp: true },
    );
    const client = new SalesforceClient({ session, ...quiet });
    const limits = await client.limits();
    expect(limits.DailyApiRequests.Max).toBe(100_000);
    expect(sim.stats.tokenGrants).toContain('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const keyFile = (await session.connection()).getAuthInfoFields().privateKey!;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(keyFile)).mode & 0o777).toBe(0o700);
    session.close();
    expect(existsSync(keyFile)).toBe(false);
  });

  it('logs in again by itself when the session expires (401 → JWT re-login → retry)', async () => {
    const session = createSalesforceSession(
      { flow: 'jwt', clientId, username: sim.username, privateKeyPem, loginUrl: sim.url },
      { allowHttp: true },
    );
    const client = new SalesforceClient({ session, ...quiet });
    await client.limits();
    const grants = sim.stats.tokenGrants.length;
    sim.expireSessions();
    const limits = await client.limits();
    expect(limits.DailyApiRequests.Remaining).toBeGreaterThan(0);
    expect(sim.stats.tokenGrants.length).toBe(grants + 1);
    session.close();
  });

  it('sends data calls to the instance URL override instead of the one the token endpoint names', async () => {
    const override = sim.url.replace('127.0.0.1', 'localhost');
    const session = createSalesforceSession(
      {
        flow: 'jwt',
        clientId,
        username: sim.username,
        privateKeyPem,
        loginUrl: sim.url,
        instanceUrl: override,
      },
      { allowHttp: true },
    );
    const conn = await session.connection();
    expect(conn.instanceUrl).toBe(override);
    const client = new SalesforceClient({ session, ...quiet });
    expect((await client.limits()).DailyApiRequests.Max).toBe(100_000);
    session.close();
  });

  it('a key the org does not trust fails with a coded error that never quotes the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const session = createSalesforceSession(
      { flow: 'jwt', clientId, username: sim.username, privateKeyPem: other, loginUrl: sim.url },
      { allowHttp: true },
    );
    const err = await session.connection().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).code).toBe('SALESFORCE.AUTH_FAILED');
    expect(JSON.stringify(err) + String((err as Error).message)).not.toContain('PRIVATE KEY');
    session.close();
  });
});

describe('web-server flow with PKCE', () => {
  it('connects an org: authorize → code → refresh token, then works from the refresh token', async () => {
    const pending = beginOrgConnection({
      clientId,
      redirectUri: 'https://teachback.example.org/oauth/callback',
      loginUrl: sim.url,
    });
    const authorize = new URL(pending.authorizationUrl);
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
    expect(authorize.searchParams.get('state')).toBe(pending.state);
    const redirect = await fetch(pending.authorizationUrl, { redirect: 'manual' });
    const back = new URL(redirect.headers.get('location')!);
    const org = await completeOrgConnection(
      pending,
      { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! },
      { clientSecret: 'sim-secret' },
    );
    expect(org).toMatchObject({ instanceUrl: sim.url, username: sim.username, orgId: sim.population.orgId });
    expect(org.refreshToken).toBeTruthy();

    const session = createSalesforceSession(
      {
        flow: 'refresh-token',
        clientId,
        clientSecret: 'sim-secret',
        refreshToken: org.refreshToken,
        loginUrl: sim.url,
      },
      { allowHttp: true },
    );
    const client = new SalesforceClient({ session, ...quiet });
    expect(await client.count('SELECT COUNT() FROM Contact')).toBe(sim.population.patients.length);
  });

  it('rejects a callback whose state does not match', async () => {
    const pending = beginOrgConnection({
      clientId,
      redirectUri: 'https://teachback.example.org/cb',
      loginUrl: sim.url,
    });
    await expect(completeOrgConnection(pending, { code: 'x', state: 'forged' })).rejects.toMatchObject({
      code: 'SALESFORCE.AUTH_STATE_MISMATCH',
    });
  });

  it('rejects a code exchanged without the matching PKCE verifier', async () => {
    const pending = beginOrgConnection({
      clientId,
      redirectUri: 'https://teachback.example.org/cb',
      loginUrl: sim.url,
    });
    const redirect = await fetch(pending.authorizationUrl, { redirect: 'manual' });
    const back = new URL(redirect.headers.get('location')!);
    await expect(
      completeOrgConnection(
        { ...pending, codeVerifier: 'not-the-verifier' },
        { code: back.searchParams.get('code')!, state: pending.state },
        { clientSecret: 'sim-secret' },
      ),
    ).rejects.toMatchObject({ code: 'SALESFORCE.AUTH_FAILED' });
  });
});

describe('auth config', () => {
  it('names the field and reason, and refuses plain http outside tests', () => {
    expect(() =>
      parseSalesforceAuth({ flow: 'access-token', accessToken: 't', instanceUrl: 'http://x.example.org' }),
    ).toThrow(/instanceUrl must be an https:\/\/ URL/);
    expect(() =>
      parseSalesforceAuth({ flow: 'jwt', clientId: 'c', username: 'u', privateKeyPem: 'nope' }),
    ).toThrow(/privateKeyPem must be a PEM private key/);
  });
});
