import { scorePlaybook, type Transcript } from '@teachback/core';
import { builtinPlaybookIds, loadCompiledPlaybook, resolvePlaybook } from './playbooks';
import { call } from './testing/calls';

/** "[m:ss] A|C: text" → transcript (A = agent, C = caller). Synthetic people only. */
function statusOf(playbook: string, criterion: string, t: Transcript, callDate?: string): string {
  const card = scorePlaybook(t, loadCompiledPlaybook(playbook), { interactionId: 't', callDate });
  const f = card.findings.find((x) => x.criterionId === criterion);
  if (!f) throw new Error(`no finding ${criterion}`);
  return f.status;
}

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('built-in playbooks', () => {
  it('have exactly the criterion ids the product promises, each with title, category, severity, weight and tip', () => {
    expect(builtinPlaybookIds()).toEqual(['healthcare-inbound', 'medicare-sales']);
    expect(resolvePlaybook(HC).criteria.map((c) => c.id)).toEqual([
      'recording-disclosure',
      'identity-verification',
      'no-medical-advice',
      'teach-back',
      'empathy',
      'emergency-response',
    ]);
    expect(resolvePlaybook(MED).criteria.map((c) => c.id)).toEqual([
      'recording-disclosure',
      'tpmo-disclaimer',
      'scope-of-appointment',
      'identity-verification',
      'emergency-response',
    ]);
    for (const id of builtinPlaybookIds()) {
      for (const c of resolvePlaybook(id).criteria) {
        expect(c.title.length).toBeGreaterThan(0);
        expect(['compliance', 'adherence', 'soft-skill']).toContain(c.category);
        expect(c.weight).toBeGreaterThan(0);
        expect(c.tip.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('recording-disclosure', () => {
  const met = [
    '[0:02] A: Thank you for calling, this call may be recorded for quality and training purposes.',
    '[0:03] A: hi thanks for calling uh calls are monitored and recorded how can i help',
    '[0:05] A: Good morning, just so you know you are on a recorded line.',
    '[0:04] A: this call is being recorded',
    '[0:06] A: before we begin please note this conversation is recorded for quality assurance',
    '[0:04] A: thank you for calling your call may be monitored or recordid for training', // ASR typo
  ];
  it.each(met)('met: %s', (line) => expect(statusOf(HC, 'recording-disclosure', call(line))).toBe('met'));
  it('missed when absent', () => {
    expect(
      statusOf(
        HC,
        'recording-disclosure',
        call('[0:02] A: Thanks for calling Riverbend Health, how can I help?'),
      ),
    ).toBe('missed');
  });
  it('missed when it comes after 30 seconds', () => {
    expect(
      statusOf(
        HC,
        'recording-disclosure',
        call('[0:02] A: hello how can i help', '[0:41] A: oh and this call may be recorded'),
      ),
    ).toBe('missed');
  });
  it('missed when only the caller mentions recording', () => {
    expect(
      statusOf(HC, 'recording-disclosure', call('[0:02] A: hello', '[0:05] C: is this call being recorded?')),
    ).toBe('missed');
  });
});

describe('identity-verification', () => {
  it('met: two identifiers before test results', () => {
    const t = call(
      '[0:05] C: hi I am calling about my lab results',
      '[0:08] A: Sure, can I have your full name?',
      '[0:11] C: Jordan Testperson',
      '[0:14] A: and your date of birth?',
      '[0:17] C: March 4th 1971',
      '[0:22] A: Thanks. Your test results came back and the doctor wants to see you.',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('met');
  });
  it('met: paraphrased identifiers (member ID and zip code) before appointment details, ASR style', () => {
    const t = call(
      '[0:05] A: um could you give me the member id on your card',
      '[0:09] C: its a b c one two three four',
      '[0:12] A: and can you verify the zip code on file',
      '[0:15] C: nine oh two one oh',
      '[0:19] A: ok i see your appointment is on tuesday at ten',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('met');
  });
  it('met: the caller volunteers name and date of birth', () => {
    const t = call(
      "[0:05] C: hi my name is Pat Example and my date of birth is june 2 1980, I'm calling about my prescription",
      '[0:12] A: thank you Pat, your prescription for lisinopril was sent to the pharmacy yesterday',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('met');
  });
  it('missed: PHI disclosed before any identifier', () => {
    const t = call(
      '[0:05] A: I see your lab results came back, your a1c was high',
      '[0:15] A: can I get your date of birth?',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it('missed: only one identifier before PHI', () => {
    const t = call(
      '[0:05] A: can I have your date of birth',
      '[0:08] C: may 5 1966',
      '[0:12] A: ok your claim was denied because of a coding issue',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it("missed: the agent's own name is not an identifier of the caller", () => {
    const t = call(
      '[0:01] A: my name is Dana',
      '[0:05] A: what is your date of birth',
      '[0:08] C: jan 1 1950',
      '[0:12] A: your appointment with doctor Lee is on friday',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it('not_applicable: no PHI discussed', () => {
    const t = call(
      '[0:05] C: what are your hours on saturday',
      '[0:08] A: we are open nine to one on saturdays',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('not_applicable');
  });
  it('not_applicable: the caller mentions results but the agent discusses no PHI', () => {
    const t = call(
      '[0:05] C: I want to ask about my test results',
      '[0:08] A: for results you will need to log in to the patient portal',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('not_applicable');
  });
});

describe('no-medical-advice', () => {
  it('met: clinical question routed to a nurse', () => {
    const t = call(
      '[0:30] C: should I stop taking my metformin before the test?',
      "[0:34] A: I'm not able to give medical advice, let me transfer you to a nurse.",
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('met');
  });
  it('met: no clinical question, no advice (never not_applicable)', () => {
    expect(
      statusOf(
        HC,
        'no-medical-advice',
        call('[0:05] C: I need to update my address', '[0:08] A: sure I can help with that'),
      ),
    ).toBe('met');
  });
  it('met: negated advice is not advice', () => {
    const t = call(
      '[0:10] C: can I take it with ibuprofen',
      "[0:14] A: I can't tell you whether it's safe to take, I'll have the nurse call you back.",
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('met');
  });
  it('missed: dosing advice', () => {
    expect(
      statusOf(
        HC,
        'no-medical-advice',
        call('[0:10] C: my sugar is high', '[0:14] A: you can double your dose for a few days'),
      ),
    ).toBe('missed');
  });
  it('missed: diagnosis by the agent', () => {
    expect(
      statusOf(
        HC,
        'no-medical-advice',
        call('[0:10] C: I have a fever and a cough', '[0:14] A: it sounds like you have the flu, just rest'),
      ),
    ).toBe('missed');
  });
  it('missed: clinical question answered without routing', () => {
    const t = call(
      '[0:10] C: is it safe to take tylenol with my prescription',
      '[0:14] A: hmm let me see, ok anything else?',
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('missed');
  });
});

describe('teach-back', () => {
  it('met: instructions then a teach-back question', () => {
    const t = call(
      "[1:00] A: Don't eat or drink anything after midnight, and bring your insurance card.",
      '[1:10] A: Just so I know I explained it clearly, can you tell me in your own words what you will do?',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('met');
  });
  it('met: paraphrased teach-back', () => {
    const t = call(
      '[1:00] A: please arrive fifteen minutes early and bring a list of your current medications',
      '[1:10] A: can you repeat that back to me so we are on the same page',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('met');
  });
  it('missed: instructions with no teach-back', () => {
    const t = call(
      '[1:00] A: do not eat after midnight before your procedure',
      '[1:05] A: ok have a nice day',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
  it('not_applicable: no instructions given', () => {
    expect(
      statusOf(HC, 'teach-back', call('[0:10] C: what time do you close', '[0:12] A: we close at five')),
    ).toBe('not_applicable');
  });
});

describe('empathy', () => {
  it('met: worry acknowledged', () => {
    const t = call(
      "[0:20] C: I'm really worried, I haven't heard back about my biopsy",
      "[0:25] A: I'm so sorry you're dealing with this, let me check right now.",
    );
    expect(statusOf(HC, 'empathy', t)).toBe('met');
  });
  it('met: frustration acknowledged (paraphrase)', () => {
    const t = call(
      "[0:20] C: this is the third time I've called, I'm so frustrated",
      '[0:25] A: I completely understand, and I apologize for the inconvenience',
    );
    expect(statusOf(HC, 'empathy', t)).toBe('met');
  });
  it('missed: pain ignored', () => {
    const t = call(
      "[0:20] C: I've been in so much pain since the surgery",
      '[0:25] A: ok what is your member id',
    );
    expect(statusOf(HC, 'empathy', t)).toBe('missed');
  });
  it('not_applicable: a calm caller', () => {
    expect(
      statusOf(HC, 'empathy', call('[0:10] C: I need to reschedule my appointment', '[0:12] A: sure')),
    ).toBe('not_applicable');
  });
  it('not_applicable: negated worry', () => {
    expect(statusOf(HC, 'empathy', call("[0:10] C: I'm not worried, I just want a copy of my records"))).toBe(
      'not_applicable',
    );
  });
});

const DISCLAIMER =
  '[0:12] A: We do not offer every plan available in your area. Currently we represent 6 organizations which offer 22 products in your area. Please contact Medicare.gov, 1-800-MEDICARE, or your local State Health Insurance Program to get information on all of your options.';
const PARAPHRASED = [
  "[0:12] A: just so you know we don't offer all the plans in your area",
  '[0:16] A: we work with four insurance companies offering twelve plans',
  '[0:20] A: you can always call one eight hundred medicare or visit medicare dot gov, or your state health insurance program',
];

describe('tpmo-disclaimer', () => {
  it('met: full disclaimer in the first 60 s (before 2026-10-01)', () => {
    expect(
      statusOf(MED, 'tpmo-disclaimer', call('[0:01] A: this call is recorded', DISCLAIMER), '2026-09-15'),
    ).toBe('met');
  });
  it('met: paraphrased, in three utterances', () => {
    expect(statusOf(MED, 'tpmo-disclaimer', call(...PARAPHRASED), '2026-09-15')).toBe('met');
  });
  it('missed: a part is absent', () => {
    expect(statusOf(MED, 'tpmo-disclaimer', call(PARAPHRASED[0]!, PARAPHRASED[1]!), '2026-09-15')).toBe(
      'missed',
    );
  });
  it('date switch: late disclaimer before benefits passes from 2026-10-01 but fails before', () => {
    const t = call(
      '[0:01] A: this call is recorded',
      '[0:30] A: let me ask a few questions about you',
      DISCLAIMER.replace('[0:12]', '[1:30]'),
      '[2:30] A: this plan has a zero dollar premium',
    );
    expect(statusOf(MED, 'tpmo-disclaimer', t, '2026-09-30')).toBe('missed');
    expect(statusOf(MED, 'tpmo-disclaimer', t, '2026-10-01')).toBe('met');
  });
  it('date switch: early disclaimer after benefits fails from 2026-10-01 but passes before', () => {
    const t = call(
      '[0:05] A: this plan has a zero dollar premium and great drug coverage',
      DISCLAIMER.replace('[0:12]', '[0:20]'),
    );
    expect(statusOf(MED, 'tpmo-disclaimer', t, '2026-09-30')).toBe('met');
    expect(statusOf(MED, 'tpmo-disclaimer', t, '2026-10-02')).toBe('missed');
  });
});

describe('scope-of-appointment', () => {
  it('met before plan specifics', () => {
    const t = call(
      '[0:40] A: to confirm the scope of appointment, you agreed to discuss medicare advantage plans today',
      '[1:00] A: the monthly premium is zero',
    );
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('met');
  });
  it('missed when benefits come first', () => {
    const t = call(
      '[0:40] A: the copay for primary care visits is zero',
      '[1:00] A: and you agreed to discuss medicare advantage plans',
    );
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('missed');
  });
});

describe('medicare identity-verification', () => {
  it('missed when medications are discussed before two identifiers', () => {
    const t = call(
      '[0:40] A: I see your medications on file include metformin',
      '[0:50] A: can I get your date of birth',
    );
    expect(statusOf(MED, 'identity-verification', t)).toBe('missed');
  });
});
