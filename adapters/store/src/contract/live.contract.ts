import type { GuidanceEvent } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';
import { CANARY, system, type ContractScope } from './harness';

function prompt(callId: string, n: number, over: Partial<GuidanceEvent> = {}): GuidanceEvent {
  return {
    id: `${callId}:rule-${n}:u${n}`,
    callId,
    kind: 'order_guard',
    severity: 'warning',
    ruleId: `rule-${n}`,
    audience: 'agent',
    title: 'Verify identity',
    text: 'Verify date of birth and one more identifier before you open the record',
    at: { utteranceId: `u${n}`, offsetMs: n * 1000 },
    ...over,
  };
}

/** Live guidance: utterances kept for resume, prompts, outcomes and supervisor actions, idempotent by id. */
export function liveContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('live guidance', () => {
    it('starts a call once, resolves the agent team from the roster, lists it open until it ends', async () => {
      const t = await newTenant();
      await store.tenants.saveTeam(system(t, ['admin']), t, { id: 'team-9', name: 'Team nine' });
      await store.tenants.createUser(system(t, ['admin']), t, {
        id: 'ann',
        displayName: 'Ann Agent',
        roles: ['agent'],
        teamIds: ['team-9'],
        agentIds: ['gc-ann'],
      });
      const start = {
        callId: 'c1',
        agentId: 'gc-ann',
        platform: 'genesys',
        externalId: 'conv-1',
        startedAt: '2026-12-01T10:00:00.000Z',
      };
      const first = await store.live.startCall(t, start);
      expect(first).toMatchObject({ callId: 'c1', teamId: 'team-9', endedAt: null });
      const again = await store.live.startCall(t, { ...start, startedAt: '2026-12-01T11:00:00.000Z' });
      expect(again.startedAt).toBe(start.startedAt);
      expect((await store.live.openCalls(t)).map((c) => c.callId)).toEqual(['c1']);
      expect((await store.live.findCall(t, 'genesys', 'conv-1'))?.callId).toBe('c1');
      await store.live.endCall(t, 'c1', '2026-12-01T10:05:00.000Z');
      expect(await store.live.openCalls(t)).toEqual([]);
      expect((await store.live.getCall(t, 'c1'))?.endedAt).toBe('2026-12-01T10:05:00.000Z');
      // Another tenant does not see the call.
      const other = await newTenant();
      expect(await store.live.getCall(other, 'c1')).toBeNull();
    });

    it('stores each utterance once, encrypted, and gives them back in call order for a resume', async () => {
      const t = await newTenant();
      await store.live.startCall(t, {
        callId: 'c2',
        agentId: 'x',
        platform: 'generic',
        startedAt: '2026-12-01T10:00:00.000Z',
      });
      const u2 = {
        id: 'u2',
        speaker: 'customer' as const,
        text: `my date of birth is ${CANARY.dob}`,
        offsetMs: 5000,
      };
      const u1 = {
        id: 'u1',
        speaker: 'agent' as const,
        text: 'Thank you for calling',
        offsetMs: 0,
        endMs: 2000,
      };
      expect(await store.live.appendUtterance(t, 'c2', u2, '2026-12-01T10:00:05.000Z')).toBe(true);
      expect(await store.live.appendUtterance(t, 'c2', u1, '2026-12-01T10:00:06.000Z')).toBe(true);
      expect(await store.live.appendUtterance(t, 'c2', u2, '2026-12-01T10:00:07.000Z')).toBe(false);
      expect(await store.live.utterances(t, 'c2')).toEqual([u1, u2]);
      expect(await s.harness.dump()).not.toContain(CANARY.dob);
    });

    it('records prompts once, the first report of each outcome, and supervisor actions for the review', async () => {
      const t = await newTenant();
      await store.live.startCall(t, {
        callId: 'c3',
        agentId: 'x',
        platform: 'five9',
        externalId: 'f9-3',
        startedAt: '2026-12-01T10:00:00.000Z',
      });
      const p = prompt('c3', 1);
      const alert = prompt('c3', 2, { kind: 'supervisor_alert', severity: 'safety', audience: 'supervisor' });
      expect(await store.live.recordEvent(t, p, '2026-12-01T10:00:01.000Z')).toBe(true);
      expect(await store.live.recordEvent(t, p, '2026-12-01T10:00:09.000Z')).toBe(false);
      await store.live.recordEvent(t, alert, '2026-12-01T10:00:02.000Z');
      expect(
        await store.live.recordOutcome(t, 'c3', p.id, 'shown', 'user:ann', '2026-12-01T10:00:01.100Z'),
      ).toBe(true);
      expect(
        await store.live.recordOutcome(t, 'c3', p.id, 'shown', 'user:ann', '2026-12-01T10:00:03.000Z'),
      ).toBe(false);
      await store.live.recordOutcome(t, 'c3', p.id, 'followed', 'engine', '2026-12-01T10:00:04.000Z');
      await expect(
        store.live.recordOutcome(t, 'c3', 'no-such-prompt', 'shown', 'user:ann', '2026-12-01T10:00:04.000Z'),
      ).rejects.toMatchObject({ code: 'STORE.NOT_FOUND' });
      await store.live.recordAction(t, {
        id: 'a1',
        callId: 'c3',
        eventId: alert.id,
        action: 'routed',
        actor: 'user:sam',
        at: '2026-12-01T10:00:05.000Z',
        routedTo: 'clinical-line',
        note: 'warm transfer',
      });
      // The monthly review's view: agent prompts of calls started in the range, with their fate.
      expect(
        await store.live.promptOutcomes(t, {
          from: '2026-12-01T00:00:00.000Z',
          to: '2027-01-01T00:00:00.000Z',
        }),
      ).toEqual([{ callId: 'c3', eventId: p.id, ruleId: p.ruleId, outcome: 'followed' }]);
      expect(
        await store.live.promptOutcomes(t, {
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
        }),
      ).toEqual([]);
      const review = await store.live.review(t, 'c3');
      expect(review?.prompts.map((x) => [x.event.id, x.emittedAt, x.outcomes.map((o) => o.outcome)])).toEqual(
        [
          [p.id, '2026-12-01T10:00:01.000Z', ['shown', 'followed']],
          [alert.id, '2026-12-01T10:00:02.000Z', []],
        ],
      );
      expect(review?.prompts[0]?.event).toEqual(p);
      expect(review?.actions).toEqual([
        {
          id: 'a1',
          callId: 'c3',
          eventId: alert.id,
          action: 'routed',
          actor: 'user:sam',
          at: '2026-12-01T10:00:05.000Z',
          routedTo: 'clinical-line',
          note: 'warm transfer',
        },
      ]);
      expect(await store.live.review(t, 'nope')).toBeNull();
    });
  });
}
