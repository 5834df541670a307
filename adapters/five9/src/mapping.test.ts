import { ReportColumns, parseDuration, rowToInteraction, toE164 } from './mapping';

const columns = ReportColumns.parse({});
const day = {
  windowStartMs: Date.parse('2026-10-31T07:00:00Z'),
  windowEndMs: Date.parse('2026-11-02T08:00:00Z'),
};
const ctx = { tenantId: 't1', columns, ...day };

const voice = {
  'CALL ID': '300000007',
  'SESSION ID': '5E5511A000001F9',
  TIMESTAMP: 'Sat, 31 Oct 2026 09:15:00',
  'MEDIA TYPE': 'VOICE',
  CAMPAIGN: 'Nurse Line',
  SKILL: 'Triage',
  'CALL TYPE': 'Inbound',
  AGENT: 'agent.chen@clinic.example',
  'AGENT NAME': 'Kim Chen',
  DISPOSITION: 'Callback, Scheduled',
  ANI: '5552223333',
  DNIS: '8005550100',
  'CUSTOMER NAME': 'Avery Testwell',
  'TALK TIME': '0:05:00',
  'HOLD TIME': '0:00:30',
  'HANDLE TIME': '0:06:10',
  RECORDINGS: '09:15:00(5:00)',
  NOTES: 'Multi-line note:\nfollow up',
};

