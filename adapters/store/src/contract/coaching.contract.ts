import type { SqlStore } from '../sql/sql-store';
import { actor, system, call, expectCode, type ContractScope } from './harness';

/** Coaching tasks: a supervisor assigns within their team, an agent sees their own. */
export function coachingContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('coaching tasks', () => {
    it('stores coaching tasks with owner-scoped access', async () => {
      const t = await newTenant();
      await store.interactions.save(system(t), t, call(1, { agent: 'agent-a' }));
      const sup = actor(t, ['supervisor'], { teamIds: ['north'] });
      await store.interactions.save(system(t), t, { ...call(2, { agent: 'agent-a' }), teamId: 'north' });
      await expectCode(
        store.coaching.saveTask(sup, t, {
          id: 'task-1',
          interactionId: 'int-1',
          assignee: 'agent-a',
          status: 'open',
          source: {},
          notes: [],
        }),
        'ACCESS.DENIED',
      );
      await store.coaching.saveTask(sup, t, {
        id: 'task-2',
        interactionId: 'int-2',
        assignee: 'agent-a',
        status: 'open',
        source: { criterionId: 'verify-identity' },
        notes: [{ atMs: 4000, text: 'Confirm DOB before discussing the bill' }],
      });
      const agent = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'] });
      const mine = await store.coaching.listTasks(agent, t);
      expect(mine.map((x) => [x.id, x.notes[0]?.text])).toEqual([
        ['task-2', 'Confirm DOB before discussing the bill'],
      ]);
      expect(await store.coaching.listTasks(actor(t, ['agent'], { agentIds: ['agent-z'] }), t)).toEqual([]);
    });
  });
}
