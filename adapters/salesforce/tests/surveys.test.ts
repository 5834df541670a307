import { MemoryCheckpoints, TeachbackError, type SurveyResponse } from '@teachback/core';
import {
  startSalesforceSimulator,
  surveyDefinitionRecords,
  surveyResponseRecords,
  type SalesforceSimulator,
} from '@teachback/simulator-salesforce';
import { syncSalesforce, type SurveySink } from '../src';
import { depsFor } from './helpers';

/*
 * Issue 18, Salesforce Feedback Management: completed SurveyResponses linked to a call through
 * SurveySubject become core SurveyResponses, saved once per response id. Against the simulator
 * serving Survey / SurveyQuestion / SurveyInvitation / SurveyResponse / SurveyQuestionResponse /
 * SurveySubject over SOQL.
 */

jest.setTimeout(60_000);

/** Like the store's surveys role: a response about an interaction it does not hold is refused. */
class StoreLikeSurveys implements SurveySink {
  readonly saved = new Map<string, SurveyResponse>();
  saves = 0;
  constructor(private readonly stored: (platform: string, externalId: string) => boolean) {}
  async save(_tenantId: string, r: SurveyResponse): Promise<void> {
    if (!this.stored(r.interaction.platform, r.interaction.externalId))
      throw new TeachbackError('STORE.NOT_FOUND', 'interaction not found');
    this.saves++;
    if (!this.saved.has(r.id)) this.saved.set(r.id, r);
  }
}

const putAll = (sim: SalesforceSimulator, records: Record<string, Record<string, unknown>[]>) => {
  for (const [type, rows] of Object.entries(records)) if (rows.length) sim.putRecords(type, rows);
};

