import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TeachbackError } from '@teachback/core';
import { AREA_NAMES, SETTINGS_AREAS } from './areas';
import { checkArea, loadSettings } from './load';

const KEY = 'ab'.repeat(32);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-settings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function settingsFile(name: string, body: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

function failure(fn: () => unknown): TeachbackError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TeachbackError) return e;
    throw e;
  }
  throw new Error('expected a CONFIG.INVALID error');
}

describe('loadSettings', () => {
  it('gives the documented defaults with nothing set', () => {
    const s = loadSettings({ env: {} });
    expect(s.store).toEqual({ databaseUrl: 'sqlite:./teachback.db', pgbossSchema: 'pgboss' });
    expect(s.keys).toEqual({});
    expect(s.server).toMatchObject({ port: 8080, rateLimitPerMinute: 600 });
    expect(s.server.host).toBeUndefined();
    expect(s.auth).toEqual({ apiKeys: [] });
    expect(s.transcription.engine).toBeUndefined();
    expect(s.transcription.http.timeoutMs).toBe(120_000);
    expect(s.judge).toBeUndefined();
    expect(s.logging.level).toBeUndefined();
    expect(s.connect.genesys).toEqual({});
  });

  it('reads every area from the environment, typed', () => {
    const s = loadSettings({
      env: {
        TEACHBACK_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tb?schema=t1',
        TEACHBACK_MASTER_KEY: KEY,
        PORT: '9090',
        TEACHBACK_HOST: '127.0.0.1',
        TEACHBACK_OIDC_ISSUER: 'https://idp.example.org',
        TEACHBACK_OIDC_AUDIENCE: 'teachback',
        TEACHBACK_OIDC_JWKS_URL: 'https://idp.example.org/jwks',
        TEACHBACK_API_KEYS: JSON.stringify([{ id: 'k1', tenantId: 'acme', sha256: 'f'.repeat(64) }]),
        TEACHBACK_FIVE9_CONNECTOR_SECRETS: `${'a'.repeat(32)}, ${'b'.repeat(32)}`,
        TEACHBACK_GENESYS_WEBHOOK_SECRETS: JSON.stringify({ acme: ['s'.repeat(16)] }),
        TEACHBACK_TRANSCRIBE_ENGINE: 'http',
        TEACHBACK_TRANSCRIBE_URL: 'https://asr.example.org',
        TEACHBACK_TRANSCRIBE_TIMEOUT_MS: '5000',
        TEACHBACK_JUDGE_URL: 'https://llm.example.org',
        TEACHBACK_JUDGE_MODEL: 'm1',
        TEACHBACK_LOG_LEVEL: 'debug',
        TEACHBACK_GENESYS_ORG_ID: 'org-1',
      },
    });
    expect(s.store.databaseUrl).toContain('postgres://');
    expect(s.keys.masterKey).toBe(KEY);
    expect(s.server).toMatchObject({ port: 9090, host: '127.0.0.1' });
    expect(s.auth.oidc).toMatchObject({ issuer: 'https://idp.example.org', tenantClaim: 'tenant_id' });
    expect(s.auth.apiKeys[0]).toMatchObject({ id: 'k1', roles: ['integration'] });
    expect(s.webhooks.five9).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    expect(s.webhooks.genesys).toEqual({ acme: ['s'.repeat(16)] });
    expect(s.transcription).toMatchObject({
      engine: 'http',
      http: { url: 'https://asr.example.org', timeoutMs: 5000 },
    });
    expect(s.judge).toMatchObject({ url: 'https://llm.example.org', model: 'm1', cacheSize: 10_000 });
    expect(s.logging.level).toBe('debug');
    expect(s.connect.genesys.orgId).toBe('org-1');
  });

  it('takes the file first and lets a variable override it, key by key', () => {
    const file = settingsFile('layered.json', {
      server: { port: 7000, host: '0.0.0.0', rateLimitPerMinute: 50 },
      transcription: { http: { model: 'from-file', timeoutMs: 1000 } },
    });
    const s = loadSettings({ file, env: { PORT: '7001', TEACHBACK_TRANSCRIBE_TIMEOUT_MS: '2000' } });
    expect(s.server).toMatchObject({ port: 7001, host: '0.0.0.0', rateLimitPerMinute: 50 });
    expect(s.transcription.http).toMatchObject({ model: 'from-file', timeoutMs: 2000 });
  });

  it('reads YAML files and finds the file through TEACHBACK_CONFIG', () => {
    const file = settingsFile('settings.yaml', 'logging:\n  level: warn\nstore:\n  pgbossSchema: jobs\n');
    const s = loadSettings({ env: { TEACHBACK_CONFIG: file } });
    expect(s.logging.level).toBe('warn');
    expect(s.store.pgbossSchema).toBe('jobs');
  });

  it('never reads a variable it was not given (an injected environment stands alone)', () => {
    expect(loadSettings({ env: { TEACHBACK_LOG_LEVEL: 'error' } }).logging.level).toBe('error');
    expect(loadSettings({ env: {} }).logging.level).toBeUndefined();
  });
});

