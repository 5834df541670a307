import { Five9AdminClient, OperationLimiter } from '@teachback/connector-five9';
import { REPORTS, startFive9Simulator } from '@teachback/simulator-five9';
import { MemoryCheckpoints, MemoryQuarantine, type CallSummary, type SurveyResponse } from '@teachback/core';
import { Five9Mappings, ReportColumns, rowToInteraction, rowToSurveyResponse } from './mapping';
import { MemoryInteractionSink } from './memory';
import { pushSummaryToContact, summaryFieldText } from './push';
import { syncCallLogs } from './sync';

/*
 * Issue 18 on Five9: the call log's queue wait, talk, hold, wrap-up, transfers and abandoned flag
 * → contactCenter; dispositions → stage and call type; the post-call IVR survey's call variables
 * → SurveyResponse; the summary pushed into a contact field.
 */

const columns = ReportColumns.parse({});
const ctx = (mappings: Five9Mappings = {}) => ({
  tenantId: 't1',
  columns,
  mappings: Five9Mappings.parse(mappings),
  windowStartMs: Date.parse('2026-11-01T00:00:00Z'),
  windowEndMs: Date.parse('2026-11-03T00:00:00Z'),
});

// A stock Call Log row with the column names platforms/five9.md §1.3 lists (synthetic caller).
const stock: Record<string, string> = {
  'CALL ID': '300000042',
  TIMESTAMP: 'Mon, 02 Nov 2026 09:15:00',
  CAMPAIGN: 'Appointments',
  'CALL TYPE': 'Inbound',
  AGENT: 'agent.chen@clinic.example',
  'AGENT NAME': 'Kim Chen',
  DISPOSITION: 'Appointment Booked',
  ANI: '5552223333',
  'CUSTOMER NAME': 'Avery Testwell',
  DNIS: '8005550100',
  'CALL TIME': '0:05:45',
  'IVR TIME': '0:00:20',
  'QUEUE WAIT TIME': '0:00:45',
  'RING TIME': '0:00:04',
  'TALK TIME': '0:04:30',
  'HOLD TIME': '0:00:30',
  'PARK TIME': '0:00:00',
  'AFTER CALL WORK TIME': '0:01:00',
  TRANSFERS: '1',
  CONFERENCES: '0',
  HOLDS: '2',
  ABANDONED: '0',
  RECORDINGS: '',
};

describe('Five9 call log → contactCenter', () => {
  it('maps the stock columns; handle = talk + hold + wrap-up when the report has no HANDLE TIME', () => {
    const r = rowToInteraction(stock, ctx({ dispositionStages: { 'Appointment Booked': 'booked' } }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction.contactCenter).toEqual({
      waitMs: 45_000,
      answered: true,
      abandoned: false,
      talkMs: 270_000,
      holdMs: 30_000,
      holdCount: 2,
      wrapUpMs: 60_000,
      handleMs: 360_000,
      transfers: 1,
      stage: 'booked',
    });
  });

  it('an abandoned call is not answered; columns the report lacks stay unknown, never zero', () => {
    const row: Record<string, string> = {
      'CALL ID': '300000043',
      TIMESTAMP: 'Mon, 02 Nov 2026 09:16:00',
      'CALL TYPE': 'Inbound',
      ANI: '5552224444',
      DISPOSITION: 'Abandon',
      'QUEUE WAIT TIME': '0:02:05',
      ABANDONED: '1',
    };
    const r = rowToInteraction(row, ctx());
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction.contactCenter).toEqual({ waitMs: 125_000, abandoned: true, answered: false });
    expect(r.interaction.contactCenter?.stage).toBeUndefined();
  });

  it('a report without any fact column has no contactCenter at all', () => {
    const {
      'QUEUE WAIT TIME': _w,
      'TALK TIME': _t,
      'HOLD TIME': _h,
      'AFTER CALL WORK TIME': _a,
      ...rest
    } = stock;
    const { TRANSFERS: _x, HOLDS: _y, ABANDONED: _z, ...bare } = rest;
    const r = rowToInteraction({ ...bare, 'CALL TIME': '0:05:45' }, ctx());
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction.contactCenter).toBeUndefined();
  });

  it('maps the call type from the disposition first, then the skill', () => {
    const m = {
      dispositionCallTypes: { 'Refill Approved': 'prescription_refill' },
      skillCallTypes: { Appointments: 'scheduling' },
    };
    const a = rowToInteraction(stock, ctx(m));
    const b = rowToInteraction({ ...stock, DISPOSITION: 'Refill Approved' }, ctx(m));
    expect(a.ok && a.interaction.callType).toBe('scheduling');
    expect(b.ok && b.interaction.callType).toBe('prescription_refill');
  });

  it('an unreadable fact quarantines the row with the column named', () => {
    expect(rowToInteraction({ ...stock, TRANSFERS: 'two' }, ctx())).toEqual({
      ok: false,
      reason: 'TRANSFERS: not a count',
    });
    expect(rowToInteraction({ ...stock, 'HOLD TIME': '30s' }, ctx())).toEqual({
      ok: false,
      reason: 'HOLD TIME: not a duration (H:MM:SS)',
    });
  });
});

