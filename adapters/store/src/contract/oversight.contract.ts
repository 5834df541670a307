import type { InteractionRecord } from '@teachback/core';
import { sha256 } from '../sql/hashing';
import type { SqlStore } from '../sql/sql-store';
import { CANARY, actor, system, call, expectCode, type ContractScope } from './harness';

/** A call from a patient known only by this phone, so each number is its own contact. */
function patientCall(n: number, phone: string, agent: string): InteractionRecord {
  const rec = call(n, { agent, phone });
  return {
    ...rec,
    interaction: {
      ...rec.interaction,
      participants: [
        { role: 'agent', userId: agent },
        { role: 'customer', phone },
      ],
      contact: { phones: [phone], emails: [] },
    },
  };
}

/** Escalation queue and reviews, audit search and anomalies, users, API keys, connection checks. */
export function oversightContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('oversight', () => {
    it('keeps the escalation workflow state, routedTo and last actor in the queue, scoped like calls', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, { ...call(1, { agent: 'agent-a' }), teamId: 'north' });
      await store.interactions.save(system(t), t, { ...call(2, { agent: 'agent-b' }), teamId: 'south' });
      const sup = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] });
      let q = await store.oversight.escalationQueue(sup, t);
      expect(q.items.map((i) => [i.interactionId, i.state, i.reviewed])).toEqual([['int-1', 'open', false]]);
      expect(q.counts).toMatchObject({ total: 1, byState: { open: 1 }, bySeverity: { critical: 1 } });

      await store.scorecards.addEscalationAction(sup, t, 'int-1', 0, {
        at: '2026-03-01T10:05:00.000Z',
        action: 'acknowledged',
        by: 'sam',
      });
      await store.scorecards.addEscalationAction(sup, t, 'int-1', 0, {
        at: '2026-03-01T10:06:00.000Z',
        action: 'routed',
        by: 'sam',
        routedTo: 'nurse line',
      });
      q = await store.oversight.escalationQueue(sup, t, { state: 'routed' });
      expect(q.items[0]).toMatchObject({
        state: 'routed',
        routedTo: 'nurse line',
        lastActionBy: 'sam',
        lastActionAt: '2026-03-01T10:06:00.000Z',
        type: 'medical_emergency',
      });
      expect((await store.oversight.escalationQueue(sup, t, { state: 'open' })).items).toEqual([]);
      // The whole tenant for compliance; an agent only their own calls.
      const all = await store.oversight.escalationQueue(actor(t, ['compliance']), t);
      expect(all.counts.byState).toEqual({ routed: 1, open: 1 });
      const mine = await store.oversight.escalationQueue(actor(t, ['agent'], { agentIds: ['agent-b'] }), t);
      expect(mine.items.map((i) => i.interactionId)).toEqual(['int-2']);
      await expectCode(store.oversight.escalationQueue(actor(t, ['admin']), t), 'ACCESS.DENIED');
      await expectCode(
        store.oversight.escalationQueue(actor('elsewhere', ['compliance']), t),
        'STORE.NOT_FOUND',
      );
      expect(JSON.stringify(all)).not.toContain(CANARY.name);

      // Re-scoring rewrites the escalation rows; the state follows the kept actions.
      await store.interactions.save(system(t), t, {
        ...call(1, { agent: 'agent-a', score: 70 }),
        teamId: 'north',
      });
      q = await store.oversight.escalationQueue(sup, t);
      expect(q.items[0]).toMatchObject({ interactionId: 'int-1', state: 'routed', routedTo: 'nurse line' });
    });

    it('fills in the workflow of escalations stored before migration 7 on the first queue read', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, call(1, { agent: 'agent-a' }));
      const sup = actor(t, ['compliance']);
      await store.scorecards.addEscalationAction(system(t), t, 'int-1', 0, {
        at: '2026-03-01T10:06:00.000Z',
        action: 'routed',
        by: 'sam',
        routedTo: '988',
      });
      // What a row written by an older release looks like: the sealed body only.
      await store.driver.run(
        "UPDATE escalations SET state = 'open', routed_to = NULL, last_action_at = NULL, last_action_by = NULL, utterance = NULL WHERE tenant_id = ?",
        [t],
      );
      const q = await store.oversight.escalationQueue(sup, t);
      expect(q.items[0]).toMatchObject({ state: 'routed', routedTo: '988', lastActionBy: 'sam' });
      const left = await store.driver.all(
        'SELECT idx FROM escalations WHERE tenant_id = ? AND utterance IS NULL',
        [t],
      );
      expect(left).toEqual([]);
    });

    it('stores the after-the-fact review sealed, survives re-scoring, and refuses agents', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, { ...call(1, { agent: 'agent-a' }), teamId: 'north' });
      const sup = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] });
      const agent = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'] });
      expect(await store.oversight.readEscalationReview(sup, t, 'int-1', 0)).toBeNull();
      await expectCode(
        store.oversight.saveEscalationReview(agent, t, 'int-1', 0, {
          whatHappened: 'x',
          protocolFollowed: 'yes',
        }),
        'ACCESS.DENIED',
      );
      const note = `Caller ${CANARY.name} was sent to 911 within a minute`;
      const saved = await store.oversight.saveEscalationReview(sup, t, 'int-1', 0, {
        whatHappened: note,
        protocolFollowed: 'partly',
        lessons: 'Confirm the callback number first',
      });
      expect(saved).toMatchObject({ protocolFollowed: 'partly', reviewedBy: 'sam' });
      await expectCode(
        store.oversight.saveEscalationReview(sup, t, 'int-1', 0, {
          whatHappened: '',
          protocolFollowed: 'yes',
        }),
        'STORE.INVALID',
      );
      await store.interactions.save(system(t), t, {
        ...call(1, { agent: 'agent-a', score: 60 }),
        teamId: 'north',
      });
      expect(await store.oversight.readEscalationReview(agent, t, 'int-1', 0)).toMatchObject({
        whatHappened: note,
        lessons: 'Confirm the callback number first',
      });
      expect((await store.oversight.escalationQueue(sup, t, { reviewed: true })).items).toHaveLength(1);
      expect((await store.oversight.escalationQueue(sup, t, { reviewed: false })).items).toHaveLength(0);
      expect(await s.harness.dump()).not.toContain('sent to 911 within a minute');
    });

    it('finds who read a patient by blind index, newest first, and audits the search without the identifier', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, patientCall(1, CANARY.phone, 'agent-a'));
      await store.interactions.save(system(t), t, patientCall(2, '+15550009999', 'agent-a'));
      const avery = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'] });
      await store.interactions.get(avery, t, 'int-1');
      await store.interactions.get(avery, t, 'int-2');
      // Read by contact as well: that event names the contact, not a call.
      const crm = actor(t, ['crm-viewer'], { id: 'cris' });
      await store.timeline.forContact(crm, t, { phone: CANARY.phone });
      await store.timeline.forContact(crm, t, { phone: '+15550009999' });
      const cora = actor(t, ['compliance'], { id: 'cora' });
      const found = await store.oversight.searchAudit(cora, t, {
        patient: { phone: '(555) 987-0123' },
        limit: 50,
      });
      expect(found.contactId).not.toBeNull();
      const reads = found.items.filter((e) => e.action === 'phi.read');
      expect(reads.map((e) => [e.actorId, e.resourceId])).toEqual([
        ['user:cris', found.contactId],
        ['user:avery', 'int-1'],
      ]);
      expect(
        found.items.every(
          (e) =>
            e.resourceId === null || e.resourceId.startsWith('int-1') || e.resourceId === found.contactId,
        ),
      ).toBe(true);
      expect(found.items.map((e) => e.seq)).toEqual([...found.items.map((e) => e.seq)].sort((a, b) => b - a));
      const byActor = await store.oversight.searchAudit(cora, t, { actorId: 'avery', action: 'phi.read' });
      expect(byActor.items.map((e) => e.resourceId).sort()).toEqual(['int-1', 'int-2']);
      const paged = await store.oversight.searchAudit(cora, t, {
        actorId: 'avery',
        action: 'phi.read',
        limit: 1,
      });
      expect(paged.items).toHaveLength(1);
      const next = await store.oversight.searchAudit(cora, t, {
        actorId: 'avery',
        action: 'phi.read',
        limit: 1,
        beforeSeq: paged.nextBeforeSeq!,
      });
      expect(next.items[0]!.seq).toBeLessThan(paged.items[0]!.seq);
      expect(await store.oversight.searchAudit(cora, t, { patient: { phone: '+15550000000' } })).toEqual({
        items: [],
        contactId: null,
        nextBeforeSeq: null,
      });
      const trail = await store.oversight.searchAudit(cora, t, { action: 'audit.search', limit: 100 });
      expect(trail.items.length).toBeGreaterThanOrEqual(4);
      // The searched phone in any spelling (digits alone would also match hashes and timestamps).
      const trailText = JSON.stringify(trail.items);
      for (const spelled of ['987-0123', '9870123', '5559870123', '(555) 987'])
        expect(trailText).not.toContain(spelled);
      await expectCode(store.oversight.searchAudit(avery, t, {}), 'ACCESS.DENIED');
      await expectCode(store.oversight.searchAudit(actor(t, ['admin']), t, {}), 'ACCESS.DENIED');
    });

    it('reports the reader far above their peers and the reader of patients with no call of theirs', async () => {
      const t = await newTenant();
      for (let n = 1; n <= 12; n++)
        await store.interactions.save(system(t), t, {
          ...patientCall(n, `+1555000${String(1000 + n)}`, n <= 2 ? 'agent-a' : 'agent-z'),
          teamId: 'north',
        });
      await store.tenants.createUser(actor(t, ['admin']), t, {
        id: 'avery',
        displayName: 'Avery Agent',
        roles: ['agent'],
        agentIds: ['agent-a'],
      });
      for (const id of ['r1', 'r2', 'r3', 'r4', 'snoop'])
        await store.tenants.createUser(actor(t, ['admin']), t, {
          id,
          displayName: `Reader ${id}`,
          roles: ['supervisor'],
          teamIds: ['north'],
        });
      const readers = ['r1', 'r2', 'r3', 'r4'].map((id) =>
        actor(t, ['supervisor'], { id, teamIds: ['north'] }),
      );
      for (const r of readers) await store.interactions.get(r, t, 'int-1');
      const snoop = actor(t, ['supervisor'], { id: 'snoop', teamIds: ['north'] });
      for (let n = 1; n <= 12; n++) await store.interactions.get(snoop, t, `int-${n}`);
      // Avery reads one of their own calls and one they had no part in (as a compliance grant would allow).
      const avery = actor(t, ['agent', 'crm-viewer'], { id: 'avery', agentIds: ['agent-a'] });
      await store.interactions.get(avery, t, 'int-1');
      await store.timeline.forContact(avery, t, { phone: '+15550001009' });
      const report = await store.oversight.accessAnomalies(actor(t, ['compliance']), t, {
        from: '2020-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
      });
      const by = new Map(report.readers.map((r) => [r.actorId, r]));
      expect(by.get('user:snoop')).toMatchObject({ patients: 12, flags: ['volume'] });
      expect(by.get('user:r1')!.flags).toEqual([]);
      expect(by.get('user:avery')).toMatchObject({
        patients: 2,
        unassignedPatients: 1,
        displayName: 'Avery Agent',
      });
      expect(by.get('user:avery')!.flags).toContain('unassigned-patients');
      expect(report.baseline.readers).toBe(6);
      await expectCode(
        store.oversight.accessAnomalies(actor(t, ['supervisor']), t, {
          from: '2020-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
        }),
        'ACCESS.DENIED',
      );
    });

    it('counts recordings played and escalations opened as reads of the call’s patient', async () => {
      const t = await newTenant();
      for (let n = 1; n <= 6; n++)
        await store.interactions.save(system(t), t, {
          ...patientCall(n, `+1555000${String(2000 + n)}`, 'agent-z'),
          teamId: 'north',
        });
      for (const id of ['listener', 'opener'])
        await store.tenants.createUser(actor(t, ['admin']), t, {
          id,
          displayName: `Reader ${id}`,
          roles: ['supervisor'],
          teamIds: ['south'],
        });
      const listener = actor(t, ['supervisor'], { id: 'listener', teamIds: ['north'] });
      const opener = actor(t, ['supervisor'], { id: 'opener', teamIds: ['north'] });
      // Only recordings, only escalations: no interaction or scorecard read at all.
      for (let n = 1; n <= 4; n++) await store.interactions.readRecording(listener, t, `int-${n}`, 'rec-1');
      await store.interactions.readRecording(listener, t, 'int-1', 'rec-1');
      for (let n = 4; n <= 6; n++) await store.oversight.readEscalationReview(opener, t, `int-${n}`, 0);
      const report = await store.oversight.accessAnomalies(actor(t, ['compliance']), t, {
        from: '2020-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
      });
      const by = new Map(report.readers.map((r) => [r.actorId, r]));
      expect(by.get('user:listener')).toMatchObject({ patients: 4, reads: 5 });
      expect(by.get('user:opener')).toMatchObject({ patients: 3, reads: 3 });
    });

    it('creates an API key shown once and stored as a hash; revoking it stops it being found', async () => {
      const t = await newTenant();
      const admin = actor(t, ['admin'], { id: 'ada' });
      const { key, info } = await store.oversight.createApiKey(admin, t, {
        name: 'Five9 connector',
        roles: ['integration'],
      });
      expect(key).toMatch(/^tbk_/);
      expect(await store.oversight.findApiKey(sha256(key))).toEqual({
        tenantId: t,
        id: info.id,
        roles: ['integration'],
      });
      const listed = await store.oversight.listApiKeys(admin, t);
      expect(listed).toEqual([info]);
      expect(JSON.stringify(listed)).not.toContain(key.slice(10));
      expect(await s.harness.dump()).not.toContain(key);
      await expectCode(
        store.oversight.createApiKey(actor(t, ['supervisor']), t, { name: 'x' }),
        'ACCESS.DENIED',
      );
      await expectCode(store.oversight.createApiKey(admin, t, { name: ' ' }), 'STORE.INVALID');
      const revoked = await store.oversight.revokeApiKey(admin, t, info.id);
      expect(revoked.revokedBy).toBe('ada');
      expect(await store.oversight.findApiKey(sha256(key))).toBeNull();
      await expectCode(store.oversight.revokeApiKey(admin, t, 'key_missing'), 'STORE.NOT_FOUND');
      await expectCode(store.oversight.listApiKeys(actor('elsewhere', ['admin']), t), 'STORE.NOT_FOUND');
    });

    it('changes roles, lists deactivations with the time access ended, legal holds and connection checks', async () => {
      const t = await newTenant();
      const admin = actor(t, ['admin'], { id: 'ada' });
      await store.tenants.createUser(admin, t, { id: 'ada', displayName: 'Ada', roles: ['admin'] });
      await store.tenants.createUser(admin, t, { id: 'bo', displayName: 'Bo', roles: ['agent'] });
      const changed = await store.oversight.updateUser(admin, t, 'bo', {
        roles: ['supervisor'],
        teamIds: ['north'],
      });
      expect(changed).toMatchObject({ roles: ['supervisor'], teamIds: ['north'] });
      await expectCode(store.oversight.updateUser(admin, t, 'ada', { roles: ['agent'] }), 'STORE.CONFLICT');
      await expectCode(
        store.oversight.updateUser(admin, t, 'nobody', { roles: ['agent'] }),
        'STORE.NOT_FOUND',
      );
      await expectCode(
        store.oversight.updateUser(actor(t, ['compliance']), t, 'bo', { roles: ['admin'] }),
        'ACCESS.DENIED',
      );
      expect(await store.oversight.deactivations(actor(t, ['compliance']), t)).toEqual([]);
      await store.tenants.disableUser(admin, t, 'bo');
      const gone = await store.oversight.deactivations(actor(t, ['compliance']), t);
      expect(gone.map((u) => [u.id, u.active, typeof u.deactivatedAt])).toEqual([['bo', false, 'string']]);

      await store.interactions.save(system(t), t, patientCall(1, '+15550001111', 'agent-a'));
      await store.interactions.save(system(t), t, patientCall(2, '+15550002222', 'agent-a'));
      await store.retention.setHold(admin, t, 'int-2', true);
      expect(
        (await store.oversight.legalHolds(actor(t, ['compliance']), t)).map((h) => h.interactionId),
      ).toEqual(['int-2']);

      await store.tenants.writeConnection(admin, t, {
        id: 'genesys',
        platform: 'genesys',
        credentials: { clientSecret: 's3cret' },
      });
      expect(await store.oversight.listConnections(admin, t)).toMatchObject([
        { platform: 'genesys', lastCheck: null },
      ]);
      await store.oversight.recordConnectionCheck(admin, t, {
        platform: 'genesys',
        ok: false,
        report: { code: 'GENESYS.UNAUTHORIZED' },
      });
      const [g] = await store.oversight.listConnections(admin, t);
      expect(g!.lastCheck).toMatchObject({
        ok: false,
        checkedBy: 'ada',
        report: { code: 'GENESYS.UNAUTHORIZED' },
      });
      expect(JSON.stringify(g)).not.toContain('s3cret');
      await expectCode(store.oversight.listConnections(actor(t, ['compliance']), t), 'ACCESS.DENIED');
    });
  });
}
