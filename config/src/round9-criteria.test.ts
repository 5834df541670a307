import { createLiveSession } from '@teachback/core';
import { loadCompiledPlaybook } from './playbooks';
import { call, statusOf } from './testing/calls';

/**
 * The criteria changed in issue 14's ninth round, on wordings that are in neither the act corpus,
 * the playbooks' phrases nor the labelled calls. Synthetic people only.
 */

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('medicare identity-verification: a plan price for a drug is a benefit, not the record', () => {
  it('a drug priced on the offered plan owes no verification', () => {
    const t = call(
      '[0:30] C: I only take two things, the lisinopril and the eliquis.',
      '[0:40] A: Okay, with the second plan your eliquis comes out to a 47-dollar copay at a preferred pharmacy.',
      '[0:50] C: Hm, pricier than I hoped.',
    );
    expect(statusOf(MED, 'identity-verification', t)).toBe('not_applicable');
  });
  it('the formulary named beside a drug is the plan too', () => {
    const t = call('[0:40] A: Your rosuvastatin sits on the formulary of all three plans I am showing you.');
    expect(statusOf(MED, 'identity-verification', t)).toBe('not_applicable');
  });
  it('the same turn reading the current plan on file is still PHI before verification', () => {
    const t = call(
      '[0:20] A: Looking at what we have on file, your eliquis is a 90-dollar copay right now.',
      '[0:30] A: Could I get your date of birth and your Medicare number?',
    );
    expect(statusOf(MED, 'identity-verification', t)).toBe('missed');
  });
  it('a record read back with no price is PHI as before', () => {
    const t = call('[0:20] A: I can see the lisinopril and the eliquis you are taking.');
    expect(statusOf(MED, 'identity-verification', t)).not.toBe('not_applicable');
  });
});

describe('procedure prep the clinic ordered is instructions, not advice', () => {
  // Both were read as advice (no-medical-advice missed, teach-back not owed) before round 9.
  it('sleep-study prep: no advice, and teach-back is owed', () => {
    const t = call(
      "[0:30] A: Cut out decaf and soda the day before, don't nap, and bring your own pajamas.",
      '[0:38] A: Sound good?',
      '[0:40] C: Yep.',
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('met');
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
  it('fasting for a lab test: no advice, and a read-back is teach-back met', () => {
    const t = call(
      '[0:30] A: For the glucose test it has to be on an empty stomach, so skip breakfast and bring a snack for after.',
      '[0:38] A: So I know I covered it, tell me what that morning looks like for you.',
      '[0:44] C: No breakfast, and I pack something to eat afterwards.',
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('met');
    expect(statusOf(HC, 'teach-back', t)).toBe('met');
  });
  it('dosing advice beside a prep word is still advice', () => {
    const t = call(
      "[0:30] A: Honestly I'd just double up on the ibuprofen the night before, that's what I do, you'll sleep better.",
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('missed');
  });
});

describe('identity-verification: a name the caller presents, read by the name reader', () => {
  const refill = "[0:14] A: Thanks. Her amlodipine refill was filled this morning, it's at the counter.";
  it('a third-party caller naming the patient in passing is an identifier', () => {
    const t = call(
      '[0:00] A: Birchfield Pharmacy, recorded line.',
      '[0:03] C: hey this is for my mother susan quillfeather shes almost out',
      "[0:08] A: What's her birthday?",
      '[0:10] C: june ninth forty four',
      refill,
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('met');
  });
  it('a greeting to the agent by name is not one', () => {
    const t = call(
      '[0:00] A: Birchfield Pharmacy, recorded line, Susan speaking.',
      '[0:03] C: Hi Susan, checking on my blood pressure refill.',
      "[0:08] A: What's your birthday?",
      '[0:10] C: june ninth forty four',
      refill,
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it("the clinician's name is not one", () => {
    const t = call(
      '[0:00] A: Birchfield Pharmacy, recorded line.',
      '[0:03] C: Dr. Margaret sent in something for me, is it there?',
      "[0:08] A: What's your birthday?",
      '[0:10] C: june ninth forty four',
      refill,
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it('the live session reads the name the same way', () => {
    const s = createLiveSession({
      callId: 'live-1',
      playbook: loadCompiledPlaybook(HC),
      callDate: '2026-12-07',
    });
    const lines: Array<['agent' | 'customer', number, string]> = [
      ['agent', 0, 'Birchfield Pharmacy, recorded line.'],
      ['customer', 3, 'hey this is for my mother susan quillfeather shes almost out'],
      ['agent', 8, "What's her birthday?"],
      ['customer', 10, 'june ninth forty four'],
      ['agent', 14, "Thanks. Her amlodipine refill was filled this morning, it's at the counter."],
    ];
    lines.forEach(([speaker, sec, text], i) => s.push({ id: `u${i}`, speaker, text, offsetMs: sec * 1000 }));
    expect(s.findings().find((f) => f.criterionId === 'identity-verification')!.status).toBe('met');
  });
});
