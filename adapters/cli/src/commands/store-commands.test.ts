import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { Command } from 'commander';
import { openStore, LocalKeyProvider } from '@teachback/adapter-store';
import { register as ingest } from './ingest';
import { register as tenants } from './tenants';
import { register as users } from './users';
import { register as keys } from './keys';
import { register as audit } from './audit';
import { register as retention } from './retention';
import { register as interactions } from './interactions';
import { cliContext } from './context';
import { operator } from './store-cli';

const MASTER_KEY = 'ab'.repeat(32);
const CANARY = {
  name: 'Zebulon Quillfeather',
  phone: '555-987-0123',
  dob: 'February 2nd, 1931',
  dobIso: '1931-02-02',
};

function canaryCall(n: number): string {
  return [
    `[00:00] Agent: Thank you for calling Riverbend Health, this call may be recorded for quality and training. How can I help?`,
    `[00:06] Caller: Hi, this is ${CANARY.name}, I'm calling about my lab results.`,
    `[00:12] Agent: Can you confirm your date of birth and a phone number?`,
    `[00:16] Caller: ${CANARY.dob}, that's ${CANARY.dobIso}, and my phone is ${CANARY.phone}.`,
    `[00:24] Agent: Thank you, you're verified. Call number ${n}. Anything else?`,
    n === 2
      ? `[00:30] Caller: Actually I'm having crushing chest pain right now and I can't breathe.`
      : `[00:30] Caller: No, thanks.`,
  ].join('\n');
}

/** The operator's environment for the commands under test (never the process's own). */
const env: Record<string, string> = {};

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('teachback').exitOverride();
  for (const r of [ingest, tenants, users, keys, audit, retention, interactions]) r(program, cliContext(env));
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

const canaryNeedles = [CANARY.name, 'Quillfeather', CANARY.dob, CANARY.dobIso, CANARY.phone, '9870123'];

function assertNoCanary(haystack: string): void {
  for (const n of canaryNeedles)
    expect({ needle: n, found: haystack.includes(n) }).toEqual({ needle: n, found: false });
}

