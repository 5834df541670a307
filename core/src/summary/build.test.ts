import type { Judge } from '../judge/port';
import type { Utterance } from '../model/transcript';
import { buildSummary, buildSummaryWithJudge, dueTimeOf } from './build';

const u = (speaker: Utterance['speaker'], text: string, startMs: number): Utterance => ({
  speaker,
  text,
  startMs,
  endMs: startMs + 2000,
});

const call = {
  interactionId: 'int-7',
  startedAt: '2026-03-04T15:00:00.000Z', // a Wednesday
  callType: 'prescription-refill',
  utterances: [
    u('agent', 'Thank you for calling, how can I help?', 0),
    u('customer', 'Hi. My refill for the blood pressure pills was denied at the pharmacy.', 3000),
    u('agent', "I've checked your chart and I sent a note to Doctor Ruiz.", 9000),
    u('agent', "I'll call you back tomorrow with the pharmacy's answer.", 15000),
    u('agent', "I'll put you on a brief hold.", 18000),
    u('customer', 'Will you call me in the morning?', 21000),
    u('customer', "I'll send you the pharmacy's fax number within 2 business days.", 24000),
  ],
};

describe('buildSummary', () => {
  const s = buildSummary(call);

  it('takes the reason from the first customer turn with substance', () => {
    expect(s.reason).toBe('Hi. My refill for the blood pressure pills was denied at the pharmacy.');
  });

  it('lists what the agent did', () => {
    expect(s.done).toEqual(["I've checked your chart and I sent a note to Doctor Ruiz."]);
  });

  it('turns "I\'ll call you back tomorrow" into a promise due the next day, skipping in-call steps and questions', () => {
    expect(s.promised).toEqual([
      {
        id: 'int-7:promise:3:0',
        owner: 'agent',
        text: "I'll call you back tomorrow with the pharmacy's answer.",
        dueAt: '2026-03-05T17:00:00.000Z',
        atOffsetMs: 15000,
      },
      {
        id: 'int-7:promise:6:1',
        owner: 'customer',
        text: "I'll send you the pharmacy's fax number within 2 business days.",
        dueAt: '2026-03-06T17:00:00.000Z',
        atOffsetMs: 24000,
      },
    ]);
  });

  it('writes one paragraph of at most 1,000 characters', () => {
    expect(s.text).toMatch(/^Reason: prescription\/refill: Hi\. My refill/);
    expect(s.text).toContain("Promised: agent — I'll call you back tomorrow");
    expect(s.text.length).toBeLessThanOrEqual(1000);
    expect(s.method).toBe('offline');
  });
});

describe('dueTimeOf', () => {
  const wed = new Date('2026-03-04T15:00:00.000Z');
  it.each([
    ['I will email you in 2 hours', '2026-03-04T17:00:00.000Z'],
    ['we will call on Friday', '2026-03-06T17:00:00.000Z'],
    ['I will call next Wednesday', '2026-03-11T17:00:00.000Z'],
    ['I will follow up next week', '2026-03-11T17:00:00.000Z'],
    ['I will send it today', '2026-03-04T17:00:00.000Z'],
  ])('%s → %s', (text, due) => {
    expect(dueTimeOf(text, wed)).toBe(due);
  });
  it('honours the center time zone', () => {
    // 17:00 in UTC−5 is 22:00 UTC.
    expect(dueTimeOf('I will call you tomorrow', wed, { utcOffsetMinutes: -300 })).toBe(
      '2026-03-05T22:00:00.000Z',
    );
  });
  it('gives nothing when the sentence has no time', () => {
    expect(dueTimeOf('I will call you back', wed)).toBeUndefined();
  });
});

describe('buildSummaryWithJudge', () => {
  const judge = (rationale: string, quotes: string[]): Judge => ({
    name: 'test',
    judge: async () => ({ answer: 'met', quotes, rationale }),
  });
  it('uses the judge paragraph when its quote is verbatim', async () => {
    const s = await buildSummaryWithJudge(
      call,
      judge('Refill denied; agent will call back tomorrow.', [
        'My refill for the blood pressure pills was denied',
      ]),
    );
    expect(s.method).toBe('llm');
    expect(s.text).toBe('Refill denied; agent will call back tomorrow.');
    expect(s.promised).toHaveLength(2);
  });
  it('falls back to offline on an invented quote or a failure', async () => {
    expect((await buildSummaryWithJudge(call, judge('x', ['never said']))).method).toBe('offline');
    const failing: Judge = { name: 'f', judge: async () => Promise.reject(new Error('down')) };
    expect((await buildSummaryWithJudge(call, failing)).method).toBe('offline');
  });
});
