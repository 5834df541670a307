// Coaching tasks: only roles the access policy allows create, reassign or close a task; the
// assignee may only move their own task along; every field is validated like other routes.
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => h?.close());

const task = (over: Record<string, unknown> = {}) => ({
  id: 'coach-1',
  interactionId: 'ix-alex-1',
  assignee: 'alex',
  due: '2026-12-20',
  source: { criterionId: 'identity-verification' },
  notes: [{ atMs: 9000, text: 'Verify two identifiers before opening results.' }],
  ...over,
});

describe('coaching tasks', () => {
  beforeAll(async () => {
    const r = await h.call('POST', '/v1/coaching-tasks', await h.as('sam'), task());
    expect(r.status).toBe(200);
  });

  it('lets the assignee mark their own task done, and nothing more', async () => {
    const alex = await h.as('alex');
    expect((await h.call('POST', '/v1/coaching-tasks', alex, task({ status: 'done' }))).status).toBe(200);
    expect((await h.call('POST', '/v1/coaching-tasks', alex, task({ status: 'dismissed' }))).status).toBe(
      403,
    );
    expect((await h.call('POST', '/v1/coaching-tasks', alex, task({ due: '2027-06-01' }))).status).toBe(403);
    expect((await h.call('POST', '/v1/coaching-tasks', alex, task({ notes: [] }))).status).toBe(403);
  });

  it('refuses an agent creating a task or assigning one to another agent', async () => {
    const alex = await h.as('alex');
    expect((await h.call('POST', '/v1/coaching-tasks', alex, task({ id: 'coach-new' }))).status).toBe(403);
    expect((await h.call('POST', '/v1/coaching-tasks', alex, task({ assignee: 'blair' }))).status).toBe(403);
  });

  it('never moves a task to another call, whoever asks', async () => {
    const moved = task({ interactionId: 'ix-alex-2' });
    const byAgent = await h.call('POST', '/v1/coaching-tasks', await h.as('alex'), moved);
    expect([403, 409]).toContain(byAgent.status);
    const bySupervisor = await h.call('POST', '/v1/coaching-tasks', await h.as('sam'), moved);
    expect(bySupervisor.status).toBe(409);
    expect(JSON.stringify(bySupervisor.json)).toContain('interactionId');
    const list = await h.call('GET', '/v1/coaching-tasks?interactionId=ix-alex-1', await h.as('sam'));
    expect(list.json).toEqual({ items: [expect.objectContaining({ id: 'coach-1' })], nextCursor: null });
  });

  it('lets the supervisor reassign within their team and dismiss', async () => {
    const sam = await h.as('sam');
    expect((await h.call('POST', '/v1/coaching-tasks', sam, task({ assignee: 'blair' }))).status).toBe(200);
    expect((await h.call('POST', '/v1/coaching-tasks', sam, task({ status: 'dismissed' }))).status).toBe(200);
  });

  it.each([
    ['id', { id: 'x'.repeat(100_000) }],
    ['notes', { notes: [{ atMs: 1, text: 'n'.repeat(900_000) }] }],
    ['due', { due: 'banana' }],
    ['assignee', { id: 'coach-2', assignee: 'nobody-here' }],
  ])('answers 400 naming %s for a bad value', async (field, over) => {
    const r = await h.call('POST', '/v1/coaching-tasks', await h.as('sam'), task(over));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain(field);
  });
});
