import { resolvePlaybook } from '@teachback/config';
import type { Playbook } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';
import { actor } from './store-contract';

/** A database the playbook contract can open more than once (each open = another connection). */
export interface PlaybookCatalogHarness {
  name: string;
  /** False where two connections of one process cannot write at once (SQLite blocks the event loop). */
  concurrentWriters: boolean;
  open(): Promise<SqlStore>;
  cleanup(): Promise<void>;
}

/** The built-in with its recording-disclosure wording changed, as an admin would edit it. */
function edited(wording: string): Playbook {
  const p = resolvePlaybook('healthcare-inbound');
  return {
    ...p,
    intents: { ...p.intents, 'catalog-contract-greeting': { phrases: [wording] } },
    criteria: [
      ...p.criteria,
      {
        id: 'catalog-contract',
        title: 'Says the contract greeting',
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip: 'Say it.',
        rule: { require: [{ intent: 'catalog-contract-greeting', speaker: 'agent', negation: 'exclude' }] },
      },
    ],
  };
}

const phrasesOf = (p: Playbook): string[] => p.intents['catalog-contract-greeting']?.phrases ?? [];

/**
 * The playbook catalog on a real database: versions numbered per tenant and playbook, the number
 * unique under concurrent saves, every save audited, rollback as a new version, and resolution by
 * call date and queue.
 */
