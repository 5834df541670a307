import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { register as connect, formatReport } from './connect';
import { cliContext } from './context';
import { operator } from './store-cli';

/** Canary secrets: they must reach the encrypted store and nothing the operator sees. */
const FIVE9_PASSWORD = 'canary-five9-password-7Qx';
const GENESYS_SECRET = 'canary-genesys-secret-3Lm';
const SF_TOKEN = 'canary-salesforce-token-9Vz';

/** The environment the operator's shell would hold; each test sets its own platform variables. */
let env: Record<string, string> = {};

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('teachback').exitOverride();
  connect(program, cliContext(env));
  let out = '';
  let err = '';
  const o = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'teachback', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

describe('teachback connect', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-connect-'));
  // Synthetic key for a throw-away database.
  const MASTER_KEY = '4c'.repeat(32);
  const base = {
    TEACHBACK_DATABASE_URL: `sqlite:${path.join(dir, 'store.db')}`,
    TEACHBACK_MASTER_KEY: MASTER_KEY,
  };
  const open = () =>
    openStore({
      url: base.TEACHBACK_DATABASE_URL,
      keys: new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex')),
    });

  let genesys: GenesysSimulator;
  beforeAll(async () => {
    genesys = await startGenesysSimulator({
      conversations: 2,
      rateLimitPerMinute: 100_000,
      clients: [{ clientId: 'file-client', clientSecret: GENESYS_SECRET }],
    });
    env = { ...base };
    const store = await open();
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.close();
  });
  afterEach(() => {
    // Without the platform variables one test set for itself.
    env = { ...base };
  });
  afterAll(async () => {
    await genesys.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (platform: 'genesys' | 'five9' | 'salesforce') => {
    const store = await open();
    try {
      return await store.tenants.readConnection(operator('acme', ['admin', 'integration']), 'acme', platform);
    } finally {
      await store.close();
    }
  };

  it('genesys: the file is overridden by the environment, and the environment by flags; provisions the org', async () => {
    const file = path.join(dir, 'genesys.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        settings: { orgId: 'file-org', region: 'us_east_1', evaluatorUserId: 'eval-1' },
        credentials: { clientId: 'file-client', clientSecret: 'file-secret' },
      }),
    );
    env.TEACHBACK_GENESYS_ORG_ID = 'env-org';
    env.TEACHBACK_GENESYS_REGION = 'eu_west_1';
    env.TEACHBACK_GENESYS_CLIENT_SECRET = GENESYS_SECRET;
    env.TEACHBACK_GENESYS_GATEWAY = genesys.url;
    const r = await cli(
      'connect',
      'genesys',
      '--tenant',
      'acme',
      '--connection-file',
      file,
      '--org-id',
      'sim-org',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^genesys: tenant acme connected\n/);
    expect(r.out).toMatch(/^ {2}provisioned {2}\S/m);
    expect(r.out + r.err).not.toContain(GENESYS_SECRET);
    const c = await stored('genesys');
    expect(c.settings).toMatchObject({ orgId: 'sim-org', region: 'eu_west_1', evaluatorUserId: 'eval-1' });
    expect(c.credentials).toEqual({ clientId: 'file-client', clientSecret: GENESYS_SECRET });
  });

  it('five9: credentials Five9 does not accept exit 1 with what is missing, and store nothing', async () => {
    env.TEACHBACK_FIVE9_PASSWORD = FIVE9_PASSWORD;
    const r = await cli(
      'connect',
      'five9',
      '--tenant',
      'acme',
      '--gateway',
      'http://127.0.0.1:9',
      '--initial-start',
      '2026-11-01T00:00:00Z',
      '--username',
      'api.sync@clinic.example',
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}missing {6}credentials: /m);
    expect(r.out + r.err).not.toContain(FIVE9_PASSWORD);
    await expect(stored('five9')).rejects.toThrow();
  });

  it('salesforce: an org that cannot be reached is reported, never with the token', async () => {
    env.TEACHBACK_SALESFORCE_FLOW = 'access-token';
    env.TEACHBACK_SALESFORCE_ACCESS_TOKEN = SF_TOKEN;
    const r = await cli('connect', 'salesforce', '--tenant', 'acme', '--instance-url', 'http://127.0.0.1:9');
    expect(r.code).not.toBe(0);
    expect(r.out + r.err).not.toContain(SF_TOKEN);
  });

  it('exits 2 on usage errors, naming the field or flag, without echoing a secret', async () => {
    env.TEACHBACK_FIVE9_PASSWORD = FIVE9_PASSWORD;
    const noStart = await cli('connect', 'five9', '--tenant', 'acme', '--username', 'api@clinic.example');
    expect(noStart.code).toBe(2);
    expect(noStart.err).toContain('CONNECT.INVALID');
    expect(noStart.err).toContain('settings.initialStart');
    expect(noStart.err).not.toContain(FIVE9_PASSWORD);

    const noSecret = await cli(
      'connect',
      'genesys',
      '--tenant',
      'acme',
      '--org-id',
      'o',
      '--region',
      'us_east_1',
      '--evaluator-user-id',
      'e',
      '--client-id',
      'c',
    );
    expect(noSecret).toMatchObject({ code: 2, err: expect.stringContaining('credentials.clientSecret') });

    env.TEACHBACK_SALESFORCE_ACCESS_TOKEN = SF_TOKEN;
    const badUrl = await cli(
      'connect',
      'salesforce',
      '--tenant',
      'acme',
      '--flow',
      'access-token',
      '--instance-url',
      'not a url',
    );
    expect(badUrl).toMatchObject({ code: 2, err: expect.stringContaining('instanceUrl') });
    expect(badUrl.err).not.toContain(SF_TOKEN);

    expect(await cli('connect', 'five9', '--tenant', 'acme', '--org-id', 'x')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--org-id does not apply to five9'),
    });
    expect(await cli('connect', 'zoom', '--tenant', 'acme')).toMatchObject({
      code: 2,
      err: expect.stringContaining('platform must be genesys, five9, salesforce, not "zoom"'),
    });
    expect(await cli('connect', 'five9')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--tenant'),
    });
    const junk = path.join(dir, 'junk.json');
    fs.writeFileSync(junk, '[1, 2]');
    expect(await cli('connect', 'five9', '--tenant', 'acme', '--connection-file', junk)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--connection-file: must hold an object'),
    });
  });

  it('prints what is missing with what to grant, and what is skipped and why', () => {
    expect(
      formatReport('acme', {
        platform: 'genesys',
        ok: false,
        provisioned: ['evaluation form "Teachback" v3'],
        missing: [
          {
            what: 'quality:evaluation:add',
            why: 'grant it to the OAuth client: evaluations cannot be pushed',
          },
        ],
        skipped: [{ what: 'speechandtextanalytics', why: 'not licensed: calls are scored from recordings' }],
      }),
    ).toBe(
      [
        'genesys: tenant acme connected with gaps: grant what is missing and run connect again',
        '  provisioned  evaluation form "Teachback" v3',
        '  missing      quality:evaluation:add: grant it to the OAuth client: evaluations cannot be pushed',
        '  skipped      speechandtextanalytics: not licensed: calls are scored from recordings',
        '',
      ].join('\n'),
    );
  });
});
