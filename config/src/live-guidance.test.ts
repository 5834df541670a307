import {
  analyzeTranscript,
  createLiveSession,
  importTranscript,
  scoreTranscript,
  type GuidanceEvent,
  type LiveUtterance,
  type Transcript,
} from '@teachback/core';
import { ACCURACY_DIR, readLabelledCalls } from './accuracy';
import { loadCompiledPlaybook } from './playbooks';
import * as fs from 'node:fs';

/**
 * The live engine with the built-in playbooks, the learned act model and the escalation
 * classifier: realistic calls, paraphrases the prompts were not written from, and agreement with
 * post-call scoring over every labelled call.
 */

function session(playbook: string, callDate = '2026-11-02', callId = 'call-1') {
  return createLiveSession({ callId, playbook: loadCompiledPlaybook(playbook), callDate });
}

type Line = [speaker: 'agent' | 'customer', sec: number, text: string];

function feed(s: ReturnType<typeof session>, lines: Line[]): Array<GuidanceEvent & { sec: number }> {
  const out: Array<GuidanceEvent & { sec: number }> = [];
  lines.forEach(([speaker, sec, text], i) => {
    for (const e of s.push({ id: `u${i}`, speaker, text, offsetMs: sec * 1000 })) out.push({ ...e, sec });
  });
  return out;
}

const label = (e: GuidanceEvent) => `${e.kind}:${e.ruleId}${e.reason ? `:${e.reason}` : ''}`;

describe('healthcare-inbound live prompts', () => {
  it('guides a results call: order guard, its clearing, teach-back and a crisis protocol card', () => {
    const s = session('healthcare-inbound');
    const events = feed(s, [
      ['agent', 1, 'Good morning, Lakeside Clinic, this call is recorded for quality. This is Sam.'],
      ['customer', 5, "Hi, I'm calling to see if my blood work came back."],
      ['agent', 9, 'I can look. What is your full name?'],
      ['customer', 12, 'Jordan Sampleton.'],
      ['agent', 15, 'And your date of birth, Jordan?'],
      ['customer', 18, 'June second, nineteen sixty-four.'],
      ['agent', 24, 'Thanks. Your cholesterol is a little high, so the doctor wants a repeat test.'],
      [
        'agent',
        30,
        'Please skip breakfast that morning and only drink water, and bring your medication list.',
      ],
      ['agent', 40, 'So I know I explained it well, what will you do the morning of the test?'],
      ['customer', 46, "Honestly I don't see a reason to keep going anymore."],
      [
        'agent',
        50,
        "I'm really glad you told me. You can call or text 988, and I'll stay on the line while I connect you with our crisis nurse.",
      ],
    ]);
    expect(events.map(label)).toEqual([
      'order_guard:verify-before-phi',
      'clear:verify-before-phi:done',
      'teach_back_reminder:teach-back-after-instructions',
      'clear:teach-back-after-instructions:done',
      'supervisor_alert:escalation-mental-health-crisis',
      'protocol_card:crisis-protocol',
      'clear:crisis-protocol:done',
    ]);
    const card = events.find((e) => e.kind === 'protocol_card')!;
    expect(card.text).toMatch(/988/);
    expect(s.state().verifiedIdentifiers.length).toBeGreaterThanOrEqual(2);
    expect(s.outcomes().every((o) => o.outcome === 'followed')).toBe(true);
  });

  it('prompts the recording disclosure 15 s in and clears it when given late but inside the window', () => {
    const s = session('healthcare-inbound');
    feed(s, [['agent', 2, 'Hi there, Maple Family Practice, Robin speaking.']]);
    expect(s.tick(10000)).toEqual([]);
    expect(s.tick(15000).map(label)).toEqual(['compliance_due:recording-disclosure-due']);
    const late = s.push({
      id: 'u9',
      speaker: 'agent',
      text: 'Oh, and just so you know, we record our calls.',
      offsetMs: 22000,
    });
    expect(late.map(label)).toEqual(['clear:recording-disclosure-due:done']);
  });
});

