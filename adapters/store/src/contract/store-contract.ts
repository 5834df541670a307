import type { AccessContext, Actor, InteractionRecord, Role, Scorecard } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';
import { MIGRATIONS } from '../sql/migrations';

/**
 * What a test file provides so the one contract runs against its store. Each file owns its
 * database (a temp SQLite file, a PostgreSQL schema) and removes it in `cleanup`.
 */
export interface StoreHarness {
  name: string;
  open(): Promise<SqlStore>;
  /** Every byte the database keeps at rest (file + WAL, or `pg_dump`), as latin1 text. */
  dump(): Promise<string>;
  /** Changes one character of one audit row, going around the append-only guard as an attacker with disk or superuser access would. */
  tamperAudit(tenantId: string, seq: number): Promise<void>;
  /** Deletes one audit row the same way. */
  deleteAudit(tenantId: string, seq: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** Synthetic person used to prove PHI never sits in plaintext. */
export const CANARY = {
  name: 'Zebulon Quillfeather',
  phone: '+15559870123',
  dob: '1931-02-29',
  email: 'zebulon.quillfeather@example.test',
  memberId: 'QZX-998877',
};

export function actor(tenantId: string, roles: Role[], over: Partial<Actor> = {}): AccessContext {
  return {
    actor: {
      kind: 'user',
      id: `${roles.join('+')}-user`,
      tenantId,
      roles,
      teamIds: [],
      agentIds: [],
      active: true,
      ...over,
    },
    source: 'contract-test',
  };
}

export function system(tenantId: string, roles: Role[] = ['integration', 'compliance']): AccessContext {
  return {
    actor: { kind: 'system', id: 'contract', tenantId, roles, teamIds: [], agentIds: [], active: true },
    source: 'contract-test',
  };
}

export function scorecard(interactionId: string, score: number): Scorecard {
  return {
    interactionId,
    playbook: { id: 'healthcare-inbound', version: '2026-01-01' },
    score,
    compliant: score >= 80,
    needsReview: false,
    reviewReasons: [],
    findings: [
      {
        criterionId: 'verify-identity',
        title: 'Verify identity',
        category: 'compliance',
        severity: 'high',
        weight: 1,
        status: score >= 80 ? 'met' : 'missed',
        confidence: 0.9,
        evidence: [
          { utterance: 1, startMs: 4000, speaker: 'customer', quote: `my date of birth is ${CANARY.dob}` },
        ],
        explanation: `Caller confirmed ${CANARY.dob}`,
      },
    ],
  };
}

export function call(
  n: number,
  over: { agent?: string; startedAt?: string; phone?: string; score?: number; text?: string } = {},
): InteractionRecord {
  const id = `int-${n}`;
  return {
    interaction: {
      id,
      source: { platform: 'genesys', externalId: `conv-${n}` },
      channel: 'voice',
      direction: 'inbound',
      startedAt: over.startedAt ?? `2026-03-01T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
      durationMs: 180000,
      participants: [
        { role: 'agent', userId: over.agent ?? 'agent-a', name: 'Agent Avery' },
        { role: 'customer', name: CANARY.name, phone: over.phone ?? CANARY.phone },
      ],
      contact: {
        name: CANARY.name,
        memberId: CANARY.memberId,
        phones: [over.phone ?? CANARY.phone],
        emails: [CANARY.email],
        dateOfBirth: CANARY.dob,
      },
      wrapUp: { code: 'billing', notes: `${CANARY.name} asked about a bill` },
      recordings: [
        {
          id: 'rec-1',
          mediaType: 'audio/wav',
          durationMs: 180000,
          uri: `s3://recordings/${CANARY.name}.wav`,
        },
      ],
      transcript: {
        utterances: [
          {
            speaker: 'agent',
            startMs: 0,
            endMs: 3000,
            text: over.text ?? 'Thank you for calling, how can I help?',
          },
          {
            speaker: 'customer',
            startMs: 4000,
            endMs: 9000,
            text: `This is ${CANARY.name}, born ${CANARY.dob}, phone ${CANARY.phone}`,
          },
        ],
      },
    },
    scorecard: scorecard(id, over.score ?? 90),
    escalations: [
      {
        type: 'medical_emergency',
        severity: 'critical',
        utterance: 1,
        startMs: 4000,
        quote: `${CANARY.name} has chest pain`,
        actions: [],
      },
    ],
    coaching: [{ atMs: 4000, text: `At 0:04 you confirmed ${CANARY.name}'s date of birth` }],
  };
}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}

