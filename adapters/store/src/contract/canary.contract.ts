import type { SqlStore } from '../sql/sql-store';
import { CANARY, actor, system, call, type ContractScope } from './harness';

/** No PHI in plaintext at rest, whichever role wrote it. */
export function canaryContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant, harness: h } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('canary', () => {
    it('never leaves the canary in plaintext at rest, while an allowed read returns it', async () => {
      const t = await newTenant();
      for (let n = 1; n <= 3; n++) await store.interactions.save(system(t), t, call(n));
      await store.coaching.saveTask(system(t), t, {
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
      const d = await store.interactions.get(actor(t, ['compliance']), t, 'int-1');
      expect(d.interaction.contact).toMatchObject({
        name: CANARY.name,
        dateOfBirth: CANARY.dob,
        phones: [CANARY.phone],
      });
      expect(d.interaction.transcript?.utterances[1]?.text).toContain(CANARY.dob);
    });
  });
}
