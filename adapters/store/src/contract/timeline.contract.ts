import type { SqlStore } from '../sql/sql-store';
import { CANARY, actor, system, call, expectCode, type ContractScope } from './harness';

/** Contacts found by blind index, their timeline newest first. */
export function timelineContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('blind index and timeline', () => {
    it('finds a contact by phone, email or member id in any format, newest first, with paging', async () => {
      const t = await newTenant();
      for (let n = 1; n <= 5; n++) await store.interactions.save(system(t), t, call(n));
      const crm = actor(t, ['crm-viewer']);
      const byPhone = await store.timeline.forContact(crm, t, { phone: '(555) 987-0123' }, { limit: 2 });
      expect(byPhone.entries.map((e) => e.interactionId)).toEqual(['int-5', 'int-4']);
      const next = await store.timeline.forContact(
        crm,
        t,
        { phone: '555.987.0123' },
        { limit: 2, cursor: byPhone.nextCursor! },
      );
      expect(next.entries.map((e) => e.interactionId)).toEqual(['int-3', 'int-2']);
      const byEmail = await store.timeline.forContact(crm, t, {
        email: '  ZEBULON.Quillfeather@EXAMPLE.test ',
      });
      expect(byEmail.contact.id).toBe(byPhone.contact.id);
      expect(byEmail.entries).toHaveLength(5);
      const byMember = await store.timeline.forContact(crm, t, { memberId: 'qzx 998877' });
      expect(byMember.contact.identity.dateOfBirth).toBe(CANARY.dob);
      await expectCode(store.timeline.forContact(crm, t, { phone: '+15550000000' }), 'STORE.NOT_FOUND');
    });

    it('stores only keyed digests, different for each tenant', async () => {
      const t1 = await newTenant();
      const t2 = await newTenant();
      await store.interactions.save(system(t1), t1, call(1));
      await store.interactions.save(system(t2), t2, call(1));
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
}