describe('Salesforce Feedback Management surveys', () => {
  let sim: SalesforceSimulator;
  afterEach(() => sim?.close());

  it('maps CSAT / NPS / Boolean and configured questions of responses linked to a call; idempotent', async () => {
    sim = await startSalesforceSimulator({ org: { feedbackManagement: true } });
    const [vc1, vc2] = sim.records('VoiceCall');
    const callTask = sim
      .records('Task')
      .find(
        (t) =>
          t['TaskSubtype'] === 'Call' &&
          !t['CallObject'] &&
          !sim.records('VoiceCall').some((v) => v['ActivityId'] === t['Id']),
      )!;
    const toDo = sim.records('Task').find((t) => t['TaskSubtype'] === 'Task')!;
    // A VoiceCall's call-log Task, and a call-log Task of a Five9 call (CallObject = the call id).
    const logged = sim.records('VoiceCall').find((v) => v['ActivityId'])!;
    const five9 = sim.population.activities.find((x) => x.five9 && x.salesforce?.object === 'Task')!;
    const caseId = String(sim.records('Case')[0]!['Id']);
    const at = (n: number) => `2026-03-0${n}T12:00:00.000Z`;
    putAll(sim, surveyDefinitionRecords());
    const responses = [
      // 1: about a VoiceCall through its invitation (sent from a flow on the call).
      {
        n: 1,
        subjectId: vc1!['Id'],
        subjectType: 'VoiceCall',
        answers: { csat: 4, nps: 9, answered: true, comments: 'Lovely' },
      },
      // 2: about a call-log Task through the response; the Rating question is configured as CSAT.
      {
        n: 2,
        subjectId: callTask['Id'],
        subjectType: 'Task',
        linkedVia: 'response',
        answers: { nps: 3, rating: 5 },
      },
      // 3: about a Case only: not attributed to a call by guesswork.
      { n: 3, subjectId: caseId, subjectType: 'Case', answers: { csat: 5 } },
      // 4: started, never completed: not read.
      { n: 4, subjectId: vc2!['Id'], subjectType: 'VoiceCall', status: 'Started', answers: { csat: 1 } },
      // 5: about a Task that is not a synced call (an ordinary to-do): quarantined with the reason.
      { n: 5, subjectId: toDo['Id'], subjectType: 'Task', answers: { csat: 3 } },
      // 6: only free text: nothing to count.
      { n: 6, subjectId: vc2!['Id'], subjectType: 'VoiceCall', answers: { comments: 'No comment' } },
      // 7: an NPS of 11 is out of scale and dropped; the CSAT stays. Answered "no".
      {
        n: 7,
        subjectId: vc2!['Id'],
        subjectType: 'VoiceCall',
        answers: { nps: 11, csat: 2, answered: false },
      },
      // 8, 9: about a call-log Task: the answer goes to the call it logs (the scored interaction).
      { n: 8, subjectId: logged['ActivityId'], subjectType: 'Task', answers: { csat: 5 } },
      { n: 9, subjectId: five9.salesforce!.id, subjectType: 'Task', answers: { nps: 10 } },
    ] as const;
    for (const r of responses)
      putAll(
        sim,
        surveyResponseRecords({
          ...r,
          subjectId: String(r.subjectId),
          completedAt: at(r.n),
          answers: { ...r.answers },
        }),
      );

    const deps = await depsFor(sim, { surveys: { csatQuestions: ['agent_rating'] } });
    // The store also holds the Five9 call (synced from Five9).
    const sink = new StoreLikeSurveys(
      (p, id) => deps.interactions.rows.has(`t1|${p}|${id}`) || (p === 'five9' && id === five9.five9!.callId),
    );
    const report = await syncSalesforce({ ...deps, surveys: sink });

    expect(report.surveys).toMatchObject({
      read: 8,
      saved: 5,
      unlinked: 1,
      withoutAnswers: 1,
      notStored: 1,
      quarantined: 0,
    });
    const rid = (n: number) => `salesforce:0KjSIM${n.toString(36).toUpperCase().padStart(12, '0')}`;
    expect([...sink.saved.values()]).toEqual([
      {
        id: rid(1),
        interaction: { platform: 'salesforce', externalId: String(vc1!['Id']) },
        source: 'salesforce',
        submittedAt: at(1),
        answers: [
          { questionId: 'satisfaction', kind: 'csat', value: 4 },
          { questionId: 'recommend', kind: 'nps', value: 9 },
          { questionId: 'answered_questions', kind: 'yes_no', value: 1 },
          // Free text counts as answered; its words are never kept.
          { questionId: 'comments', kind: 'text' },
        ],
      },
      {
        id: rid(2),
        interaction: { platform: 'salesforce', externalId: String(callTask['Id']) },
        source: 'salesforce',
        submittedAt: at(2),
        answers: [
          { questionId: 'recommend', kind: 'nps', value: 3 },
          { questionId: 'agent_rating', kind: 'csat', value: 5 },
        ],
      },
      {
        id: rid(7),
        interaction: { platform: 'salesforce', externalId: String(vc2!['Id']) },
        source: 'salesforce',
        submittedAt: at(7),
        answers: [
          { questionId: 'satisfaction', kind: 'csat', value: 2 },
          { questionId: 'answered_questions', kind: 'yes_no', value: 0 },
        ],
      },
      {
        id: rid(8),
        interaction: { platform: 'salesforce', externalId: String(logged['Id']) },
        source: 'salesforce',
        submittedAt: at(8),
        answers: [{ questionId: 'satisfaction', kind: 'csat', value: 5 }],
      },
      {
        id: rid(9),
        interaction: { platform: 'five9', externalId: five9.five9!.callId },
        source: 'salesforce',
        submittedAt: at(9),
        answers: [{ questionId: 'recommend', kind: 'nps', value: 10 }],
      },
    ] satisfies SurveyResponse[]);
    expect(JSON.stringify([...sink.saved.values()])).not.toContain('Lovely');
    expect(deps.quarantine.values()).toContainEqual(
      expect.objectContaining({
        kind: 'SurveyResponse',
        ref: rid(5).slice('salesforce:'.length),
        reason: `about Task ${String(toDo['Id'])}, which is not a synced interaction`,
      }),
    );

    // The next run reads nothing new; reading everything again saves the same ids, nothing added.
    const again = await syncSalesforce({ ...deps, surveys: sink });
    expect(again.surveys).toMatchObject({ read: 0, saved: 0 });
    const fresh = await syncSalesforce({ ...deps, checkpoints: new MemoryCheckpoints(), surveys: sink });
    expect(fresh.surveys).toMatchObject({ read: 8, saved: 5 });
    expect(sink.saved.size).toBe(5);
    expect(sink.saves).toBe(10);
  });

  it('an org without Feedback Management: surveys are a skipped capability, the sync goes on', async () => {
    sim = await startSalesforceSimulator();
    const deps = await depsFor(sim);
    const sink = new StoreLikeSurveys(() => true);
    const report = await syncSalesforce({ ...deps, surveys: sink });
    expect(report.surveys).toBeUndefined();
    expect(report.skipped).toContainEqual({
      what: 'SurveyResponse',
      why: expect.stringContaining('Salesforce Feedback Management not readable in this org'),
    });
    expect(report.streams.find((s) => s.stream === 'VoiceCall')!.fetched).toBeGreaterThan(0);
  });

  it('survey objects described but refused at query time (INVALID_TYPE): skipped, not an error', async () => {
    sim = await startSalesforceSimulator({ org: { feedbackManagement: true } });
    const deps = await depsFor(sim, { streams: ['Contact'] });
    // The run's queries: Contact, then SurveyResponse. The second answers as for a hidden object.
    sim.inject({
      method: 'GET',
      path: '/query',
      skip: 1,
      respond: { status: 400, errorCode: 'INVALID_TYPE' },
    });
    const report = await syncSalesforce({ ...deps, surveys: new StoreLikeSurveys(() => true) });
    expect(report.surveys).toBeUndefined();
    expect(report.skipped).toContainEqual({
      what: 'SurveyResponse',
      why: 'SALESFORCE.INVALID_TYPE: synced without post-call surveys',
    });
  });

  it('without a survey sink no survey object is described or read', async () => {
    sim = await startSalesforceSimulator({ org: { feedbackManagement: true } });
    putAll(sim, surveyDefinitionRecords());
    const deps = await depsFor(sim);
    const report = await syncSalesforce(deps);
    expect(report.surveys).toBeUndefined();
    expect(report.skipped.map((g) => g.what)).not.toContain('SurveyResponse');
  });
});