describe('medicare-sales live prompts', () => {
  const opening: Line[] = [
    ['agent', 1, 'Thanks for calling Harbor Medicare Options, this call is recorded. This is Alex.'],
    [
      'agent',
      6,
      'We do not offer every plan available in your area. Currently we represent six organizations which offer forty products in your area. Please contact Medicare.gov, 1-800-MEDICARE, or your local State Health Insurance Program to get information on all of your options.',
    ],
  ];

  it('gives the fixed-income response and records it followed', () => {
    const s = session('medicare-sales');
    const events = feed(s, [
      ...opening,
      ['customer', 30, "I'm on a fixed income, I can't have my costs go up."],
      ['agent', 36, "I hear you. Let's first see if you qualify for Extra Help with your drug costs."],
    ]);
    expect(events.map(label)).toEqual(['moment_prompt:fixed-income', 'clear:fixed-income:done']);
    expect(events[0]!.text).toMatch(/Extra Help/);
    expect(s.outcomes()).toEqual([expect.objectContaining({ ruleId: 'fixed-income', outcome: 'followed' })]);
  });

  it('TPMO: from 2026-10-01 it is due as talk turns to benefits; before that, 40 s into the call', () => {
    const benefits: Line[] = [
      ['agent', 1, 'Thanks for calling, this call is recorded. This is Alex.'],
      ['customer', 20, 'What would my copay be for the specialist?'],
    ];
    const after = session('medicare-sales', '2026-11-02');
    expect(feed(after, benefits).map(label)).toEqual(['compliance_due:tpmo-before-benefits']);
    const before = session('medicare-sales', '2026-09-15');
    // Before 2026-10-01 benefits talk prompts only the scope of appointment.
    expect(feed(before, benefits).map(label)).toEqual(['compliance_due:scope-before-benefits']);
    before.push({
      id: 'scope',
      speaker: 'agent',
      offsetMs: 25000,
      text: 'First let me confirm the scope of appointment: you agreed to discuss Medicare Advantage plans.',
    });
    expect(before.tick(40000).map(label)).toEqual(['compliance_due:tpmo-disclaimer-due']);
  });

  it('a crisis clears the slot: the protocol card replaces a moment prompt', () => {
    const s = session('medicare-sales');
    const events = feed(s, [
      ...opening,
      ['customer', 30, 'I need to talk to my daughter first.'],
      ['customer', 40, "My chest is crushing and my left arm is numb, it's happening right now."],
    ]);
    expect(events.map(label)).toEqual([
      'moment_prompt:talk-to-family-first',
      'supervisor_alert:escalation-medical-emergency',
      'clear:talk-to-family-first:superseded',
      'protocol_card:medical-emergency-protocol',
    ]);
  });
});

describe('paraphrases the prompts were not written from', () => {
  // Written after the playbook phrases were last edited and never used to edit them: the measured
  // recall is reported as it is (README), not tuned up.
  const heldOut: Array<[playbook: string, rule: string, text: string]> = [
    ['medicare-sales', 'fixed-income', "Look, I'm a retiree and my check only stretches so far."],
    ['medicare-sales', 'fixed-income', "I just can't afford to pay more each month than I do."],
    ['medicare-sales', 'fixed-income', "All I get is my social security, that's it."],
    ['medicare-sales', 'talk-to-family-first', "I'd have to go over it with my kids before I say yes."],
    ['medicare-sales', 'talk-to-family-first', 'My niece takes care of my paperwork, let me ask my niece.'],
    ['medicare-sales', 'talk-to-family-first', "I won't decide anything until my husband is home."],
    ['medicare-sales', 'price-objection', "Ninety dollars a month? That's just too expensive."],
    ['medicare-sales', 'price-objection', "I'm sure there's a cheaper plan out there."],
    ['medicare-sales', 'keep-my-doctor', 'If I switch, do I lose my cardiologist?'],
    ['medicare-sales', 'keep-my-doctor', "I really don't want to give up my doctor."],
    ['healthcare-inbound', 'verify-before-phi', "I'm just checking whether my MRI results are back."],
    ['healthcare-inbound', 'verify-before-phi', 'Has my insurance claim for the ER visit been processed?'],
    ['healthcare-inbound', 'verify-before-phi', 'I wanted to confirm the time of my appointment tomorrow.'],
    [
      'healthcare-inbound',
      'teach-back-after-instructions',
      "You'll take the antibiotic three times a day until it's gone, with food.",
    ],
    [
      'healthcare-inbound',
      'empathy-after-distress',
      "I've been up all night, I'm just so anxious about this.",
    ],
  ];

  it('recognizes most of them (measured recall, every miss listed)', () => {
    const misses: string[] = [];
    for (const [playbook, rule, text] of heldOut) {
      const s = session(playbook);
      // An opening that meets the recording disclosure and TPMO, so only the tested rule can fire.
      s.push({
        id: 'o1',
        speaker: 'agent',
        offsetMs: 1000,
        text: 'Thanks for calling, this call is recorded. We do not offer every plan available in your area. Currently we represent six organizations which offer forty products in your area. Please contact Medicare.gov, 1-800-MEDICARE, or your local State Health Insurance Program to get information on all of your options.',
      });
      const events = s.push({
        id: 'p1',
        speaker: rule === 'teach-back-after-instructions' ? 'agent' : 'customer',
        offsetMs: 20000,
        text,
      });
      if (!events.some((e) => e.ruleId === rule)) misses.push(`${rule}: ${text}`);
    }
    const recall = (heldOut.length - misses.length) / heldOut.length;
    // Phrase matching is lexical: a floor, not a target; README reports the measured value.
    expect({ recall: recall >= 0.6, misses }).toEqual({ recall: true, misses: expect.any(Array) });
  });
});