export function playbookCatalogContract(h: PlaybookCatalogHarness): void {
  describe(`playbook catalog contract: ${h.name}`, () => {
    let store: SqlStore;
    let other: SqlStore;
    const admin = actor('pb-a', ['admin']);

    beforeAll(async () => {
      store = await h.open();
      other = await h.open();
      for (const id of ['pb-a', 'pb-b', 'pb-c', 'pb-d'])
        await store.tenants.create({ id, name: `Tenant ${id}` });
    });
    afterAll(async () => {
      await store?.close();
      await other?.close();
      await h.cleanup();
    });

    it('starts every tenant from the built-ins as version 1', async () => {
      const list = await store.playbooks.list('pb-a');
      expect(list.map((p) => [p.id, p.version, p.source])).toEqual([
        ['healthcare-inbound', 1, 'builtin'],
        ['medicare-sales', 1, 'builtin'],
      ]);
      const v1 = await store.playbooks.version('pb-a', 'healthcare-inbound', 1);
      expect(v1.playbook.criteria.map((c) => c.id)).toEqual(
        resolvePlaybook('healthcare-inbound').criteria.map((c) => c.id),
      );
    });

    it('saves each edit as the next version and keeps the older ones readable', async () => {
      const saved = await store.playbooks.save(admin, 'pb-a', edited('welcome to the acme clinic line'), {
        note: 'adds the clinic greeting',
        effectiveFrom: '2026-03-01',
      });
      expect(saved).toMatchObject({ id: 'healthcare-inbound', version: 2, author: admin.actor.id });
      // Read back through the other connection: what is stored, not what this object remembers.
      const history = await other.playbooks.history('pb-a', 'healthcare-inbound');
      expect(history.map((v) => [v.version, v.note, v.effectiveFrom])).toEqual([
        [2, 'adds the clinic greeting', '2026-03-01'],
        [1, expect.stringContaining('built-in'), null],
      ]);
      expect(phrasesOf((await other.playbooks.version('pb-a', 'healthcare-inbound', 2)).playbook)).toEqual([
        'welcome to the acme clinic line',
      ]);
      expect(phrasesOf((await other.playbooks.version('pb-a', 'healthcare-inbound', 1)).playbook)).toEqual(
        [],
      );
    });

    it('refuses a version number already used: the catalog check and the table key alike', async () => {
      await expect(
        other.playbooks.save(admin, 'pb-a', edited('acme billing line'), { note: 'stale edit', version: 2 }),
      ).rejects.toMatchObject({ code: 'PLAYBOOK.VERSION_EXISTS' });
      // Straight to the table, past the catalog's numbering: the primary key refuses it.
      await expect(
        store.driver.run(
          "INSERT INTO playbook_versions (tenant_id, playbook_id, version, title, body, author, saved_at, note, source) VALUES ('pb-a', 'healthcare-inbound', 2, 't', '{}', 'x', '2026-01-01T00:00:00.000Z', 'duplicate', 'tenant')",
        ),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^(SQLITE_CONSTRAINT_PRIMARYKEY|23505)$/) });
      expect((await store.playbooks.version('pb-a', 'healthcare-inbound', 2)).note).toBe(
        'adds the clinic greeting',
      );
    });

    it('numbers concurrent saves without losing or repeating one', async () => {
      const ctx = actor('pb-b', ['admin']);
      const writers = h.concurrentWriters ? [store, other, store, other] : [store, store, store, store];
      const saves = writers.map((s, i) =>
        s.playbooks.save(ctx, 'pb-b', edited(`acme pharmacy line number ${i}`), { note: `edit ${i}` }),
      );
      const versions = (await Promise.all(saves)).map((v) => v.version).sort();
      expect(versions).toEqual([2, 3, 4, 5]);
      expect((await store.playbooks.history('pb-b', 'healthcare-inbound')).map((v) => v.version)).toEqual([
        5, 4, 3, 2, 1,
      ]);
    });

    it('audits each save and rollback with the actor, playbook and version', async () => {
      const ctx = actor('pb-c', ['admin']);
      await store.playbooks.save(ctx, 'pb-c', edited('acme vision line'), { note: 'v2' });
      await store.playbooks.rollback(ctx, 'pb-c', 'healthcare-inbound', 1, {});
      const trail = await store.audit.read(actor('pb-c', ['compliance']), 'pb-c');
      const saves = trail.filter((e) => e.resourceType === 'playbook');
      expect(saves.map((e) => [e.action, e.actorId, e.resourceId, e.details])).toEqual([
        ['playbook.save', `user:${ctx.actor.id}`, 'healthcare-inbound', { version: 2 }],
        ['playbook.rollback', `user:${ctx.actor.id}`, 'healthcare-inbound', { version: 3, rollbackOf: 1 }],
      ]);
    });

    it('resolves the version in force for the call date and queue', async () => {
      const ctx = actor('pb-d', ['admin']);
      await store.playbooks.save(ctx, 'pb-d', edited('acme dental line'), {
        note: 'dental queue only',
        effectiveFrom: '2026-05-01',
        queues: ['dental'],
      });
      const at = (date: string, queue?: string) =>
        other.playbooks.resolve('pb-d', { playbookId: 'healthcare-inbound', date, queue });
      expect((await at('2026-04-30', 'dental')).ref).toEqual({ id: 'healthcare-inbound', version: 1 });
      const dental = await at('2026-05-01', 'dental');
      expect(dental.ref).toEqual({ id: 'healthcare-inbound', version: 2 });
      expect(dental.compiled.playbook.version).toBe('2');
      expect(phrasesOf(dental.playbook)).toEqual(['acme dental line']);
      expect((await at('2026-05-01', 'general')).ref.version).toBe(1);
      // Without a playbook id, the queue picks the playbook; elsewhere the default applies.
      expect(
        (await other.playbooks.resolve('pb-d', { date: '2026-06-01', queue: 'dental' })).ref.version,
      ).toBe(2);
      expect((await other.playbooks.resolve('pb-d', { date: '2026-06-01' })).ref).toEqual({
        id: 'healthcare-inbound',
        version: 1,
      });
    });

    it('keeps tenants apart and refuses an unknown tenant', async () => {
      expect((await store.playbooks.history('pb-c', 'medicare-sales')).map((v) => v.version)).toEqual([1]);
      expect((await store.playbooks.history('pb-d', 'healthcare-inbound')).map((v) => v.version)).toEqual([
        2, 1,
      ]);
      await expect(store.playbooks.list('no-such-tenant')).rejects.toMatchObject({ code: 'STORE.NOT_FOUND' });
      await expect(
        store.playbooks.save(actor('pb-c', ['admin']), 'pb-d', edited('acme other line'), { note: 'x' }),
      ).rejects.toMatchObject({ code: 'STORE.NOT_FOUND' });
    });
  });
}
