// API test: a supervisor's accepted override survives the call being scored again by a sync
// (re-applied when the criterion is unchanged; the dispute reopened when the criterion changed).
import { recomputeScore, type Finding, type InteractionRecord } from '@teachback/core';
import { startWebHarness, type WebHarness } from './harness';
import { CALLS, TENANT, scoredCall, system } from './seed';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

/** ix-alex-1 scored again by the machine, with `change` applied to its findings. */
function rescored(change: (f: Finding) => Finding, playbookVersion?: string): InteractionRecord {
  const rec = scoredCall(CALLS[0]!, h.seeded.now);
  const findings = rec.scorecard!.findings.map(change);
  return {
    ...rec,
    scorecard: {
      ...rec.scorecard!,
      ...(playbookVersion ? { playbook: { ...rec.scorecard!.playbook, version: playbookVersion } } : {}),
      findings,
      ...recomputeScore(findings),
    },
  };
}

describe('accepted overrides when the call is scored again', () => {
  it('keeps the override over a new machine result, reopens it when the criterion changed', async () => {
    const detail = await h.call('GET', '/v1/interactions/ix-alex-1', 'alex');
    const findings = detail.json.scorecard.findings as Finding[];
    const disputed = findings.find((f) => f.status === 'missed')!.criterionId;
    const other = findings.find((f) => f.criterionId !== disputed)!;
    const flipped: Finding['status'] = other.status === 'met' ? 'missed' : 'met';
    const raised = await h.call('POST', '/v1/disputes', 'alex', {
      interactionId: 'ix-alex-1',
      criterionId: disputed,
      requestedStatus: 'met',
      reason: 'I did this at the start of the call',
    });
    expect(raised.status).toBe(201);
    const decided = await h.call('POST', `/v1/disputes/${raised.json.id}/decision`, 'sam', {
      decision: 'accepted',
    });
    expect(decided.status).toBe(200);

    // A sync brings a different machine result: another criterion changes status.
    const ingest = system(['integration']);
    const second = rescored((f) => (f.criterionId === other.criterionId ? { ...f, status: flipped } : f));
    const saved = await h.seeded.store.interactions.save(ingest, TENANT, second);
    expect(saved.outcome).toBe('updated');
    const after = (await h.call('GET', '/v1/interactions/ix-alex-1', 'sam')).json.scorecard;
    const status = (id: string) => after.findings.find((f: Finding) => f.criterionId === id).status;
    expect(status(disputed)).toBe('met');
    expect(status(other.criterionId)).toBe(flipped);
    const expected = recomputeScore(
      second.scorecard!.findings.map((f) => (f.criterionId === disputed ? { ...f, status: 'met' } : f)),
    );
    expect(after.score).toBe(expected.score);
    const versions = await h.call('GET', '/v1/interactions/ix-alex-1/scores', 'sam');
    expect(versions.json.items).toHaveLength(4);
    const machine = versions.json.items[2].scorecard;
    expect(machine.findings.find((f: Finding) => f.criterionId === disputed).status).toBe('missed');
    const list = await h.call('GET', '/v1/disputes?interactionId=ix-alex-1', 'sam');
    expect(list.json.items[0]).toMatchObject({ id: raised.json.id, status: 'accepted' });

    // The criterion's rule changes in a new playbook version: the decision goes back to a supervisor.
    const third = rescored(
      (f) => (f.criterionId === disputed ? { ...f, weight: f.weight + 1, ruleVersion: '2099-01-01' } : f),
      'rescore-test',
    );
    await h.seeded.store.interactions.save(ingest, TENANT, third);
    const reopened = await h.call('GET', '/v1/disputes?interactionId=ix-alex-1', 'sam');
    expect(reopened.json.items[0]).toMatchObject({ id: raised.json.id, status: 'open' });
    const review = await h.call('POST', '/v1/calls/search', 'sam', { filter: { needsReview: true } });
    expect(review.json.items.map((i: { id: string }) => i.id)).toContain('ix-alex-1');
    const again = await h.call('POST', `/v1/disputes/${raised.json.id}/decision`, 'sam', {
      decision: 'accepted',
    });
    expect(again.status).toBe(200);
    const last = (await h.call('GET', '/v1/interactions/ix-alex-1', 'alex')).json.scorecard;
    expect(last.findings.find((f: Finding) => f.criterionId === disputed).status).toBe('met');
  });
});
