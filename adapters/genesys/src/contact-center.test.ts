import type { RawConversation, RawSurvey, RawSurveyForm } from '@teachback/connector-genesys';
import { callTypeHint, completedSurveyIds, contactCenterFacts, surveyResponseFrom } from './contact-center';
import { conversationToInteraction } from './mapping';

/*
 * A details record shaped as the analytics conversation details documentation shows it: an IVR
 * leg, a queue (acd) leg with tAcd/tAnswered, an agent leg with talk, two holds, wrap-up and a
 * transfer, and a second agent leg. Values hand-picked so the expected facts are easy to check.
 */
const details = (): RawConversation => ({
  conversationId: 'c-1',
  conversationStart: '2026-11-02T15:00:00.000Z',
  conversationEnd: '2026-11-02T15:12:00.000Z',
  originatingDirection: 'inbound',
  participants: [
    {
      participantId: 'p-cust',
      purpose: 'customer',
      sessions: [
        {
          sessionId: 's-cust',
          mediaType: 'voice',
          ani: 'tel:+15555550123',
          segments: [{ segmentType: 'interact' }],
          metrics: [{ name: 'nConnected', value: 1 }],
        },
      ],
    },
    {
      participantId: 'p-ivr',
      purpose: 'ivr',
      sessions: [{ sessionId: 's-ivr', mediaType: 'voice', metrics: [{ name: 'tIvr', value: 30_000 }] }],
    },
    {
      participantId: 'p-acd',
      purpose: 'acd',
      sessions: [
        {
          sessionId: 's-acd',
          mediaType: 'voice',
          segments: [{ segmentType: 'interact', queueId: 'q-billing' }],
          metrics: [
            { name: 'tAcd', value: 42_000 },
            { name: 'tAnswered', value: 42_000 },
          ],
        },
      ],
    },
    {
      participantId: 'p-a1',
      purpose: 'agent',
      userId: 'u-1',
      sessions: [
        {
          sessionId: 's-a1',
          mediaType: 'voice',
          segments: [
            { segmentType: 'interact', queueId: 'q-billing' },
            { segmentType: 'hold' },
            { segmentType: 'hold' },
            { segmentType: 'wrapup', wrapUpCode: 'wu-billing' },
          ],
          metrics: [
            { name: 'tAlert', value: 4_000 },
            { name: 'tTalk', value: 200_000 },
            { name: 'tTalkComplete', value: 200_000 },
            { name: 'tHeld', value: 20_000 },
            { name: 'tHeldComplete', value: 20_000 },
            { name: 'tHeldComplete', value: 10_000 },
            { name: 'tAcw', value: 30_000 },
            { name: 'tHandle', value: 260_000 },
            { name: 'nTransferred', value: 1 },
          ],
        },
      ],
    },
    {
      participantId: 'p-a2',
      purpose: 'agent',
      userId: 'u-2',
      sessions: [
        {
          sessionId: 's-a2',
          mediaType: 'voice',
          metrics: [
            { name: 'tTalkComplete', value: 100_000 },
            { name: 'tAcw', value: 15_000 },
            { name: 'tHandle', value: 115_000 },
          ],
        },
      ],
    },
  ],
});

describe('Genesys session metrics → contactCenter', () => {
  it('adds the agent legs and takes the wait from the queue leg', () => {
    expect(contactCenterFacts(details())).toEqual({
      waitMs: 42_000,
      answered: true,
      abandoned: false,
      talkMs: 300_000,
      holdMs: 30_000,
      holdCount: 2,
      wrapUpMs: 45_000,
      handleMs: 375_000,
      transfers: 1,
    });
  });

  it('a record without metrics has no facts: unknown, not zero', () => {
    const c = details();
    for (const p of c.participants!) for (const s of p.sessions ?? []) delete s.metrics;
    expect(contactCenterFacts(c)).toBeUndefined();
    expect(conversationToInteraction('t', c)!.contactCenter).toBeUndefined();
  });

  it('an answered call whose agent was never held has zero holds (the metrics were there)', () => {
    const c = details();
    const a1 = c.participants![3]!.sessions![0]!;
    a1.metrics = a1.metrics!.filter((m) => !m.name!.startsWith('tHeld'));
    a1.segments = a1.segments!.filter((s) => s.segmentType !== 'hold');
    expect(contactCenterFacts(c)).toMatchObject({ holdMs: 0, holdCount: 0 });
  });

  it('counts hold segments when no tHeldComplete was emitted', () => {
    const c = details();
    const a1 = c.participants![3]!.sessions![0]!;
    a1.metrics = a1.metrics!.filter((m) => m.name !== 'tHeldComplete');
    expect(contactCenterFacts(c)).toMatchObject({ holdMs: 20_000, holdCount: 2 });
  });

  it('maps the call type from the wrap-up code first, then the queue', () => {
    const map = { wrapUpCodes: { 'wu-billing': 'billing_insurance' }, queues: { 'q-billing': 'other' } };
    expect(conversationToInteraction('t', details(), { callTypes: map })!.callType).toBe('billing_insurance');
    expect(callTypeHint({ queues: { 'q-billing': 'billing_insurance' } }, { queueId: 'q-billing' })).toBe(
      'billing_insurance',
    );
    expect(callTypeHint(undefined, { queueId: 'q-billing' })).toBeUndefined();
    expect(conversationToInteraction('t', details())!.callType).toBeUndefined();
  });
});

