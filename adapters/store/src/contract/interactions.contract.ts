import type { InteractionRecord } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';
import { CELL_COLUMNS } from '../sql/metric-rollups';
import { CANARY, actor, system, call, expectCode, type ContractScope } from './harness';

/** Idempotent writes, sealing at rest, minimum-necessary reads and listing. */
export function interactionsContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('idempotent interaction writes', () => {
    it('creates once, ignores a replay, updates on change and keeps score history', async () => {
      const t = await newTenant();
      const ctx = system(t);
      const first = await store.interactions.save(ctx, t, call(1));
      expect(first).toMatchObject({ id: 'int-1', outcome: 'created', scoreVersion: 1 });
      const auditBefore = (await store.audit.read(ctx, t)).length;

      const replay = await store.interactions.save(ctx, t, call(1));
      expect(replay).toMatchObject({ id: 'int-1', outcome: 'unchanged', scoreVersion: 1 });
      const count = await store.driver.get(
        'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM interactions WHERE tenant_id = ?',
        [t],
      );
      expect(Number(count?.n)).toBe(1);
      // The replay wrote nothing: the only new audit row is the read we did above.
      expect((await store.audit.read(ctx, t)).length).toBe(auditBefore + 1);

      const rescored = await store.interactions.save(ctx, t, call(1, { score: 50 }));
      expect(rescored).toMatchObject({ outcome: 'updated', scoreVersion: 2 });
      const history = await store.scorecards.history(ctx, t, 'int-1');
      expect(history.map((v) => [v.version, v.scorecard?.score])).toEqual([
        [1, 90],
        [2, 50],
      ]);

      const edited = await store.interactions.save(
        ctx,
        t,
        call(1, { score: 50, text: 'Hello, how may I help you today?' }),
      );
      expect(edited).toMatchObject({ id: 'int-1', outcome: 'updated', scoreVersion: 2 });
      const detail = await store.interactions.get(ctx, t, 'int-1');
      expect(detail.interaction.transcript?.utterances[0]?.text).toBe('Hello, how may I help you today?');
      expect(detail.summary).toMatchObject({
        score: 50,
        compliant: false,
        scoreVersion: 2,
        escalationCount: 1,
      });
    });

    it('keepStored: a record without a transcript or recordings keeps the ones stored at the write', async () => {
      const t = await newTenant();
      const ctx = system(t);
      const full = call(14);
      const { transcript, ...withoutTranscript } = full.interaction;
      const bare = { interaction: { ...withoutTranscript, recordings: [] } };
      // The call as a sync first brings it; a transcribe step then adds the transcript.
      await store.interactions.save(ctx, t, bare);
      await store.interactions.save(ctx, t, { interaction: { ...bare.interaction, transcript } });
      // The sync brings the call again: nothing changes, and the save says so.
      expect(await store.interactions.save(ctx, t, bare, { keepStored: true })).toMatchObject({
        id: 'int-14',
        outcome: 'unchanged',
      });
      let stored = (await store.interactions.get(ctx, t, 'int-14')).interaction;
      expect(stored.transcript).toEqual(transcript);
      // Recordings attached later are kept too, the transcript with them.
      await store.interactions.save(ctx, t, { interaction: full.interaction });
      const changed = { interaction: { ...bare.interaction, durationMs: 200000 } };
      expect(await store.interactions.save(ctx, t, changed, { keepStored: true })).toMatchObject({
        outcome: 'updated',
      });
      stored = (await store.interactions.get(ctx, t, 'int-14')).interaction;
      expect(stored).toMatchObject({
        durationMs: 200000,
        transcript,
        recordings: full.interaction.recordings,
      });
      // What the record carries wins over what is stored.
      const text = 'Hello, how may I help you today?';
      const retold = { utterances: [{ speaker: 'agent' as const, startMs: 0, endMs: 2000, text }] };
      await store.interactions.save(
        ctx,
        t,
        { interaction: { ...changed.interaction, transcript: retold } },
        { keepStored: true },
      );
      expect((await store.interactions.get(ctx, t, 'int-14')).interaction.transcript).toEqual(retold);
      // Without the option the record is the whole call: the save drops both.
      await store.interactions.save(ctx, t, changed);
      stored = (await store.interactions.get(ctx, t, 'int-14')).interaction;
      expect(stored.transcript).toBeUndefined();
      expect(stored.recordings).toEqual([]);
    });

    it('stores a batch with each record atomic on its own', async () => {
      const t = await newTenant();
      const clash = call(13);
      clash.interaction.id = 'int-11';
      const bad = call(12) as { interaction: Record<string, unknown> };
      bad.interaction.startedAt = 'last tuesday';
      const out = await store.interactions.saveMany(system(t), t, [
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
      const rows = await store.driver.all('SELECT id FROM interactions WHERE tenant_id = ? ORDER BY id', [t]);
      expect(rows.map((r) => r.id)).toEqual(['int-11', 'int-14']);
      const transcripts = await store.driver.all(
        'SELECT interaction_id FROM transcripts WHERE tenant_id = ?',
        [t],
      );
      expect(transcripts).toHaveLength(2);
      expect(await store.audit.verify(system(t), t)).toMatchObject({ ok: true });
    });

    it('leaves the same index, metrics facts and contacts batched as one save after another', async () => {
      // Two callers sharing a phone (one contact), a call type on some, one call with no score.
      const recs = (): InteractionRecord[] => {
        const out = [
          call(21),
          call(22, { phone: '+15550100022', agent: 'agent-b' }),
          call(23, { startedAt: '2026-03-02T09:00:00.000Z' }),
          call(24, { phone: '+15550100022', score: 40 }),
          call(25, { agent: 'agent-b' }),
        ];
        out[1]!.interaction.callType = 'billing';
        out[3]!.interaction.callType = 'billing';
        out[3]!.interaction.contact = {
          name: 'Other Name',
          phones: ['+15550100022'],
          emails: ['x@example.test'],
        };
        delete (out[4] as { scorecard?: unknown }).scorecard;
        return out;
      };
      const one = await newTenant();
      for (const r of recs()) await store.interactions.save(system(one), one, r);
      const many = await newTenant();
      const out = await store.interactions.saveMany(system(many), many, recs());
      expect(out.map((o) => ('error' in o ? o.error.code : o.outcome))).toEqual(Array(5).fill('created'));
      const rowsOf = async (t: string, sql: string) =>
        (await store.driver.all(sql, [t])).map((r) => JSON.stringify({ ...r, tenant_id: undefined }));
      for (const sql of [
        'SELECT id, review_call_type, team_id, primary_agent_id, occurred_at, score, escalation_count FROM interactions WHERE tenant_id = ? ORDER BY id',
        'SELECT interaction_id, criterion_id, category, status, occurred_at, team_id, primary_agent_id FROM interaction_criteria WHERE tenant_id = ? ORDER BY interaction_id, criterion_id',
        'SELECT day, team_id, agent_id, criterion_id, category, applicable, missed FROM criterion_daily WHERE tenant_id = ? ORDER BY day, team_id, agent_id, criterion_id, category',
        'SELECT interaction_id, started_ms, day, agent_id, call_type, scored, compliant, adh_met, adh_applicable, next_same_ms FROM interaction_facts WHERE tenant_id = ? ORDER BY interaction_id',
        // The metric day cells (summed over their shards: which row of a cell a save adds to is
        // chosen at random on PostgreSQL) and the daily call roll-up, kept by the write path.
        `SELECT dim, day, week, group_key, bucket, ${CELL_COLUMNS.map((c) => `CAST(SUM(${c}) AS INTEGER) AS ${c}`).join(', ')} FROM metric_cells WHERE tenant_id = ? GROUP BY dim, day, week, group_key, bucket ORDER BY dim, day, group_key, bucket`,
        'SELECT * FROM call_daily WHERE tenant_id = ? ORDER BY day, team_id, agent_id, queue_name',
      ]) {
        const expected = await rowsOf(one, sql);
        expect(expected.length).toBeGreaterThan(0);
        expect(await rowsOf(many, sql)).toEqual(expected);
      }
      // The same people: which calls share a contact, and what each contact holds.
      const people = async (t: string) => {
        const rows = await store.driver.all<{ id: string; contact_id: string }>(
          'SELECT id, contact_id FROM interactions WHERE tenant_id = ? ORDER BY id',
          [t],
        );
        const first = new Map<string, string>();
        const shape = rows.map((r) => first.get(r.contact_id) ?? (first.set(r.contact_id, r.id), r.id));
        const ids = [...first.keys()];
        const identities = [];
        for (const id of ids) {
          const tl = await store.timeline.forContact(system(t), t, { contactId: id }, { limit: 10 });
          identities.push({ ...tl.contact, id: undefined, tenantId: undefined, entries: tl.entries.length });
        }
        const keys = await store.driver.get(
          'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM contact_keys WHERE tenant_id = ?',
          [t],
        );
        return { shape, identities, keys: Number(keys?.n) };
      };
      expect(await people(many)).toEqual(await people(one));
    });

    it('keeps the first id when the same source record arrives with another id', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, call(2));
      const other = call(2, { text: 'changed' });
      other.interaction.id = 'a-different-id';
      expect(await store.interactions.save(system(t), t, other)).toMatchObject({
        id: 'int-2',
        outcome: 'updated',
      });
    });

    it('writes nothing when a record is invalid or collides', async () => {
      const t = await newTenant();
      const bad = call(3) as { interaction: Record<string, unknown> };
      bad.interaction.channel = 'carrier-pigeon';
      await expect(store.interactions.save(system(t), t, bad as InteractionRecord)).rejects.toMatchObject({
        code: 'STORE.INVALID',
        message: expect.stringContaining('interaction.channel'),
      });
      await store.interactions.save(system(t), t, call(4));
      const clash = call(5);
      clash.interaction.id = 'int-4';
      await expectCode(store.interactions.save(system(t), t, clash), 'STORE.CONFLICT');
      const foreign = call(6);
      foreign.interaction.tenantId = 'someone-else';
      await expect(store.interactions.save(system(t), t, foreign)).rejects.toMatchObject({
        code: 'STORE.INVALID',
        message: expect.stringContaining('interaction.tenantId'),
      });
      const rows = await store.driver.all('SELECT id FROM interactions WHERE tenant_id = ?', [t]);
      expect(rows.map((r) => r.id)).toEqual(['int-4']);
      const contacts = await store.driver.all('SELECT id FROM contacts WHERE tenant_id = ?', [t]);
      expect(contacts).toHaveLength(1);
    });

    it('files concurrent saves of one caller under one contact, and a later new phone on it', async () => {
      const t = await newTenant();
      // Saved at once (PostgreSQL: on several connections), each finding the caller by the same
      // member id, phone and email: whoever creates the contact first, the rest join it.
      await Promise.all([1, 2, 3, 4, 5, 6].map((n) => store.interactions.save(system(t), t, call(n))));
      const contactOf = async (): Promise<string[]> =>
        (
          await store.driver.all<{ contact_id: string }>(
            'SELECT contact_id FROM interactions WHERE tenant_id = ? ORDER BY id',
            [t],
          )
        ).map((r) => r.contact_id);
      const ids = await contactOf();
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(1);
      expect(await store.driver.all('SELECT id FROM contacts WHERE tenant_id = ?', [t])).toEqual([
        { id: ids[0] },
      ]);
      await store.interactions.save(system(t), t, call(7, { phone: '+15550107777' }));
      expect(new Set(await contactOf())).toEqual(new Set([ids[0]]));
      const tl = await store.timeline.forContact(system(t), t, { phone: '+15550107777' }, { limit: 10 });
      expect(tl.entries).toHaveLength(7);
      expect(tl.contact.identity.phones).toEqual(expect.arrayContaining([CANARY.phone, '+15550107777']));
    });
  });

  describe('encryption at rest', () => {
    it('keeps PHI columns as versioned, key-tagged ciphertext', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, call(1));
      const keys = await store.keys.list(actor(t, ['admin']), t);
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
      await store.interactions.save(system(t), t, call(1));
      await store.interactions.save(system(t), t, call(2));
      const a = await store.driver.get(
        'SELECT body_enc FROM transcripts WHERE tenant_id = ? AND interaction_id = ?',
        [t, 'int-1'],
      );
      await store.driver.run(
        'UPDATE transcripts SET body_enc = ? WHERE tenant_id = ? AND interaction_id = ?',
        [String(a?.body_enc), t, 'int-2'],
      );
      await expectCode(store.interactions.get(system(t), t, 'int-2'), 'CRYPTO.DECRYPT_FAILED');
    });
  });

  describe('access policy enforcement', () => {
    it('shows agents their own interactions, supervisors their team, and hides other tenants', async () => {
      const t = await newTenant();
      const admin = actor(t, ['admin']);
      await store.tenants.saveTeam(admin, t, { id: 'north', name: 'North' });
      await store.tenants.createUser(admin, t, {
        id: 'avery',
        displayName: 'Avery',
        roles: ['agent'],
        teamIds: ['north'],
        agentIds: ['agent-a'],
      });
      await store.tenants.createUser(admin, t, {
        id: 'blake',
        displayName: 'Blake',
        roles: ['agent'],
        teamIds: ['south'],
        agentIds: ['agent-b'],
      });
      await store.interactions.save(system(t), t, call(1, { agent: 'agent-a' }));
      await store.interactions.save(system(t), t, call(2, { agent: 'agent-b' }));

      const avery = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'], teamIds: ['north'] });
      expect((await store.interactions.list(avery, t)).items.map((i) => i.id)).toEqual(['int-1']);
      expect((await store.interactions.get(avery, t, 'int-1')).interaction.transcript).toBeDefined();
      await expectCode(store.interactions.get(avery, t, 'int-2'), 'ACCESS.DENIED');

      const sup = actor(t, ['supervisor'], { teamIds: ['north'] });
      expect((await store.interactions.list(sup, t)).items.map((i) => i.id)).toEqual(['int-1']);
      await expectCode(store.interactions.get(sup, t, 'int-2'), 'ACCESS.DENIED');

      const crm = actor(t, ['crm-viewer']);
      const seen = await store.interactions.get(crm, t, 'int-2');
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
      const adminDetail = await store.interactions.get(actor(t, ['admin']), t, 'int-2');
      expect(adminDetail.interaction.participants.map((p) => p.role)).toEqual(['agent']);
      expect(adminDetail.interaction.wrapUp).toEqual({ code: 'billing' });
      expect(JSON.stringify(adminDetail)).not.toContain('Quillfeather');
      const adminView = await store.scorecards.history(actor(t, ['admin']), t, 'int-2');
      expect(adminView.map((v) => [v.scorecard, v.deidentified?.score])).toEqual([[null, 90]]);

      const other = await newTenant();
      const outsider = actor(other, ['compliance']);
      await expectCode(store.interactions.get(outsider, t, 'int-1'), 'STORE.NOT_FOUND');
      await expectCode(store.interactions.list(outsider, t), 'STORE.NOT_FOUND');
      await expectCode(store.timeline.forContact(outsider, t, { phone: CANARY.phone }), 'STORE.NOT_FOUND');

      const log = await store.audit.read(actor(t, ['compliance']), t);
      expect(
        log.filter((e) => e.action === 'access.denied').map((e) => [e.actorId, e.resourceId, e.outcome]),
      ).toEqual([
        ['user:avery', 'int-2', 'denied'],
        ['user:supervisor-user', 'int-2', 'denied'],
      ]);
      const otherLog = await store.audit.read(actor(other, ['compliance']), other);
      expect(otherLog.filter((e) => e.action === 'access.denied' && e.outcome === 'not_found')).toHaveLength(
        3,
      );
    });

    it('filters and pages the interaction list', async () => {
      const t = await newTenant();
      for (let n = 1; n <= 7; n++)
        await store.interactions.save(system(t), t, call(n, { score: n % 2 ? 90 : 40 }));
      const c = actor(t, ['compliance']);
      const p1 = await store.interactions.list(c, t, { compliant: false }, { limit: 2 });
      expect(p1.items.map((i) => i.id)).toEqual(['int-6', 'int-4']);
      const p2 = await store.interactions.list(
        c,
        t,
        { compliant: false },
        { limit: 2, cursor: p1.nextCursor! },
      );
      expect(p2.items.map((i) => i.id)).toEqual(['int-2']);
      expect(p2.nextCursor).toBeNull();
      const window = await store.interactions.list(c, t, {
        from: '2026-03-01T10:02:00Z',
        to: '2026-03-01T10:04:00Z',
      });
      expect(window.items.map((i) => i.id)).toEqual(['int-3', 'int-2']);
      await expectCode(store.interactions.list(c, t, {}, { cursor: 'garbage' }), 'STORE.INVALID');
    });
  });
}