describe('each invalid setting is named, never its value', () => {
  const secret = 'sk-live-do-not-echo';
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ TEACHBACK_DATABASE_URL: `mysql://${secret}@db` }, /^TEACHBACK_DATABASE_URL: must start with sqlite:/],
    [{ TEACHBACK_PGBOSS_SCHEMA: 'Bad-Schema' }, /^TEACHBACK_PGBOSS_SCHEMA: must be a lower-case identifier/],
    [{ TEACHBACK_MASTER_KEY: secret }, /^TEACHBACK_MASTER_KEY: must be 64 hex digits or base64 of 32 bytes/],
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ TEACHBACK_API_KEYS: `[${secret}` }, /^TEACHBACK_API_KEYS: not valid JSON/],
    [
      { TEACHBACK_API_KEYS: JSON.stringify([{ id: 'k', tenantId: 't', sha256: secret }]) },
      /^TEACHBACK_API_KEYS: \[0\]\.sha256: hex SHA-256/,
    ],
    [
      { TEACHBACK_SESSION_SECRET: secret, TEACHBACK_OIDC_ISSUER: 'https://i', TEACHBACK_OIDC_AUDIENCE: 'a' },
      /^TEACHBACK_SESSION_SECRET: /,
    ],
    [
      { TEACHBACK_FIVE9_CONNECTOR_SECRETS: `${'a'.repeat(32)},${secret}` },
      /^TEACHBACK_FIVE9_CONNECTOR_SECRETS: secret 2 of 2: must be 32 characters or more/,
    ],
    [
      { TEACHBACK_GENESYS_WEBHOOK_SECRETS: JSON.stringify({ acme: [secret.slice(0, 5)] }) },
      /^TEACHBACK_GENESYS_WEBHOOK_SECRETS: acme\[0\]: a secret must be 16/,
    ],
    [{ TEACHBACK_TRANSCRIBE_ENGINE: secret }, /^TEACHBACK_TRANSCRIBE_ENGINE: /],
    [
      { TEACHBACK_TRANSCRIBE_URL: `http://${secret}.example.org` },
      /^TEACHBACK_TRANSCRIBE_URL: must be https/,
    ],
    [{ TEACHBACK_TRANSCRIBE_MAX_ATTEMPTS: '11' }, /^TEACHBACK_TRANSCRIBE_MAX_ATTEMPTS: /],
    [{ TEACHBACK_WHISPER_THREADS: 'many' }, /^TEACHBACK_WHISPER_THREADS: /],
    [{ TEACHBACK_FIVE9_CHANNELS: 'left' }, /^TEACHBACK_FIVE9_CHANNELS: /],
    [
      { TEACHBACK_JUDGE_URL: 'https://llm.example.org' },
      /^judge\.model \(TEACHBACK_JUDGE_MODEL\): name the chat model/,
    ],
    [
      {
        TEACHBACK_JUDGE_URL: 'https://llm.example.org',
        TEACHBACK_JUDGE_MODEL: 'm',
        TEACHBACK_JUDGE_CACHE_SIZE: '-1',
      },
      /^TEACHBACK_JUDGE_CACHE_SIZE: /,
    ],
    [{ TEACHBACK_LOG_LEVEL: 'loud' }, /^TEACHBACK_LOG_LEVEL: /],
  ];
  it.each(cases)('%j', (env, message) => {
    const err = failure(() => loadSettings({ env: { ...env, TEACHBACK_SALESFORCE_ACCESS_TOKEN: secret } }));
    expect(err.code).toBe('CONFIG.INVALID');
    expect(err.message).toMatch(message);
    expect(err.message + JSON.stringify(err.details)).not.toContain(secret);
  });

  it('names the file key (and the variable that would override it) for a bad file value', () => {
    const file = settingsFile('bad.json', { server: { port: 'x' } });
    const err = failure(() => loadSettings({ file, env: {} }));
    expect(err.message).toMatch(new RegExp(`^${file}: server\\.port \\(PORT\\): `));
    expect(err.details).toMatchObject({ setting: 'server.port', env: 'PORT' });
  });

  it('names a misspelt key, a misspelt area, and a file that is not JSON', () => {
    expect(
      failure(() => loadSettings({ file: settingsFile('k.json', { server: { prot: 1 } }), env: {} })).message,
    ).toMatch(/: server: .*prot$/);
    expect(
      failure(() => loadSettings({ file: settingsFile('a.json', { sever: {} }), env: {} })).message,
    ).toMatch(/sever: not a settings area/);
    expect(failure(() => loadSettings({ file: settingsFile('n.json', '{nope'), env: {} })).message).toMatch(
      /n\.json: cannot be read as JSON/,
    );
  });

  it('checks one area with a command’s overrides on top', () => {
    expect(checkArea('transcription', { engine: 'whisper' }).engine).toBe('whisper');
    expect(failure(() => checkArea('transcription', { engine: 'nope' })).message).toMatch(
      /^transcription\.engine \(TEACHBACK_TRANSCRIBE_ENGINE\): /,
    );
  });
});

describe('the settings table', () => {
  it('gives every variable once, in exactly one area', () => {
    const names = AREA_NAMES.flatMap((a) =>
      SETTINGS_AREAS[a].settings.flatMap((s) => (s.env ? [s.env] : [])),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(50);
  });
});
