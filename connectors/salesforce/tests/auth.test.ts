import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { ConnectorError } from '@teachback/connector-kit';
import {
  beginOrgConnection,
  completeOrgConnection,
  createSalesforceSession,
  parseSalesforceAuth,
  SalesforceClient,
} from '../src';

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

describe('no process or disk state', () => {
  // Logins used to need a private HOME for @salesforce/core (so the process env was rewritten)
  // and a key file for the JWT flow. Now nothing outside the session changes.
  it('logs in with every flow without touching the environment, the home directory or temp files', async () => {
    const envBefore = JSON.stringify(process.env);
    const homeBefore = fs.readdirSync(os.homedir()).sort();
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('teachback-sf-'));
    const sessions = [
      createSalesforceSession(
        { flow: 'jwt', clientId, username: sim.username, privateKeyPem, loginUrl: sim.url },
        { allowHttp: true },
      ),
      createSalesforceSession(
        { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
        { allowHttp: true },
      ),
    ];
    for (const session of sessions) {
      expect((await new SalesforceClient({ session, ...quiet }).limits()).DailyApiRequests.Max).toBe(100_000);
      session.close();
    }
    expect(JSON.stringify(process.env)).toBe(envBefore);
    expect(fs.readdirSync(os.homedir()).sort()).toEqual(homeBefore);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('teachback-sf-'))).toEqual(tmpBefore);
  });
});

describe('JWT bearer flow', () => {
  it('logs in with an assertion signed in memory, for this client and user', async () => {
    const session = createSalesforceSession(
      { flow: 'jwt', clientId, username: sim.username, privateKeyPem, loginUrl: sim.url },
      { allowHttp: true },
    );
    const client = new SalesforceClient({ session, ...quiet });
    const limits = await client.limits();
    expect(limits.DailyApiRequests.Max).toBe(100_000);
    expect(sim.stats.tokenGrants).toContain('urn:ietf:params:oauth:grant-type:jwt-bearer');
    session.close();
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
