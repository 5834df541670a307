import { linkAuditRecord, type AuditRecord } from '@teachback/core';
import { sha256 } from '../sql/hashing';
import { toAuditRecord } from '../sql/rows';
import type { SqlStore } from '../sql/sql-store';
import { call, system, type ContractScope } from './harness';

/**
 * Tamper evidence of the audit chain against someone who goes around the store: each case edits
 * rows with raw SQL, the append-only triggers switched off (`harness.superuser`), as a database
 * superuser or someone holding the file would. Heads are anchored outside the database.
 */
export function auditAnchorsContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant, harness: h } = s;
  beforeAll(() => {
    store = s.store();
  });

  const verify = (t: string) => store.audit.verify(system(t), t);

  async function rows(t: string): Promise<AuditRecord[]> {
    return (await store.driver.all('SELECT * FROM audit_events WHERE tenant_id = ? ORDER BY seq', [t])).map(
      toAuditRecord,
    );
  }

  /** A tenant with `n` saved calls written concurrently, sealed and anchored. */
  async function busyTenant(n: number): Promise<string> {
    const t = await newTenant();
    await Promise.all(
      Array.from({ length: n }, (_, i) => store.interactions.save(system(t), t, call(i + 1))),
    );
    await store.sealAudit();
    return t;
  }

  describe('audit chain under concurrent writers and tampering', () => {
    it('links concurrent writes of one tenant into one gapless chain that verifies against its anchors', async () => {
      const t = await busyTenant(24);
      const r = await verify(t);
      expect(r).toMatchObject({ ok: true });
      if (!r.ok) throw new Error('unreachable');
      expect(r.anchors).toBeGreaterThanOrEqual(1);
      const all = await rows(t);
      expect(all.map((x) => x.seq)).toEqual(all.map((_, i) => i + 1));
      expect(all.filter((x) => x.action === 'phi.write')).toHaveLength(24);
    });

    it('names a row changed by one byte', async () => {
      const t = await busyTenant(6);
      await h.tamperAudit(t, 5);
      expect(await verify(t)).toMatchObject({ ok: false, brokenSeq: 5, reason: 'hash-mismatch' });
    });

    it('names the place of a row deleted from the middle', async () => {
      const t = await busyTenant(6);
      await h.deleteAudit(t, 4);
      expect(await verify(t)).toMatchObject({ ok: false, brokenSeq: 4, reason: 'sequence-gap' });
    });

    it('names the first of two rows swapped in order', async () => {
      const t = await busyTenant(6);
      await h.superuser([
        ['UPDATE audit_events SET seq = -1 WHERE tenant_id = ? AND seq = 4', [t]],
        ['UPDATE audit_events SET seq = 4 WHERE tenant_id = ? AND seq = 5', [t]],
        ['UPDATE audit_events SET seq = 5 WHERE tenant_id = ? AND seq = -1', [t]],
      ]);
      expect(await verify(t)).toMatchObject({ ok: false, brokenSeq: 4, reason: 'prev-hash-mismatch' });
    });

    it('catches a truncated tail even when the head is wound back to match', async () => {
      const t = await busyTenant(6);
      const all = await rows(t);
      const keep = all.length - 3;
      await h.superuser([
        ['DELETE FROM audit_events WHERE tenant_id = ? AND seq > ?', [t, keep]],
        ['UPDATE audit_heads SET seq = ?, hash = ? WHERE tenant_id = ?', [keep, all[keep - 1]!.hash, t]],
      ]);
      expect(await verify(t)).toMatchObject({ ok: false, brokenSeq: keep + 1, reason: 'sequence-gap' });
    });

    it('catches a superuser rewrite plus re-hash of the chain, which links up again, by its anchors', async () => {
      const t = await newTenant();
      for (let i = 1; i <= 3; i++) await store.interactions.save(system(t), t, call(i));
      await store.sealAudit();
      const anchoredUpTo = (await rows(t)).length;
      for (let i = 4; i <= 6; i++) await store.interactions.save(system(t), t, call(i));
      await store.sealAudit();

      // Rewrite the first phi.write after the first checkpoint, then re-link every later row and
      // the head, exactly as the store would have written them.
      const all = await rows(t);
      const target = all.find((r) => r.seq > anchoredUpTo && r.action === 'phi.write')!;
      const forged: AuditRecord[] = all.slice(0, target.seq - 1);
      for (const r of all.slice(target.seq - 1)) {
        const details = r.seq === target.seq ? { ...r.details, outcome: 'unchanged' } : r.details;
        forged.push(linkAuditRecord(forged[forged.length - 1], { ...r, details }, r.at, sha256));
      }
      const last = forged[forged.length - 1]!;
      await h.superuser([
        ...forged
          .slice(target.seq - 1)
          .map((r): [string, Array<string | number>] => [
            'UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? WHERE tenant_id = ? AND seq = ?',
            [JSON.stringify(r.details), r.prevHash, r.hash, t, r.seq],
          ]),
        ['UPDATE audit_heads SET hash = ? WHERE tenant_id = ?', [last.hash, t]],
      ]);
      const changed = await rows(t);
      expect(changed[target.seq - 1]!.details.outcome).toBe('unchanged');
      // The records are the chain the store would have written: nothing in the database gives it away.
      expect(changed.map((r) => r.hash)).toEqual(forged.map((r) => r.hash));

      expect(await verify(t)).toMatchObject({
        ok: false,
        brokenSeq: anchoredUpTo + 1,
        count: anchoredUpTo,
        reason: 'anchor-mismatch',
      });
      expect(target.seq).toBe(anchoredUpTo + 1);
    });
  });
}