// A survey form and a finished survey as the Quality API returns them (SurveyForm / Survey models).
const form: RawSurveyForm = {
  id: 'form-1',
  questionGroups: [
    {
      id: 'g-1',
      questions: [
        { id: 'q-info', type: 'readOnlyTextBlockQuestion' },
        {
          id: 'q-csat',
          type: 'multipleChoiceQuestion',
          answerOptions: [5, 4, 3, 2, 1].map((v) => ({ id: `o-${v}`, value: v })),
        },
        { id: 'q-nps', type: 'npsQuestion' },
        {
          id: 'q-answered',
          type: 'multipleChoiceQuestion',
          answerOptions: [
            { id: 'no', value: 0 },
            { id: 'yes', value: 1 },
          ],
        },
        { id: 'q-free', type: 'freeTextQuestion' },
        {
          id: 'q-three',
          type: 'multipleChoiceQuestion',
          answerOptions: [1, 2, 3].map((v) => ({ id: `t-${v}`, value: v })),
        },
      ],
    },
  ],
};
const survey = (): RawSurvey => ({
  id: 'sv-1',
  status: 'Finished',
  completedDate: '2026-11-02T15:20:00Z',
  conversation: { id: 'c-1' },
  surveyForm: { id: 'form-1' },
  answers: {
    questionGroupScores: [
      {
        questionGroupId: 'g-1',
        questionScores: [
          { questionId: 'q-csat', answerId: 'o-4', score: 4 },
          { questionId: 'q-nps', npsScore: 9 },
          { questionId: 'q-answered', answerId: 'yes' },
          { questionId: 'q-free', freeTextAnswer: 'my doctor is Dr. Synthetic' },
          { questionId: 'q-three', answerId: 't-2' },
        ],
      },
    ],
  },
});

describe('Genesys Quality survey → SurveyResponse', () => {
  it('maps each answer by its question type; free text keeps no text; unmappable shapes are left out', () => {
    expect(surveyResponseFrom('c-1', survey(), form)).toEqual({
      id: 'genesys:survey:sv-1',
      interaction: { platform: 'genesys', externalId: 'c-1' },
      source: 'genesys',
      submittedAt: '2026-11-02T15:20:00.000Z',
      answers: [
        { questionId: 'q-csat', kind: 'csat', value: 4 },
        { questionId: 'q-nps', kind: 'nps', value: 9 },
        { questionId: 'q-answered', kind: 'yes_no', value: 1 },
        { questionId: 'q-free', kind: 'text' },
      ],
    });
  });

  it('skips N/A answers, unfinished surveys and surveys with nothing mappable', () => {
    const s = survey();
    s.answers!.questionGroupScores![0]!.questionScores = [{ questionId: 'q-csat', markedNA: true }];
    expect(surveyResponseFrom('c-1', s, form)).toBeUndefined();
    expect(surveyResponseFrom('c-1', { ...survey(), status: 'InProgress' }, form)).toBeUndefined();
    expect(surveyResponseFrom('c-1', { ...survey(), completedDate: undefined }, form)).toBeUndefined();
  });

  it('reads the finished surveys a details record names', () => {
    const c: RawConversation = {
      ...details(),
      surveys: [
        { surveyId: 'a', surveyStatus: 'Finished' },
        { surveyId: 'b', surveyStatus: 'Sent' },
        { surveyId: 'c', surveyStatus: 'OptOut' },
        { surveyId: 'a', surveyStatus: 'Finished' },
      ],
    };
    expect(completedSurveyIds(c)).toEqual(['a']);
  });
});