describe('Five9 post-call IVR survey → SurveyResponse', () => {
  const surveyColumns = [
    { column: 'Survey.CSAT', questionId: 'csat', kind: 'csat' as const },
    { column: 'Survey.NPS', questionId: 'nps', kind: 'nps' as const },
    { column: 'Survey.Answered', questionId: 'answered', kind: 'yes_no' as const },
  ];
  const interaction = {
    source: { platform: 'five9' as const, externalId: '300000042', aliases: [] },
    startedAt: '2026-11-02T17:15:00.000Z',
    endedAt: '2026-11-02T17:20:45.000Z',
  };
  it('keeps in-range answers and drops the rest', () => {
    const row = { 'SURVEY.CSAT': '4', 'SURVEY.NPS': '11', 'SURVEY.ANSWERED': 'Yes' };
    expect(rowToSurveyResponse(row, interaction, { surveyColumns })).toEqual({
      id: 'five9:survey:300000042',
      interaction: { platform: 'five9', externalId: '300000042' },
      source: 'five9',
      submittedAt: '2026-11-02T17:20:45.000Z',
      answers: [
        { questionId: 'csat', kind: 'csat', value: 4 },
        { questionId: 'answered', kind: 'yes_no', value: 1 },
      ],
    });
    expect(rowToSurveyResponse({ 'SURVEY.CSAT': '' }, interaction, { surveyColumns })).toBeUndefined();
  });
});

describe('Five9 simulator: facts and surveys through the sync, summary to the contact', () => {
  const USERS = { 'api.sync1@clinic.example': 'secret-one' };
  const RANGE = { startMs: Date.parse('2026-10-31T07:00:00Z'), endMs: Date.parse('2026-11-02T08:00:00Z') };

  it('syncs the custom report with its fact and survey columns', async () => {
    const clock = { now: RANGE.endMs + 3_600_000 };
    const sim = await startFive9Simulator({
      users: USERS,
      calls: 120,
      now: () => clock.now,
      callLog: { abandonedEvery: 9 },
    });
    try {
      const advance = async (ms: number) => void (clock.now += ms);
      const client = new Five9AdminClient({
        credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
        baseUrl: sim.url,
        limiter: new OperationLimiter({ now: () => clock.now, sleep: advance }),
        sleep: advance,
      });
      const sink = new MemoryInteractionSink();
      const saved = new Map<string, SurveyResponse>();
      await syncCallLogs(
        {
          tenantId: 't1',
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(RANGE.startMs).toISOString(),
          chunkHours: 12,
          mappings: {
            dispositionStages: { Resolved: 'resolved' },
            surveyColumns: [
              { column: 'SURVEY.CSAT', questionId: 'csat', kind: 'csat' },
              { column: 'SURVEY.NPS', questionId: 'nps', kind: 'nps' },
            ],
          },
        },
        {
          client,
          checkpoints: new MemoryCheckpoints(),
          sink,
          quarantine: new MemoryQuarantine(),
          surveys: { save: async (_t, s) => void saved.set(s.id, s) },
          now: () => clock.now,
        },
      );
      const abandoned = sim.calls.filter((c) => c.abandoned);
      expect(abandoned.length).toBeGreaterThan(0);
      for (const c of sim.calls) {
        const row = sink.rows.get(`t1|five9|${c.callId}`)!;
        const cc = row.interaction.contactCenter!;
        expect(cc.waitMs).toBe(c.queueSeconds * 1000);
        expect(cc.abandoned).toBe(c.abandoned === true);
        expect(cc.transfers).toBe(c.transfers ?? 0);
        expect(cc.holdMs).toBe(c.holdSeconds * 1000);
        expect(cc.wrapUpMs).toBe(c.afterCallWorkSeconds * 1000);
        expect(cc.handleMs).toBe((c.talkSeconds + c.holdSeconds + c.afterCallWorkSeconds) * 1000);
        expect(cc.answered).toBe(c.abandoned ? false : true);
        expect(cc.stage).toBe(c.disposition === 'Resolved' ? 'resolved' : undefined);
      }
      const surveyed = sim.calls.filter((c) => c.survey);
      expect(surveyed.length).toBeGreaterThan(0);
      expect(saved.size).toBe(surveyed.length);
      for (const c of surveyed) {
        expect(saved.get(`five9:survey:${c.callId}`)!.answers).toEqual([
          { questionId: 'csat', kind: 'csat', value: c.survey!.csat },
          { questionId: 'nps', kind: 'nps', value: c.survey!.nps },
        ]);
      }
    } finally {
      await sim.close();
    }
  });

  it('writes the masked summary into the configured contact field, nothing without one', async () => {
    const sim = await startFive9Simulator({ users: USERS, calls: 1 });
    try {
      const client = new Five9AdminClient({
        credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
        baseUrl: sim.url,
      });
      const summary: CallSummary = {
        interactionId: 'five9:t1:1',
        reason: 'Billing question',
        done: [],
        promised: [],
        text: 'Caller asked about claim 99887766.\nAgent will email a@b.example by Friday.',
        method: 'offline',
      };
      sim.crmRecords.set('5552223333', { number1: '5552223333', first_name: 'Avery' });
      expect(await pushSummaryToContact(client, {}, { contactKey: '5552223333', summary })).toBe(
        'not_configured',
      );
      expect(sim.crmRecords.get('5552223333')).toEqual({ number1: '5552223333', first_name: 'Avery' });
      const r = await pushSummaryToContact(
        client,
        { fields: { summary: 'teachback_last_summary' } },
        { contactKey: '5552223333', summary },
      );
      expect(r).toEqual({ inserted: 0, updated: 1, deleted: 0 });
      expect(sim.crmRecords.get('5552223333')).toEqual({
        number1: '5552223333',
        first_name: 'Avery',
        teachback_last_summary: 'Caller asked about claim [number]. Agent will email [email] by Friday.',
      });
      expect(summaryFieldText({ text: 'x'.repeat(1200) })).toHaveLength(1000);
    } finally {
      await sim.close();
    }
  });
});
