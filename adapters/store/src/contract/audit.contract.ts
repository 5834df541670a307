import type { SqlStore } from '../sql/sql-store';
import { actor, system, call, expectCode, type ContractScope } from './harness';

/** The append-only, hash-chained audit log. */
export function auditContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant, harness: h } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('audit trail', () => {
    it('is append-only in the database itself', async () => {
      const t = await newTenant();
      const rows = await store.driver.get(
        'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_events WHERE tenant_id = ?',
        [t],
      );
      expect(Number(rows?.n)).toBe(2);
      if (store.driver.kind === 'sqlite') {
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
      for (let n = 1; n <= 3; n++) await store.interactions.save(system(t), t, call(n));
      const c = actor(t, ['compliance']);
      const ok = await store.audit.verify(c, t);
      expect(ok).toMatchObject({ ok: true, tenantId: t });
      if (!ok.ok) throw new Error('unreachable');
      expect(ok.count).toBeGreaterThanOrEqual(5);
      await h.tamperAudit(t, 3);
      expect(await store.audit.verify(c, t)).toMatchObject({
        ok: false,
        brokenSeq: 3,
        reason: 'hash-mismatch',
      });
    });

    it('notices a row cut from the end of the chain', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, call(1));
      const last = (await store.audit.read(system(t), t)).length + 1;
      await h.deleteAudit(t, last);
      expect(await store.audit.verify(system(t), t)).toMatchObject({
        ok: false,
        brokenSeq: last,
        reason: 'sequence-gap',
      });
    });

    it('audits reading and exporting the audit log, and refuses it to non-compliance roles', async () => {
      const t = await newTenant();
      const c = actor(t, ['compliance']);
      await store.audit.read(c, t, {}, 'export');
      const log = await store.audit.read(c, t, {
        from: '2000-01-01T00:00:00Z',
        to: '2999-01-01T00:00:00Z',
      });
      expect(log[log.length - 1]).toMatchObject({
        action: 'audit.export',
        actorId: 'user:compliance-user',
        outcome: 'success',
      });
      await expectCode(store.audit.read(actor(t, ['supervisor']), t), 'ACCESS.DENIED');
    });
  });
}
