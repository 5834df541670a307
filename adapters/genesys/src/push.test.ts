import type { Finding, Scorecard } from '@teachback/core';
import {
  coachingRequestFor,
  evaluationBodyFor,
  evaluationFormFor,
  formRefFrom,
  pushKey,
  type PlaybookForForm,
} from './push';

const playbook: PlaybookForForm = {
  id: 'pb',
  version: '3',
  title: 'Inbound',
  criteria: [
    {
      id: 'verify',
      title: 'Verify identity',
      category: 'compliance',
      severity: 'critical',
      weight: 3,
      tip: 'Name and DOB',
    },
    { id: 'close', title: 'Offer more help', category: 'adherence', severity: 'low', weight: 1 },
  ],
};

const f = (criterionId: string, status: Finding['status'], quote?: string): Finding => ({
  criterionId,
  title: criterionId === 'verify' ? 'Verify identity' : 'Offer more help',
  category: criterionId === 'verify' ? 'compliance' : 'adherence',
  severity: 'high',
  weight: 1,
  status,
  confidence: 0.9,
  evidence: quote ? [{ utterance: 3, startMs: 154_000, speaker: 'customer', quote }] : [],
  explanation: 'why',
});

// What Genesys answers for the form: ids assigned, order kept.
const created = () => {
  const form = evaluationFormFor(playbook);
  return {
    ...form,
    id: 'form-1',
    questionGroups: form.questionGroups.map((g) => ({
      ...g,
      id: 'g-1',
      questions: g.questions!.map((q, i) => ({
        ...q,
        id: `q-${i}`,
        answerOptions: q.answerOptions!.map((a) => ({ ...a, id: `q-${i}-${a.value}` })),
      })),
    })),
  };
};

describe('push mapping (toPlatform)', () => {
  it('builds one Yes/No question per criterion, compliance ones critical', () => {
    const form = evaluationFormFor(playbook);
    expect(form.name).toBe('Teachback: Inbound (v3)');
    const qs = form.questionGroups[0]!.questions!;
    expect(qs.map((q) => [q.text, q.isCritical, q.answerOptions!.map((a) => a.text)])).toEqual([
      ['Verify identity', true, ['Yes', 'No']],
      ['Offer more help', false, ['Yes', 'No']],
    ]);
    expect(() => evaluationFormFor({ ...playbook, criteria: [] })).toThrow(
      expect.objectContaining({ code: 'GENESYS.FORM_INVALID' }),
    );
  });

  it('answers with the form ids: met → Yes, missed → No, not applicable → N/A', () => {
    const ref = formRefFrom(playbook, created());
    const scorecard: Scorecard = {
      interactionId: 'genesys:c-1',
      playbook: { id: 'pb', version: '3' },
      score: 50,
      compliant: false,
      findings: [f('verify', 'missed'), f('close', 'not_applicable')],
      needsReview: false,
      reviewReasons: [],
    };
    const body = evaluationBodyFor(scorecard, ref, {
      agentUserId: 'a-1',
      evaluatorUserId: 'svc',
      releaseDate: '2026-11-27T08:00:00Z',
    });
    expect(body).toMatchObject({
      evaluationForm: { id: 'form-1' },
      agent: { id: 'a-1' },
      status: 'FINISHED',
      neverRelease: false,
    });
    expect(body.answers!.questionGroupScores![0]!.questionScores).toEqual([
      { questionId: 'q-0', answerId: 'q-0-0', comments: 'why' },
      { questionId: 'q-1', markedNA: true },
    ]);
    expect(() =>
      evaluationBodyFor({ ...scorecard, playbook: { id: 'other', version: '1' } }, ref, {
        agentUserId: 'a',
        evaluatorUserId: 's',
        releaseDate: 'x',
      }),
    ).toThrow(expect.objectContaining({ code: 'GENESYS.FORM_MISMATCH' }));
  });

  it('keeps transcript text out of coaching', () => {
    const req = coachingRequestFor(
      'c-1',
      [f('verify', 'missed', 'my DOB is 1970-01-01')],
      [
        {
          type: 'mental_health_crisis',
          severity: 'critical',
          utterance: 9,
          startMs: 61_000,
          quote: 'I want to end it',
          actions: [],
        },
      ],
      { agentUserId: 'a-1', facilitatorId: 's-1', dateStart: '2026-11-28T08:00:00Z' },
    );
    expect(req.description).toBe(
      'Review of one interaction flagged by Teachback.\nMissed: Verify identity (around 2:34)\nEscalation: mental health crisis at 1:01',
    );
    expect(JSON.stringify(req)).not.toMatch(/1970|end it/);
    expect(req).toMatchObject({
      attendeeIds: ['a-1'],
      facilitatorId: 's-1',
      lengthInMinutes: 30,
      conversationIds: ['c-1'],
    });
  });

  it('derives a stable, UUID-shaped key per tenant + conversation + scorecard version', () => {
    const k = pushKey('evaluation', 't', 'c-1', 'pb@3');
    expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(pushKey('evaluation', 't', 'c-1', 'pb@3')).toBe(k);
    expect(pushKey('evaluation', 't', 'c-1', 'pb@4')).not.toBe(k);
    expect(pushKey('evaluation', 't2', 'c-1', 'pb@3')).not.toBe(k);
    expect(pushKey('coaching', 't', 'c-1', 'pb@3')).not.toBe(k);
  });
});