describe('call-log row → Interaction', () => {
  it('maps a voice row from the custom report', () => {
    const r = rowToInteraction(voice, ctx);
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction).toMatchObject({
      id: 'five9:t1:300000007',
      tenantId: 't1',
      source: { platform: 'five9', externalId: '300000007', aliases: ['5E5511A000001F9'] },
      channel: 'voice',
      direction: 'inbound',
      startedAt: '2026-10-31T16:15:00.000Z',
      endedAt: '2026-10-31T16:21:10.000Z',
      durationMs: 370_000,
      queue: { name: 'Triage' },
      disposition: 'Callback, Scheduled',
      wrapUp: { name: 'Callback, Scheduled', notes: 'Multi-line note:\nfollow up' },
      contact: { name: 'Avery Testwell', phones: ['+15552223333'], emails: [] },
      attributes: {
        campaign: 'Nurse Line',
        skill: 'Triage',
        dnis: '8005550100',
        recordingTimes: '09:15:00(5:00)',
      },
    });
    expect(r.interaction.participants).toEqual([
      { role: 'agent', userId: 'agent.chen@clinic.example', name: 'Kim Chen' },
      { role: 'customer', phone: '+15552223333', name: 'Avery Testwell' },
    ]);
  });

  it('maps chat and email rows (email ANI is an address)', () => {
    const chat = rowToInteraction({ ...voice, 'MEDIA TYPE': 'CHAT', 'CALL TYPE': 'Chat' }, ctx);
    const email = rowToInteraction(
      { ...voice, 'MEDIA TYPE': 'EMAIL', 'CALL TYPE': 'Email', ANI: 'Member1@Mail.example' },
      ctx,
    );
    expect(chat.ok && chat.interaction.channel).toBe('chat');
    expect(chat.ok && chat.interaction.direction).toBe('inbound');
    expect(email.ok && email.interaction.channel).toBe('email');
    expect(email.ok && email.interaction.contact?.emails).toEqual(['member1@mail.example']);
  });

  it('maps a stock Call Log row (no SESSION ID, MEDIA TYPE or HANDLE TIME)', () => {
    const stock = {
      'CALL ID': '42',
      TIMESTAMP: '2026/07/01 08:00:00',
      'CALL TYPE': 'Outbound',
      'CALL TIME': '0:02:00',
      ANI: '8005550199',
      DNIS: '+44 20 7946 0000',
    };
    const r = rowToInteraction(stock, {
      ...ctx,
      windowStartMs: 0,
      windowEndMs: Date.parse('2030-01-01T00:00:00Z'),
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction).toMatchObject({
      channel: 'voice',
      direction: 'outbound',
      durationMs: 120_000,
      startedAt: '2026-07-01T15:00:00.000Z',
    });
    expect(r.interaction.source.aliases).toBeUndefined();
    expect(r.interaction.contact?.phones).toEqual(['+442079460000']);
  });

  it.each(['Outbound', 'Manual', 'Queue Callback'])(
    'takes the patient from DNIS on a %s call (ANI is the center’s own caller id)',
    (callType) => {
      const r = rowToInteraction(
        { ...voice, 'CALL TYPE': callType, ANI: '8005550199', DNIS: '5554446666' },
        ctx,
      );
      if (!r.ok) throw new Error(r.reason);
      expect(r.interaction.direction).toBe('outbound');
      expect(r.interaction.contact?.phones).toEqual(['+15554446666']);
      expect(r.interaction.participants.find((p) => p.role === 'customer')?.phone).toBe('+15554446666');
      expect(r.interaction.attributes['centerNumber']).toBe('8005550199');
    },
  );

  it('takes the patient from ANI on an inbound call', () => {
    const r = rowToInteraction(voice, ctx);
    expect(r.ok && r.interaction.contact?.phones).toEqual(['+15552223333']);
    expect(r.ok && r.interaction.attributes['centerNumber']).toBe('8005550100');
  });

  it('resolves the repeated fall-back hour from the report window when it can', () => {
    const row = { ...voice, TIMESTAMP: 'Sun, 01 Nov 2026 01:30:00' };
    // A window that holds only the PST reading (01:00 PST onwards).
    const late = rowToInteraction(row, {
      ...ctx,
      windowStartMs: Date.parse('2026-11-01T09:00:00Z'),
      windowEndMs: Date.parse('2026-11-01T15:00:00Z'),
    });
    expect(late.ok && late.interaction.startedAt).toBe('2026-11-01T09:30:00.000Z');
    expect(late.ok && late.interaction.attributes['pacificTimeAmbiguous']).toBeUndefined();
    const early = rowToInteraction(row, {
      ...ctx,
      windowStartMs: Date.parse('2026-11-01T03:00:00Z'),
      windowEndMs: Date.parse('2026-11-01T09:00:00Z'),
    });
    expect(early.ok && early.interaction.startedAt).toBe('2026-11-01T08:30:00.000Z');
    const both = rowToInteraction(row, ctx);
    expect(both.ok && both.interaction.attributes['pacificTimeAmbiguous']).toBe('true');
  });

  it('reads a spring-forward gap time as the instant an hour later', () => {
    const r = rowToInteraction(
      { ...voice, TIMESTAMP: 'Sun, 08 Mar 2026 02:30:00' },
      { ...ctx, windowStartMs: 0, windowEndMs: Date.parse('2030-01-01T00:00:00Z') },
    );
    expect(r.ok && r.interaction.startedAt).toBe('2026-03-08T10:30:00.000Z');
  });

  it.each([
    [{ 'CALL ID': '' }, 'CALL ID: missing'],
    [{ 'CALL ID': '12 34' }, 'CALL ID: not a Five9 call id'],
    [{ TIMESTAMP: 'not a time' }, 'TIMESTAMP: not a Five9 report timestamp'],
    [{ 'MEDIA TYPE': 'CARRIER PIGEON' }, 'MEDIA TYPE: unknown media type'],
    [{ 'HANDLE TIME': '5 minutes' }, 'HANDLE TIME: not a duration (H:MM:SS)'],
  ])('quarantines a malformed row with a clear reason: %j', (patch, reason) => {
    const r = rowToInteraction({ ...voice, ...patch }, ctx);
    expect(r).toEqual({ ok: false, reason });
    // The reason never echoes the value (it could be PHI).
    expect(JSON.stringify(r)).not.toContain('Avery');
  });

  it('parses durations and phone numbers', () => {
    expect(parseDuration('1:02:03')).toBe(3_723_000);
    expect(parseDuration('05:09')).toBe(309_000);
    expect(parseDuration('1:60:00')).toBeUndefined();
    expect(toE164('(555) 222-3333')).toBe('+15552223333');
    expect(toE164('15552223333')).toBe('+15552223333');
    expect(toE164('anonymous')).toBeUndefined();
  });
});