/** The one suite both stores must pass. */
export function storeContract(h: StoreHarness): void {
  describe(`${h.name} store contract`, () => {
    let store: SqlStore;
    let tenantSeq = 0;
    const newTenant = async (): Promise<string> => {
      const id = `t${++tenantSeq}-${Math.random().toString(36).slice(2, 8)}`;
      await store.createTenant({ id, name: `Tenant ${id}` });
      return id;
    };

    beforeAll(async () => {
      store = await h.open();
    });
    afterAll(async () => {
      await store.close();
      await h.cleanup();
    });

    describe('migrations', () => {
      it('are recorded and safe to run twice', async () => {
        const again = await store.migrate();
        expect(again.applied).toEqual([]);
        const rows = await store.driver.all('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
        expect(MIGRATIONS.length).toBeGreaterThanOrEqual(3);
      });
    });

    describe('tenants', () => {
      it('creates a tenant with a six-year default retention and refuses a duplicate', async () => {
        const t = await newTenant();
        const got = await store.getTenant(actor(t, ['admin']), t);
        expect(got).toMatchObject({ id: t, retentionDays: 2192, legalHold: false });
        await expectCode(store.createTenant({ id: t, name: 'again' }), 'STORE.CONFLICT');
      });
      it('rejects a bad tenant id naming the field', async () => {
        await expect(store.createTenant({ id: 'Bad Id!', name: 'x' })).rejects.toMatchObject({
          code: 'STORE.INVALID',
          message: expect.stringContaining('id'),
        });
      });
    });

    describe('idempotent interaction writes', () => {
      it('creates once, ignores a replay, updates on change and keeps score history', async () => {
        const t = await newTenant();
        const ctx = system(t);
        const first = await store.saveInteraction(ctx, t, call(1));
        expect(first).toMatchObject({ id: 'int-1', outcome: 'created', scoreVersion: 1 });
        const auditBefore = (await store.readAudit(ctx, t)).length;

        const replay = await store.saveInteraction(ctx, t, call(1));
        expect(replay).toMatchObject({ id: 'int-1', outcome: 'unchanged', scoreVersion: 1 });
        const count = await store.driver.get(
          'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM interactions WHERE tenant_id = ?',
          [t],
        );
        expect(Number(count?.n)).toBe(1);
        // The replay wrote nothing: the only new audit row is the read we did above.
        expect((await store.readAudit(ctx, t)).length).toBe(auditBefore + 1);

        const rescored = await store.saveInteraction(ctx, t, call(1, { score: 50 }));
        expect(rescored).toMatchObject({ outcome: 'updated', scoreVersion: 2 });
        const history = await store.scoreHistory(ctx, t, 'int-1');
        expect(history.map((v) => [v.version, v.scorecard?.score])).toEqual([
          [1, 90],
          [2, 50],
        ]);

        const edited = await store.saveInteraction(
          ctx,
          t,
          call(1, { score: 50, text: 'Hello, how may I help you today?' }),
        );
        expect(edited).toMatchObject({ id: 'int-1', outcome: 'updated', scoreVersion: 2 });
        const detail = await store.getInteraction(ctx, t, 'int-1');
        expect(detail.interaction.transcript?.utterances[0]?.text).toBe('Hello, how may I help you today?');
        expect(detail.summary).toMatchObject({
          score: 50,
          compliant: false,
          scoreVersion: 2,
          escalationCount: 1,
        });
      });

      it('stores a batch with each record atomic on its own', async () => {
        const t = await newTenant();
        const clash = call(13);
        clash.interaction.id = 'int-11';
        const bad = call(12) as { interaction: Record<string, unknown> };
        bad.interaction.startedAt = 'last tuesday';
        const out = await store.saveInteractions(system(t), t, [
          call(11),
          bad as InteractionRecord,
          clash,
          call(14),
          call(11),
        ]);
        expect(out.map((o) => ('error' in o ? o.error.code : o.outcome))).toEqual([
          'created',
          'STORE.INVALID',
          'STORE.CONFLICT',
          'created',
          'unchanged',
        ]);
        const rows = await store.driver.all('SELECT id FROM interactions WHERE tenant_id = ? ORDER BY id', [
          t,
        ]);
        expect(rows.map((r) => r.id)).toEqual(['int-11', 'int-14']);
        const transcripts = await store.driver.all(
          'SELECT interaction_id FROM transcripts WHERE tenant_id = ?',
          [t],
        );
        expect(transcripts).toHaveLength(2);
        expect(await store.verifyAudit(system(t), t)).toMatchObject({ ok: true });
      });

      it('keeps the first id when the same source record arrives with another id', async () => {
        const t = await newTenant();
        await store.saveInteraction(system(t), t, call(2));
        const other = call(2, { text: 'changed' });
        other.interaction.id = 'a-different-id';
        expect(await store.saveInteraction(system(t), t, other)).toMatchObject({
          id: 'int-2',
          outcome: 'updated',
        });
      });

      it('writes nothing when a record is invalid or collides', async () => {
        const t = await newTenant();
        const bad = call(3) as { interaction: Record<string, unknown> };
        bad.interaction.channel = 'carrier-pigeon';
        await expect(store.saveInteraction(system(t), t, bad as InteractionRecord)).rejects.toMatchObject({
          code: 'STORE.INVALID',
          message: expect.stringContaining('interaction.channel'),
        });
        await store.saveInteraction(system(t), t, call(4));
        const clash = call(5);
        clash.interaction.id = 'int-4';
        await expectCode(store.saveInteraction(system(t), t, clash), 'STORE.CONFLICT');
        const foreign = call(6);
        foreign.interaction.tenantId = 'someone-else';
        await expect(store.saveInteraction(system(t), t, foreign)).rejects.toMatchObject({
          code: 'STORE.INVALID',
          message: expect.stringContaining('interaction.tenantId'),
        });
        const rows = await store.driver.all('SELECT id FROM interactions WHERE tenant_id = ?', [t]);
        expect(rows.map((r) => r.id)).toEqual(['int-4']);
        const contacts = await store.driver.all('SELECT id FROM contacts WHERE tenant_id = ?', [t]);
        expect(contacts).toHaveLength(1);
      });
    });

    describe('encryption at rest', () => {
      it('keeps PHI columns as versioned, key-tagged ciphertext', async () => {
        const t = await newTenant();
        await store.saveInteraction(system(t), t, call(1));
        const keys = await store.listTenantKeys(actor(t, ['admin']), t);
        const active = keys.find((k) => k.status === 'active')!.keyId;
        const row = await store.driver.get('SELECT * FROM interactions WHERE tenant_id = ?', [t]);
        const tr = await store.driver.get('SELECT * FROM transcripts WHERE tenant_id = ?', [t]);
        const rec = await store.driver.get('SELECT * FROM recordings WHERE tenant_id = ?', [t]);
        for (const v of [row?.phi_enc, tr?.body_enc, rec?.uri_enc]) {
          expect(String(v)).toMatch(new RegExp(`^tb1\\.${active}\\.`));
          expect(String(v)).not.toContain('Zebulon');
        }
        expect(JSON.stringify(row)).not.toContain(CANARY.name);
      });

      it('binds ciphertext to its row: a value copied to another row does not open', async () => {
        const t = await newTenant();
        await store.saveInteraction(system(t), t, call(1));
        await store.saveInteraction(system(t), t, call(2));
        const a = await store.driver.get(
          'SELECT body_enc FROM transcripts WHERE tenant_id = ? AND interaction_id = ?',
          [t, 'int-1'],
        );
        await store.driver.run(
          'UPDATE transcripts SET body_enc = ? WHERE tenant_id = ? AND interaction_id = ?',
          [String(a?.body_enc), t, 'int-2'],
        );
        await expectCode(store.getInteraction(system(t), t, 'int-2'), 'CRYPTO.DECRYPT_FAILED');
      });

      it('stores connection credentials encrypted and returns them to an allowed reader', async () => {
        const t = await newTenant();
        await store.saveConnection(actor(t, ['admin']), t, {
          id: 'gc',
          platform: 'genesys',
          settings: { region: 'mypurecloud.com' },
          credentials: { clientSecret: 'sekrit-value-123' },
        });
        const raw = await store.driver.get('SELECT credentials_enc FROM connections WHERE tenant_id = ?', [
          t,
        ]);
        expect(String(raw?.credentials_enc)).not.toContain('sekrit');
        const c = await store.getConnection(actor(t, ['admin']), t, 'gc');
        expect(c.credentials.clientSecret).toBe('sekrit-value-123');
        await expectCode(store.getConnection(actor(t, ['agent']), t, 'gc'), 'ACCESS.DENIED');
      });
    });

    describe('blind index and timeline', () => {
      it('finds a contact by phone, email or member id in any format, newest first, with paging', async () => {
        const t = await newTenant();
        for (let n = 1; n <= 5; n++) await store.saveInteraction(system(t), t, call(n));
        const crm = actor(t, ['crm-viewer']);
        const byPhone = await store.timeline(crm, t, { phone: '(555) 987-0123' }, { limit: 2 });
        expect(byPhone.entries.map((e) => e.interactionId)).toEqual(['int-5', 'int-4']);
        const next = await store.timeline(
          crm,
          t,
          { phone: '555.987.0123' },
          { limit: 2, cursor: byPhone.nextCursor! },
        );
        expect(next.entries.map((e) => e.interactionId)).toEqual(['int-3', 'int-2']);
        const byEmail = await store.timeline(crm, t, { email: '  ZEBULON.Quillfeather@EXAMPLE.test ' });
        expect(byEmail.contact.id).toBe(byPhone.contact.id);
        expect(byEmail.entries).toHaveLength(5);
        const byMember = await store.timeline(crm, t, { memberId: 'qzx 998877' });
        expect(byMember.contact.identity.dateOfBirth).toBe(CANARY.dob);
        await expectCode(store.timeline(crm, t, { phone: '+15550000000' }), 'STORE.NOT_FOUND');
      });

      it('stores only keyed digests, different for each tenant', async () => {
        const t1 = await newTenant();
        const t2 = await newTenant();
        await store.saveInteraction(system(t1), t1, call(1));
        await store.saveInteraction(system(t2), t2, call(1));
        const d1 = await store.driver.all(
          "SELECT digest FROM contact_keys WHERE tenant_id = ? AND kind = 'phone'",
          [t1],
        );
        const d2 = await store.driver.all(
          "SELECT digest FROM contact_keys WHERE tenant_id = ? AND kind = 'phone'",
          [t2],
        );
        expect(d1).toHaveLength(1);
        expect(d1[0]!.digest).not.toEqual(d2[0]!.digest);
        expect(String(d1[0]!.digest)).not.toContain('5559870123');
      });
    });

    describe('access policy enforcement', () => {
      it('shows agents their own interactions, supervisors their team, and hides other tenants', async () => {
        const t = await newTenant();
        const admin = actor(t, ['admin']);
        await store.addTeam(admin, t, { id: 'north', name: 'North' });
        await store.addUser(admin, t, {
          id: 'avery',
          displayName: 'Avery',
          roles: ['agent'],
          teamIds: ['north'],
          agentIds: ['agent-a'],
        });
        await store.addUser(admin, t, {
          id: 'blake',
          displayName: 'Blake',
          roles: ['agent'],
          teamIds: ['south'],
          agentIds: ['agent-b'],
        });
        await store.saveInteraction(system(t), t, call(1, { agent: 'agent-a' }));
        await store.saveInteraction(system(t), t, call(2, { agent: 'agent-b' }));

        const avery = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'], teamIds: ['north'] });
        expect((await store.listInteractions(avery, t)).items.map((i) => i.id)).toEqual(['int-1']);
        expect((await store.getInteraction(avery, t, 'int-1')).interaction.transcript).toBeDefined();
        await expectCode(store.getInteraction(avery, t, 'int-2'), 'ACCESS.DENIED');

        const sup = actor(t, ['supervisor'], { teamIds: ['north'] });
        expect((await store.listInteractions(sup, t)).items.map((i) => i.id)).toEqual(['int-1']);
        await expectCode(store.getInteraction(sup, t, 'int-2'), 'ACCESS.DENIED');

        const crm = actor(t, ['crm-viewer']);
        const seen = await store.getInteraction(crm, t, 'int-2');
        expect(seen.interaction.transcript).toBeUndefined();
        expect(seen.interaction.recordings[0]?.uri).toBeUndefined();
        expect(seen.escalations).toEqual([]);
        // Scores yes, evidence quotes (transcript excerpts) no.
        expect(seen.scorecard).toBeNull();
        expect(seen.deidentifiedScorecard).toMatchObject({
          score: 90,
          findings: [{ criterionId: 'verify-identity' }],
        });
        expect(JSON.stringify(seen)).not.toContain('my date of birth is');
        const adminDetail = await store.getInteraction(actor(t, ['admin']), t, 'int-2');
        expect(adminDetail.interaction.participants.map((p) => p.role)).toEqual(['agent']);
        expect(adminDetail.interaction.wrapUp).toEqual({ code: 'billing' });
        expect(JSON.stringify(adminDetail)).not.toContain('Quillfeather');
        const adminView = await store.scoreHistory(actor(t, ['admin']), t, 'int-2');
        expect(adminView.map((v) => [v.scorecard, v.deidentified?.score])).toEqual([[null, 90]]);

        const other = await newTenant();
        const outsider = actor(other, ['compliance']);
        await expectCode(store.getInteraction(outsider, t, 'int-1'), 'STORE.NOT_FOUND');
        await expectCode(store.listInteractions(outsider, t), 'STORE.NOT_FOUND');
        await expectCode(store.timeline(outsider, t, { phone: CANARY.phone }), 'STORE.NOT_FOUND');

        const log = await store.readAudit(actor(t, ['compliance']), t);
        expect(
          log.filter((e) => e.action === 'access.denied').map((e) => [e.actorId, e.resourceId, e.outcome]),
        ).toEqual([
          ['user:avery', 'int-2', 'denied'],
          ['user:supervisor-user', 'int-2', 'denied'],
        ]);
        const otherLog = await store.readAudit(actor(other, ['compliance']), other);
        expect(
          otherLog.filter((e) => e.action === 'access.denied' && e.outcome === 'not_found'),
        ).toHaveLength(3);
      });

      it('filters and pages the interaction list', async () => {
        const t = await newTenant();
        for (let n = 1; n <= 7; n++)
          await store.saveInteraction(system(t), t, call(n, { score: n % 2 ? 90 : 40 }));
        const c = actor(t, ['compliance']);
        const p1 = await store.listInteractions(c, t, { compliant: false }, { limit: 2 });
        expect(p1.items.map((i) => i.id)).toEqual(['int-6', 'int-4']);
        const p2 = await store.listInteractions(
          c,
          t,
          { compliant: false },
          { limit: 2, cursor: p1.nextCursor! },
        );
        expect(p2.items.map((i) => i.id)).toEqual(['int-2']);
        expect(p2.nextCursor).toBeNull();
        const window = await store.listInteractions(c, t, {
          from: '2026-03-01T10:02:00Z',
          to: '2026-03-01T10:04:00Z',
        });
        expect(window.items.map((i) => i.id)).toEqual(['int-3', 'int-2']);
        await expectCode(store.listInteractions(c, t, {}, { cursor: 'garbage' }), 'STORE.INVALID');
      });
    });

    describe('users and sessions', () => {
      it('refuses every session issued before a deactivation, at once', async () => {
        const t = await newTenant();
        const admin = actor(t, ['admin']);
        await store.addUser(admin, t, {
          id: 'casey',
          displayName: 'Casey',
          roles: ['supervisor'],
          teamIds: ['north'],
        });
        const claims = { userId: 'casey', tenantId: t, issuedAt: new Date().toISOString(), tokenVersion: 1 };
        await expect(
          store.authenticate({ ...claims, issuedAt: '2000-01-01T00:00:00Z' }),
        ).rejects.toMatchObject({ details: { reason: 'revoked' } });
        const a = await store.authenticate(claims, '10.0.0.1');
        expect(a).toMatchObject({ id: 'casey', roles: ['supervisor'], teamIds: ['north'], active: true });
        const u = await store.deactivateUser(admin, t, 'casey');
        expect(u).toMatchObject({ active: false, tokenVersion: 2 });
        await expect(store.authenticate(claims)).rejects.toMatchObject({
          code: 'AUTH.REFUSED',
          details: { reason: 'inactive' },
        });
        const log = await store.readAudit(actor(t, ['compliance']), t);
        expect(log.map((e) => e.action)).toEqual(
          expect.arrayContaining(['user.add', 'auth.login', 'user.deactivate', 'auth.refused']),
        );
        await expectCode(
          store.addUser(admin, t, { id: 'casey', displayName: 'Again', roles: ['agent'] }),
          'STORE.CONFLICT',
        );
        await expectCode(
          store.addUser(actor(t, ['supervisor']), t, { id: 'x', displayName: 'X', roles: ['admin'] }),
          'ACCESS.DENIED',
        );
      });
    });

    describe('audit trail', () => {
      it('is append-only in the database itself', async () => {
        const t = await newTenant();
        const rows = await store.driver.get(
          'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_events WHERE tenant_id = ?',
          [t],
        );
        expect(Number(rows?.n)).toBe(2);
        if (store.kind === 'sqlite') {
          const triggers = await store.driver.all(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
          );
          expect(triggers.map((r) => r.name)).toEqual(['audit_events_no_delete', 'audit_events_no_update']);
        }
        // Compared by message: under jest, better-sqlite3's error class can come from another test
        // file's realm (the native addon keeps the first one registered), so toThrow would not see an Error.
        const failure = (p: Promise<unknown>): Promise<string> =>
          p.then(
            () => 'no error',
            (e: unknown) => String((e as { message?: unknown }).message),
          );
        expect(
          await failure(store.driver.run("UPDATE audit_events SET actor_id = 'x' WHERE tenant_id = ?", [t])),
        ).toMatch(/append-only/);
        expect(await failure(store.driver.run('DELETE FROM audit_events WHERE tenant_id = ?', [t]))).toMatch(
          /append-only/,
        );
      });

      it('verifies a clean chain and names the first row changed by one byte', async () => {
        const t = await newTenant();
        for (let n = 1; n <= 3; n++) await store.saveInteraction(system(t), t, call(n));
        const c = actor(t, ['compliance']);
        const ok = await store.verifyAudit(c, t);
        expect(ok).toMatchObject({ ok: true, tenantId: t });
        if (!ok.ok) throw new Error('unreachable');
        expect(ok.count).toBeGreaterThanOrEqual(5);
        await h.tamperAudit(t, 3);
        expect(await store.verifyAudit(c, t)).toMatchObject({
          ok: false,
          brokenSeq: 3,
          reason: 'hash-mismatch',
        });
      });

      it('notices a row cut from the end of the chain', async () => {
        const t = await newTenant();
        await store.saveInteraction(system(t), t, call(1));
        const last = (await store.readAudit(system(t), t)).length + 1;
        await h.deleteAudit(t, last);
        expect(await store.verifyAudit(system(t), t)).toMatchObject({
          ok: false,
          brokenSeq: last,
          reason: 'sequence-gap',
        });
      });

      it('audits reading and exporting the audit log, and refuses it to non-compliance roles', async () => {
        const t = await newTenant();
        const c = actor(t, ['compliance']);
        await store.readAudit(c, t, {}, 'export');
        const log = await store.readAudit(c, t, { from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' });
        expect(log[log.length - 1]).toMatchObject({
          action: 'audit.export',
          actorId: 'user:compliance-user',
          outcome: 'success',
        });
        await expectCode(store.readAudit(actor(t, ['supervisor']), t), 'ACCESS.DENIED');
      });
    });

    describe('retention', () => {
      it('purges expired PHI, keeps de-identified scores, honours legal hold, and audits it', async () => {
        const t = await newTenant();
        const ctx = system(t);
        await store.saveInteraction(ctx, t, call(1, { startedAt: '2015-01-01T00:00:00Z' }));
        await store.saveInteraction(
          ctx,
          t,
          call(2, { startedAt: '2015-01-02T00:00:00Z', phone: '+15550001111' }),
        );
        await store.saveInteraction(ctx, t, call(3, { startedAt: '2026-01-01T00:00:00Z' }));
        await store.setLegalHold(actor(t, ['admin']), t, 'int-2', true);
        await expectCode(store.purgeExpired(actor(t, ['admin']), t), 'ACCESS.DENIED');

        const report = await store.purgeExpired(ctx, t, new Date('2026-06-01T00:00:00Z'));
        expect(report).toMatchObject({ purged: ['int-1'], heldBack: 1 });
        const d = await store.getInteraction(ctx, t, 'int-1');
        expect(d.interaction.transcript).toBeUndefined();
        expect(d.interaction.participants).toEqual([]);
        expect(d.interaction.recordings).toEqual([]);
        expect(d.scorecard).toBeNull();
        expect(d.deidentifiedScorecard).toMatchObject({
          score: 90,
          findings: [{ criterionId: 'verify-identity', status: 'met' }],
        });
        expect(JSON.stringify(d)).not.toContain(CANARY.dob);
        expect(d.summary.purgedAt).not.toBeNull();
        expect((await store.getInteraction(ctx, t, 'int-2')).interaction.transcript).toBeDefined();
        expect((await store.getInteraction(ctx, t, 'int-3')).interaction.transcript).toBeDefined();
        const log = await store.readAudit(ctx, t);
        expect(log.find((e) => e.action === 'retention.purge')).toMatchObject({
          resourceId: 'int-1',
          details: { transcripts: 1, recordings: 1 },
        });

        await store.setRetention(actor(t, ['admin']), t, { legalHold: true });
        await store.setLegalHold(actor(t, ['admin']), t, 'int-2', false);
        expect((await store.purgeExpired(ctx, t, new Date('2026-06-01T00:00:00Z'))).purged).toEqual([]);
      });
    });

    describe('key rotation', () => {
      it('re-encrypts everything under the new key in batches; old data stays readable throughout', async () => {
        const t = await newTenant();
        for (let n = 1; n <= 4; n++) await store.saveInteraction(system(t), t, call(n));
        await store.enqueueOutbox(t, {
          platform: 'salesforce',
          kind: 'salesforce.task',
          idempotencyKey: 'k1',
          payload: { note: CANARY.name },
        });
        const admin = actor(t, ['admin']);
        const before = await store.listTenantKeys(admin, t);
        const report = await store.rotateTenantKey(admin, t, { batchSize: 2 });
        expect(report.previousKeyId).toBe(before[0]!.keyId);
        // Per call: interaction PHI, transcript, recording URI, scorecard, coaching, escalation; plus contact and outbox.
        expect(report.reencrypted).toBe(4 * 6 + 2);
        expect(report.batches).toBeGreaterThanOrEqual(Math.ceil(report.reencrypted / 2));
        const keys = await store.listTenantKeys(admin, t);
        expect(keys.map((k) => [k.version, k.status])).toEqual([
          [1, 'retired'],
          [2, 'active'],
        ]);
        const stale = await store.driver.all(
          'SELECT phi_enc FROM interactions WHERE tenant_id = ? AND phi_enc NOT LIKE ?',
          [t, `tb1.${report.keyId}.%`],
        );
        expect(stale).toEqual([]);
        expect((await store.getInteraction(system(t), t, 'int-3')).interaction.contact?.name).toBe(
          CANARY.name,
        );
        const [item] = await store.claimOutbox({ limit: 5, tenantId: t });
        expect(item?.payload).toEqual({ note: CANARY.name });
        const audit = await store.readAudit(actor(t, ['compliance']), t);
        expect(audit.map((e) => e.action)).toEqual(
          expect.arrayContaining(['key.create', 'key.rotate', 'key.reencrypt']),
        );
      });
    });

    describe('outbox, checkpoints, coaching tasks, escalations', () => {
      it('enqueues once per idempotency key and leases items to one worker', async () => {
        const t = await newTenant();
        const a = await store.enqueueOutbox(t, {
          platform: 'genesys',
          kind: 'genesys.evaluation',
          idempotencyKey: 'int-1/v1',
          payload: { score: 90 },
        });
        const b = await store.enqueueOutbox(t, {
          platform: 'genesys',
          kind: 'genesys.evaluation',
          idempotencyKey: 'int-1/v1',
          payload: { score: 90 },
        });
        expect(b).toEqual({ id: a.id, created: false });
        const now = new Date();
        const claimed = await store.claimOutbox({ limit: 10, tenantId: t, now });
        expect(claimed.map((c) => [c.id, c.attempts, c.payload])).toEqual([[a.id, 1, { score: 90 }]]);
        expect(await store.claimOutbox({ limit: 10, tenantId: t, now })).toEqual([]);
        await store.failOutbox(a.id, 'GENESYS.RATE_LIMITED', new Date(now.getTime() + 1000));
        expect(await store.claimOutbox({ limit: 10, tenantId: t, now })).toEqual([]);
        const retried = await store.claimOutbox({
          limit: 10,
          tenantId: t,
          now: new Date(now.getTime() + 2000),
        });
        expect(retried.map((c) => c.attempts)).toEqual([2]);
        await store.completeOutbox(a.id);
        expect(
          await store.claimOutbox({ limit: 10, tenantId: t, now: new Date(now.getTime() + 999_999) }),
        ).toEqual([]);
      });

      it('saves sync checkpoints', async () => {
        const t = await newTenant();
        expect(await store.getCheckpoint(t, 'five9', 'calls')).toBeNull();
        await store.saveCheckpoint(t, 'five9', 'calls', { since: '2026-03-01T00:00:00Z' });
        await store.saveCheckpoint(t, 'five9', 'calls', { since: '2026-03-02T00:00:00Z' });
        expect(await store.getCheckpoint(t, 'five9', 'calls')).toMatchObject({
          value: { since: '2026-03-02T00:00:00Z' },
        });
      });

      it('stores coaching tasks and escalation actions with owner-scoped access', async () => {
        const t = await newTenant();
        await store.saveInteraction(system(t), t, call(1, { agent: 'agent-a' }));
        const sup = actor(t, ['supervisor'], { teamIds: ['north'] });
        await store.saveInteraction(system(t), t, { ...call(2, { agent: 'agent-a' }), teamId: 'north' });
        await expectCode(
          store.saveCoachingTask(sup, t, {
            id: 'task-1',
            interactionId: 'int-1',
            assignee: 'agent-a',
            status: 'open',
            source: {},
            notes: [],
          }),
          'ACCESS.DENIED',
        );
        await store.saveCoachingTask(sup, t, {
          id: 'task-2',
          interactionId: 'int-2',
          assignee: 'agent-a',
          status: 'open',
          source: { criterionId: 'verify-identity' },
          notes: [{ atMs: 4000, text: 'Confirm DOB before discussing the bill' }],
        });
        const agent = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'] });
        const mine = await store.listCoachingTasks(agent, t);
        expect(mine.map((x) => [x.id, x.notes[0]?.text])).toEqual([
          ['task-2', 'Confirm DOB before discussing the bill'],
        ]);
        expect(await store.listCoachingTasks(actor(t, ['agent'], { agentIds: ['agent-z'] }), t)).toEqual([]);

        await store.recordEscalationAction(sup, t, 'int-2', 0, {
          at: '2026-03-01T10:05:00Z',
          action: 'acknowledged',
          by: 'sup-1',
        });
        const d = await store.getInteraction(sup, t, 'int-2');
        expect(d.escalations[0]?.actions).toEqual([
          { at: '2026-03-01T10:05:00Z', action: 'acknowledged', by: 'sup-1' },
        ]);
        // Re-scoring keeps what people did about the same detection.
        await store.saveInteraction(system(t), t, {
          ...call(2, { agent: 'agent-a', score: 10 }),
          teamId: 'north',
        });
        expect((await store.getInteraction(sup, t, 'int-2')).escalations[0]?.actions).toHaveLength(1);
      });
    });

    describe('canary', () => {
      it('never leaves the canary in plaintext at rest, while an allowed read returns it', async () => {
        const t = await newTenant();
        for (let n = 1; n <= 3; n++) await store.saveInteraction(system(t), t, call(n));
        await store.saveCoachingTask(system(t), t, {
          id: 'task-c',
          interactionId: 'int-1',
          assignee: 'agent-a',
          status: 'open',
          source: {},
          notes: [{ atMs: 1, text: CANARY.name }],
        });
        const dump = await h.dump();
        expect(dump.length).toBeGreaterThan(1000);
        expect(dump).toContain('conv-1');
        const haystack = dump.toLowerCase();
        for (const secret of [
          CANARY.name,
          'Quillfeather',
          CANARY.dob,
          CANARY.phone,
          '5559870123',
          CANARY.email,
          CANARY.memberId,
        ]) {
          expect({ secret, found: haystack.includes(secret.toLowerCase()) }).toEqual({
            secret,
            found: false,
          });
        }
        const d = await store.getInteraction(actor(t, ['compliance']), t, 'int-1');
        expect(d.interaction.contact).toMatchObject({
          name: CANARY.name,
          dateOfBirth: CANARY.dob,
          phones: [CANARY.phone],
        });
        expect(d.interaction.transcript?.utterances[1]?.text).toContain(CANARY.dob);
      });
    });
  });
}
