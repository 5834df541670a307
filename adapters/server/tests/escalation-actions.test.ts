// Actions on an escalation: a routed action keeps where it was routed, with its time and actor.
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => h?.close());

describe('POST /v1/interactions/:id/escalations/:index/actions', () => {
  it('stores routedTo with the action’s time and actor, and on the escalation', async () => {
    const before = Date.now();
    const r = await h.call('POST', '/v1/interactions/ix-alex-2/escalations/0/actions', await h.as('sam'), {
      action: 'routed',
      routedTo: 'nurse triage line',
    });
    expect(r.status).toBe(204);
    const detail = await h.call('GET', '/v1/interactions/ix-alex-2', await h.as('sam'));
    const e = (detail.json as { escalations: Array<{ routedTo?: string; actions: any[] }> }).escalations[0]!;
    expect(e.routedTo).toBe('nurse triage line');
    const routed = e.actions.find((a) => a.action === 'routed');
    expect(routed).toMatchObject({ routedTo: 'nurse triage line', by: 'sam' });
    expect(Date.parse(routed.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('refuses routedTo on an action that is not a routing, naming the field', async () => {
    const r = await h.call('POST', '/v1/interactions/ix-alex-2/escalations/0/actions', await h.as('sam'), {
      action: 'acknowledged',
      routedTo: '911',
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('routedTo');
  });
});
