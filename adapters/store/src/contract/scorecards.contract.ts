import type { SqlStore } from '../sql/sql-store';
import { actor, call, system, type ContractScope } from './harness';

/** Escalation actions; score history is exercised with the interaction writes that make it. */
export function scorecardsContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('escalation actions', () => {
    it('records what people did about an escalation and keeps it through a re-score', async () => {
      const t = await newTenant();
      const sup = actor(t, ['supervisor'], { teamIds: ['north'] });
      await store.interactions.save(system(t), t, { ...call(2, { agent: 'agent-a' }), teamId: 'north' });
      await store.scorecards.addEscalationAction(sup, t, 'int-2', 0, {
        at: '2026-03-01T10:05:00Z',
        action: 'acknowledged',
        by: 'sup-1',
      });
      const d = await store.interactions.get(sup, t, 'int-2');
      expect(d.escalations[0]?.actions).toEqual([
        { at: '2026-03-01T10:05:00Z', action: 'acknowledged', by: 'sup-1' },
      ]);
      // Re-scoring keeps what people did about the same detection.
      await store.interactions.save(system(t), t, {
        ...call(2, { agent: 'agent-a', score: 10 }),
        teamId: 'north',
      });
      expect((await store.interactions.get(sup, t, 'int-2')).escalations[0]?.actions).toHaveLength(1);
    });
  });
}