describe('live and post-call agree (every labelled call)', () => {
  const files = fs.readdirSync(ACCURACY_DIR).filter((f) => f.endsWith('.txt'));
  const calls = files.flatMap((f) => readLabelledCalls(f));

  it('the live session ends with the post-call findings, and every prompt it cleared is met post-call', () => {
    expect(calls.length).toBeGreaterThan(100);
    let cleared = 0;
    let prompts = 0;
    const mismatches: string[] = [];
    for (const call of calls) {
      const cp = loadCompiledPlaybook(call.playbook);
      const { transcript } = importTranscript(call.text, { format: 'text' });
      // Live utterances always carry times: use the ones scoring would use (given or estimated).
      const times = analyzeTranscript(transcript).startMs;
      const timed: Transcript = {
        ...transcript,
        utterances: transcript.utterances.map((u, i) => ({ ...u, startMs: times[i]! })),
      };
      const s = createLiveSession({ callId: call.id, playbook: cp, callDate: call.callDate });
      timed.utterances.forEach((u, i) => {
        const lu: LiveUtterance = {
          id: `${i}`,
          speaker: u.speaker === 'system' ? 'unknown' : u.speaker,
          text: u.text,
          offsetMs: u.startMs!,
        };
        s.push(lu);
      });
      const post = scoreTranscript(timed, cp, { interactionId: call.id, callDate: call.callDate });
      const status = new Map(post.scorecard.findings.map((f) => [f.criterionId, f.status]));
      for (const f of s.findings()) {
        if (status.get(f.criterionId) !== f.status)
          mismatches.push(
            `${call.id} ${f.criterionId}: live ${f.status}, post-call ${status.get(f.criterionId)}`,
          );
      }
      const rules = new Map((cp.playbook.live ?? []).map((r) => [r.id, r]));
      for (const o of s.outcomes()) {
        prompts++;
        const criterion = rules.get(o.ruleId)?.criterion;
        if (!criterion) continue;
        const post = status.get(criterion);
        if (o.outcome === 'followed') {
          cleared++;
          if (post === 'missed')
            mismatches.push(`${call.id} ${o.ruleId}: cleared live, ${criterion} missed post-call`);
        }
      }
      // And the other way: a prompt on a criterion that post-call scoring found met after it was
      // shown, and still open then, was cleared live.
      for (const o of s.outcomes()) {
        const criterion = rules.get(o.ruleId)?.criterion;
        if (!criterion || o.outcome !== 'shown') continue;
        const f = post.scorecard.findings.find((x) => x.criterionId === criterion)!;
        if (f.status === 'met' && f.evidence.some((ev) => (ev.startMs ?? 0) > o.shownAtMs))
          mismatches.push(`${call.id} ${o.ruleId}: met post-call but still open live`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(prompts).toBeGreaterThan(20);
    expect(cleared).toBeGreaterThan(5);
  });
});
