import { call, statusOf } from './testing/calls';

/**
 * The criteria changed in issue 14's sixth round (teach-back, TPMO disclaimer, scope of
 * appointment, plan benefits), on wordings that are in neither the act corpus, the playbooks'
 * phrases nor the labelled calls. Synthetic people only.
 */

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('teach-back: what counts as instructions, what counts as a read-back', () => {
  it('dosing advice is scored as advice, not as instructions that owe teach-back', () => {
    const t = call(
      '[0:20] C: my knee has been swollen since saturday',
      '[0:25] A: Honestly just take two of the Tylenol every six hours and put some ice on it, you will be fine.',
      '[0:32] C: ok thanks',
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('missed');
    expect(statusOf(HC, 'teach-back', t)).toBe('not_applicable');
  });
  it('a comprehension check after instructions is not teach-back', () => {
    const t = call(
      '[0:40] A: Monday morning, skip breakfast, wear flat shoes, and bring the walker with you.',
      '[0:48] A: Everything clear on your end? Any questions?',
      '[0:51] C: Nope.',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
  it('a read-back request in new words after the same instructions is', () => {
    const t = call(
      '[0:40] A: Monday morning, skip breakfast, wear flat shoes, and bring the walker with you.',
      '[0:48] A: So I know I got it across, tell me in your own words what Monday morning looks like.',
      '[0:55] C: No breakfast, flat shoes, walker.',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('met');
  });
});

describe('tpmo-disclaimer: each part in other words, never a partial one', () => {
  const notEvery = "[0:10] A: Heads up, we can't show you every plan sold in your county.";
  const represented =
    "[0:15] A: We're appointed with five carriers, which between them have 19 plans around here.";
  const sources = '[0:20] A: medicare.gov or 1-800-MEDICARE will list all of them for you.';
  const benefits = '[0:40] A: The first one has a 35 dollar specialist copay.';
  it('met: all three parts paraphrased, before benefits', () => {
    expect(statusOf(MED, 'tpmo-disclaimer', call(notEvery, represented, sources, benefits))).toBe('met');
  });
  it('missed: the sources part left out', () => {
    expect(statusOf(MED, 'tpmo-disclaimer', call(notEvery, represented, benefits))).toBe('missed');
  });
  it('missed: carriers named with no products or plans is not the count part', () => {
    const vague = '[0:15] A: We work with several big insurance companies.';
    expect(statusOf(MED, 'tpmo-disclaimer', call(notEvery, vague, sources, benefits))).toBe('missed');
  });
});

describe('scope-of-appointment: a confirmation, not a mention', () => {
  const benefits = '[1:00] A: Plan G would run 141 a month, with no deductible on the drug side.';
  it('met: product types beside where the agreement came from', () => {
    const t = call('[0:40] A: The card you mailed in says Medigap and Part D only. Still correct?', benefits);
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('met');
  });
  it('met: product types with the agenda agreed', () => {
    const t = call(
      '[0:40] A: When you booked online you picked Medicare Advantage, so we will stick to that.',
      '[0:45] C: Sounds good.',
      benefits,
    );
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('met');
  });
  it('missed: the form mentioned, to be signed later', () => {
    const t = call("[0:40] A: I'll get the SOA e-signed at the end, it's just paperwork.", benefits);
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('missed');
  });
  it('missed: a product-type question with nothing agreed', () => {
    const t = call(
      '[0:40] A: Are you shopping for Advantage or a supplement?',
      '[0:44] C: no clue',
      benefits,
    );
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('missed');
  });
  it('applies when benefits are given as cost terms ("no premium", an out-of-pocket max)', () => {
    const t = call('[0:40] A: This HMO has no premium and a 3,400 out-of-pocket max.');
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('missed');
  });
  it('not applicable when no plan is discussed', () => {
    const t = call('[0:40] A: I can call you back Thursday once your son is home.');
    expect(statusOf(MED, 'scope-of-appointment', t)).toBe('not_applicable');
  });
});

// Issue 14, seventh round: wordings in neither the act corpus, the playbooks' phrases nor the
// labelled calls (held-out set 7 included). Synthetic people only.
describe('tpmo-disclaimer part 1 as a denial of every plan where the beneficiary lives', () => {
  const sources = '[0:20] A: For the whole list, 1-800-MEDICARE or medicare.gov.';
  const benefits = '[0:40] A: This one has a 40 dollar specialist copay.';
  it('met: part 1 and part 2 in one turn, with the plans denied once and counted once', () => {
    const t = call(
      "[0:10] A: Our office doesn't carry every plan sold in your region; we partner with 6 insurers, 31 plans in your region.",
      sources,
      benefits,
    );
    expect(statusOf(MED, 'tpmo-disclaimer', t)).toBe('met');
  });
  it('missed: offering every plan is not the disclaimer (no denial)', () => {
    const t = call(
      '[0:10] A: Good news, we offer every plan available in your county.',
      '[0:15] A: We partner with 6 insurers, 31 plans in your region.',
      sources,
      benefits,
    );
    expect(statusOf(MED, 'tpmo-disclaimer', t)).toBe('missed');
  });
  it('missed: a denial about something else beside a plan count is not part 1', () => {
    const t = call(
      "[0:10] A: There's no fee for this call, and we partner with 6 insurers, 31 plans in your region.",
      sources,
      benefits,
    );
    expect(statusOf(MED, 'tpmo-disclaimer', t)).toBe('missed');
  });
});

describe('teach-back: read-outs are not instructions, read-back requests in other words are', () => {
  const id = ['[0:05] A: Name and birthday, please?', '[0:08] C: Odile Fakename, 4/4/1961.'];
  it('a result read out with a follow-up visit owes no teach-back', () => {
    const t = call(
      ...id,
      '[0:15] A: Thanks, Odile. Your thyroid level came back at 2.3, right in range, and Dr. Moss will go over it on the 30th.',
      '[0:24] C: Great.',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('not_applicable');
  });
  it('an appointment booked and read out owes no teach-back', () => {
    const t = call(...id, '[0:15] A: I have you with Dr. Moss Thursday the 11th at 1:40, you are all set.');
    expect(statusOf(HC, 'teach-back', t)).toBe('not_applicable');
  });
  it('a read-out that also tells the caller what to do still owes one', () => {
    const t = call(
      ...id,
      '[0:15] A: Your ultrasound is Friday at 7:45, and please drink 32 ounces of water an hour before and keep your bladder full.',
      '[0:26] A: Any questions?',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
  const instructed =
    '[0:15] A: Use two drops in each eye at bedtime starting tonight, and leave your contacts out for a week.';
  it('met: an invitation to say the plan, in words no script uses', () => {
    const t = call(
      ...id,
      instructed,
      "[0:25] A: Say I'm your neighbour and you're filling me in, what's the plan tonight?",
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('met');
  });
  it("met: the agent's own clarity as the reason", () => {
    const t = call(
      ...id,
      instructed,
      "[0:25] A: Humor me and walk me through it, so I know I didn't miss anything.",
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('met');
  });
  it('missed: a comprehension check in new words is still not teach-back', () => {
    const t = call(...id, instructed, '[0:25] A: Are we good on all that? Clear as mud?');
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
});

describe('identity-verification: PHI in other words (round 8)', () => {
  const verify = ['[0:10] A: Sure, your full name and birth date?', '[0:14] C: Harriet Unlikely, 7/7/1957.'];
  it('a denied claim naming the procedure and the date of service is PHI', () => {
    const phi = '[0:20] A: The bunion surgery from March 3rd was denied for a missing referral.';
    expect(statusOf(HC, 'identity-verification', call(...verify, phi))).toBe('met');
    expect(statusOf(HC, 'identity-verification', call(phi, ...verify))).toBe('missed');
  });
  it('a lab value read out is PHI', () => {
    const phi = '[0:20] A: So the creatinine came back at 1.6, a little up from last time.';
    expect(statusOf(HC, 'identity-verification', call(phi, ...verify))).toBe('missed');
  });
  it('a refill of a drug named by its class is PHI', () => {
    const phi = '[0:20] A: Okay, the blood thinner refill is filled and waiting at the front.';
    expect(statusOf(HC, 'identity-verification', call(...verify, phi))).toBe('met');
  });
  it('a referent alone, or a clinic that names one, is not', () => {
    const t = call(
      '[0:00] A: Endoscopy scheduling, this call is recorded.',
      '[0:05] A: We can fit you in for a consult, what works for you?',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('not_applicable');
  });
});

describe('no-medical-advice and teach-back: care steps ordered vs advice (round 8)', () => {
  const verify = ['[0:10] A: Name and date of birth?', '[0:14] C: Omar Fakerson, 1/2/1961.'];
  it('wound-care steps are instructions that owe teach-back, not advice', () => {
    const t = call(
      ...verify,
      '[0:20] A: Keep it covered for a day, then wash gently, change the bandage each morning, and come in on the 9th to get the stitches out.',
      '[0:30] A: Anything else I can do?',
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('met');
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
  it("changing a medicine on the agent's own word is still advice", () => {
    const t = call(
      ...verify,
      '[0:20] A: Eh, just take the water pill every other day instead, it should settle down.',
    );
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('missed');
  });
});

describe('empathy: a feeling taken back in the same turn (round 8)', () => {
  it('a joke marker or "no big deal" owes no acknowledgement', () => {
    const t = call(
      "[0:05] C: this rash is driving me up the wall haha, it's no big deal really",
      '[0:10] A: Sure, what can I do?',
    );
    expect(statusOf(HC, 'empathy', t)).toBe('not_applicable');
  });
  it('the same figure of speech said in earnest still does', () => {
    const t = call(
      '[0:05] C: this rash is driving me up the wall, I have not slept in days',
      '[0:10] A: Sure, what can I do?',
    );
    expect(statusOf(HC, 'empathy', t)).toBe('missed');
  });
});

describe('tpmo-disclaimer part 2: licence verbs (round 8)', () => {
  it('met: "licensed with" N carriers and their plans', () => {
    const t = call(
      "[0:10] A: Fair warning, we don't sell every plan offered in your county.",
      "[0:15] A: I'm licensed with six carriers that have 21 plans between them.",
      '[0:20] A: medicare.gov or 1-800-MEDICARE will list all of them for you.',
      '[0:40] A: The first one has a 35 dollar specialist copay.',
    );
    expect(statusOf(MED, 'tpmo-disclaimer', t)).toBe('met');
  });
});
