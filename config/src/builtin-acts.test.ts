import { scorePlaybook, type Transcript } from '@teachback/core';
import { loadCompiledPlaybook } from './playbooks';
import { call } from './testing/calls';

/**
 * The built-in criteria over the built-in act model, on the issue's hard cases: PHI, instructions
 * and distress said without any stock phrase, and comprehension checks that are not teach-back.
 * The wording here is not in the act corpus or the playbooks' phrases. Synthetic people only.
 */
function finding(criterion: string, t: Transcript) {
  const card = scorePlaybook(t, loadCompiledPlaybook('healthcare-inbound'), { interactionId: 't' });
  return card.findings.find((x) => x.criterionId === criterion)!;
}

describe('identity-verification applies to PHI said in any words', () => {
  it.each([
    [
      'a claim denial naming the procedure and date',
      'Okay Toni, the sleep study from June 4th was denied, the insurer wants a prior auth.',
    ],
    ['a lab value', 'Okay Toni, your hemoglobin came back at 10.2, which the doctor flagged.'],
    ['a refill of a named drug', 'Okay Toni, the refill on your levothyroxine went out this morning.'],
  ])('%s after one identifier is missed', (_what, phi) => {
    const f = finding(
      'identity-verification',
      call('[0:05] A: Who am I speaking with?', '[0:08] C: Toni Unreal.', `[0:12] A: ${phi}`),
    );
    expect(f.status).toBe('missed');
    expect(f.evidence.some((e) => e.quote === phi)).toBe(true);
  });
});

describe('teach-back', () => {
  const instructions = '[0:10] A: Before the scan, skip breakfast and leave any jewelry at home.';
  it('"does that make sense?" is a comprehension check, not teach-back', () => {
    expect(finding('teach-back', call(instructions, '[0:20] A: Does that make sense?')).status).toBe(
      'missed',
    );
  });
  it('"humor me and tell me back what you\'ll do" is teach-back', () => {
    const f = finding(
      'teach-back',
      call(instructions, "[0:20] A: Humor me and tell me back what you'll do tonight."),
    );
    expect(f.status).toBe('met');
  });
});

describe('empathy applies to distress said as frustration or figure of speech', () => {
  it.each([
    ["[0:05] C: Honestly I'm at my wit's end with all these calls."],
    ['[0:05] C: This bill is killing me, I had no idea.'],
  ])('%s', (line) => {
    expect(finding('empathy', call(line, '[0:10] A: What is the account number?')).status).toBe('missed');
    expect(
      finding(
        'empathy',
        call(line, "[0:10] A: Oh no, that's a rough spot to be in, I'm sorry. Let's sort it out."),
      ).status,
    ).toBe('met');
  });
});