describe('teachback store commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-cli-store-'));
  const calls = join(dir, 'calls');

  beforeAll(() => {
    mkdirSync(calls);
    writeFileSync(join(calls, 'call-1.txt'), canaryCall(1));
    writeFileSync(join(calls, 'call-2.txt'), canaryCall(2));
    writeFileSync(join(calls, 'broken.json'), '{"this is": not json');
    env.TEACHBACK_MASTER_KEY = MASTER_KEY;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('on SQLite', () => {
    const db = join(dir, 'teachback.db');
    beforeAll(() => {
      env.TEACHBACK_DATABASE_URL = `sqlite:${db}`;
    });

    it('creates a tenant and users, rejecting bad input with a usage error', async () => {
      expect(await cli('tenants', 'create', 'riverbend', '--name', 'Riverbend Health')).toMatchObject({
        code: 0,
      });
      expect((await cli('tenants', 'create', 'riverbend')).err).toContain('STORE.CONFLICT');
      expect(
        await cli(
          'users',
          'add',
          'dana',
          '--tenant',
          'riverbend',
          '--role',
          'agent',
          '--team',
          'north',
          '--agent-id',
          'gc-dana',
        ),
      ).toMatchObject({ code: 0 });
      expect(await cli('users', 'add', 'x', '--tenant', 'riverbend', '--role', 'wizard')).toMatchObject({
        code: 2,
        err: expect.stringContaining('--role "wizard"'),
      });
      expect(await cli('users', 'add', 'x', '--role', 'agent')).toMatchObject({
        code: 2,
        err: expect.stringContaining('--tenant is required'),
      });
    });

    it('ingests a folder: a clear error for the bad file, the rest stored and scored, re-ingest changes nothing', async () => {
      const first = await cli('ingest', calls, '--tenant', 'riverbend');
      expect(first.code).toBe(1);
      expect(first.err).toMatch(/broken\.json: IMPORT\.[A-Z_]+/);
      expect(first.out).toContain('2 created, 0 updated, 0 unchanged, 1 failed');
      assertNoCanary(first.out + first.err);
      const again = await cli('ingest', join(calls, 'call-1.txt'), '--tenant', 'riverbend');
      expect(again).toMatchObject({
        code: 0,
        out: expect.stringContaining('0 created, 0 updated, 1 unchanged, 0 failed'),
      });
    });

    it('leaves no canary plaintext in the database file, while an allowed read decrypts it', async () => {
      const bytes = [db, `${db}-wal`]
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('');
      expect(bytes).toContain('call-1');
      assertNoCanary(bytes);
      const store = await openStore({
        url: `sqlite:${db}`,
        keys: new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex')),
      });
      try {
        const page = await store.interactions.list(operator('riverbend', ['compliance']), 'riverbend');
        expect(page.items).toHaveLength(2);
        // The chest-pain call was escalated at ingest, and the escalation is stored with it.
        expect(page.items.map((i) => i.escalationCount).sort()).toEqual([0, 1]);
        const d = await store.interactions.get(
          operator('riverbend', ['compliance']),
          'riverbend',
          page.items[0]!.id,
        );
        expect(d.interaction.transcript?.utterances.map((u) => u.text).join(' ')).toContain(CANARY.name);
        expect(d.scorecard?.findings.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    });

    it('shows an interaction decrypted to the operator, and the read is audited', async () => {
      const list = await cli('interactions', 'list', '--tenant', 'riverbend', '--limit', '1');
      expect(list.code).toBe(0);
      const page = JSON.parse(list.out) as { items: Array<{ id: string }>; nextCursor: string | null };
      expect(page.items).toHaveLength(1);
      assertNoCanary(list.out);
      const shown = await cli('interactions', 'show', page.items[0]!.id, '--tenant', 'riverbend');
      expect(shown.code).toBe(0);
      expect(shown.out).toContain(CANARY.name);
      expect(shown.out).toContain(CANARY.phone);
      expect(await cli('interactions', 'show', 'ix-nope', '--tenant', 'riverbend')).toMatchObject({
        code: 1,
        err: expect.stringContaining('STORE.NOT_FOUND'),
      });
      const log = JSON.parse((await cli('audit', 'export', '--tenant', 'riverbend')).out) as Array<{
        action: string;
        resourceId: string | null;
      }>;
      expect(log).toContainEqual(
        expect.objectContaining({ action: 'phi.read', resourceId: page.items[0]!.id }),
      );
    });

    it('rotates the tenant key with data still readable, then verifies and exports the audit trail', async () => {
      const rotated = await cli('keys', 'rotate', '--tenant', 'riverbend', '--batch-size', '2');
      expect(rotated).toMatchObject({ code: 0, out: expect.stringMatching(/re-encrypted \d+ values/) });
      const ok = await cli('audit', 'verify', '--tenant', 'riverbend');
      expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('intact') });

      const csv = await cli(
        'audit',
        'export',
        '--tenant',
        'riverbend',
        '--format',
        'csv',
        '--from',
        '2000-01-01',
      );
      expect(csv.code).toBe(0);
      const lines = csv.out.trim().split('\n');
      expect(lines[0]).toBe(
        'tenant_id,seq,at,actor_id,action,resource_type,resource_id,outcome,source,details,prev_hash,hash',
      );
      expect(csv.out).toContain('key.rotate');
      const json = await cli('audit', 'export', '--tenant', 'riverbend', '--format', 'json');
      const records = JSON.parse(json.out) as Array<{ action: string }>;
      // The CSV export before it is in the log: reading the audit log is itself audited.
      expect(records.map((r) => r.action)).toContain('audit.export');
      expect(await cli('audit', 'export', '--tenant', 'riverbend', '--format', 'xml')).toMatchObject({
        code: 2,
      });
      expect(await cli('audit', 'export', '--tenant', 'riverbend', '--from', 'yesterday')).toMatchObject({
        code: 2,
      });
    });

    it('verifies the audit trail without the master key, but will not decrypt without it', async () => {
      delete env.TEACHBACK_MASTER_KEY;
      try {
        expect(await cli('audit', 'verify', '--tenant', 'riverbend')).toMatchObject({ code: 0 });
        // Listing needs no key (summaries hold no PHI); showing one does.
        const list = await cli('interactions', 'list', '--tenant', 'riverbend');
        expect(list.code).toBe(0);
        const id = (JSON.parse(list.out) as { items: Array<{ id: string }> }).items[0]!.id;
        expect(await cli('interactions', 'show', id, '--tenant', 'riverbend')).toMatchObject({
          code: 1,
          err: expect.stringContaining('CRYPTO.NO_MASTER_KEY'),
        });
      } finally {
        env.TEACHBACK_MASTER_KEY = MASTER_KEY;
      }
    });

    it('names the row when one byte of an audit row changes', async () => {
      const raw = new Database(db);
      raw.exec('DROP TRIGGER audit_events_no_update');
      raw
        .prepare("UPDATE audit_events SET action = 'phi.reaD' WHERE tenant_id = 'riverbend' AND seq = 4")
        .run();
      raw.close();
      const broken = await cli('audit', 'verify', '--tenant', 'riverbend');
      expect(broken).toMatchObject({
        code: 1,
        out: expect.stringContaining('BROKEN at event seq 4 (hash-mismatch)'),
      });
    });

    it('sets retention and runs the purge job', async () => {
      expect(await cli('retention', 'set', '--tenant', 'riverbend', '--legal-hold', 'maybe')).toMatchObject({
        code: 2,
      });
      expect(await cli('retention', 'set', '--tenant', 'riverbend', '--days', '1')).toMatchObject({
        code: 0,
        out: expect.stringContaining('retention 1 days, legal hold off'),
      });
      // The canary calls carry no date, so they count from when they were stored: nothing is a day old yet.
      expect(await cli('retention', 'purge', '--tenant', 'riverbend')).toMatchObject({
        code: 0,
        out: expect.stringContaining('purged 0 interactions'),
      });
    });

    it('stops with exit 2 naming a bad setting, never its value', async () => {
      const url = env.TEACHBACK_DATABASE_URL!;
      env.TEACHBACK_DATABASE_URL = 'mysql://ops:pw-canary-7Hq@db.example.org/tb';
      try {
        const r = await cli('tenants', 'create', 'elsewhere');
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/CONFIG\.INVALID: TEACHBACK_DATABASE_URL: must start with sqlite:/);
        expect(r.err).not.toContain('pw-canary');
      } finally {
        env.TEACHBACK_DATABASE_URL = url;
      }
    });

    it('deactivates a user', async () => {
      expect(await cli('users', 'deactivate', 'dana', '--tenant', 'riverbend')).toMatchObject({
        code: 0,
        out: expect.stringContaining('are refused'),
      });
      expect(await cli('users', 'deactivate', 'nobody', '--tenant', 'riverbend')).toMatchObject({
        code: 1,
        err: expect.stringContaining('STORE.NOT_FOUND'),
      });
    });
  });

  describe('on PostgreSQL', () => {
    const base = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `tb_cli_${process.pid}_${Date.now().toString(36)}`;
    const admin = async (sql: string): Promise<void> => {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    beforeAll(async () => {
      await admin(`CREATE SCHEMA ${schema}`);
      env.TEACHBACK_DATABASE_URL = `${base}?schema=${schema}`;
    });
    afterAll(async () => {
      await admin(`DROP SCHEMA ${schema} CASCADE`);
    });

    it('ingests the canary calls and pg_dump holds no plaintext of them', async () => {
      expect(await cli('tenants', 'create', 'riverbend')).toMatchObject({ code: 0 });
      const r = await cli('ingest', join(calls, 'call-1.txt'), '--tenant', 'riverbend');
      expect(r).toMatchObject({ code: 0, out: expect.stringContaining('1 created') });
      const u = new URL(base);
      const bin = existsSync('/usr/lib/postgresql/15/bin/pg_dump')
        ? '/usr/lib/postgresql/15/bin/pg_dump'
        : 'pg_dump';
      const dump = execFileSync(
        bin,
        [
          '-h',
          u.hostname,
          '-p',
          u.port || '5432',
          '-U',
          u.username || 'postgres',
          '-n',
          schema,
          u.pathname.slice(1),
        ],
        { encoding: 'latin1' },
      );
      expect(dump).toContain('call-1');
      assertNoCanary(dump);
      expect(await cli('audit', 'verify', '--tenant', 'riverbend')).toMatchObject({ code: 0 });
      await admin(
        `SET session_replication_role = replica; UPDATE ${schema}.audit_events SET outcome = 'failure' WHERE seq = 2`,
      );
      expect(await cli('audit', 'verify', '--tenant', 'riverbend')).toMatchObject({
        code: 1,
        out: expect.stringContaining('BROKEN at event seq 2'),
      });
    });
  });
});
