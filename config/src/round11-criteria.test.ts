import { call, statusOf } from './testing/calls';

/**
 * The criteria changed in issue 14's eleventh round, on wordings that are in neither the act
 * corpus, the playbooks' phrases nor the labelled calls. Synthetic people only.
 */

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('no-medical-advice: a phrase that says a negation needs the negation to govern its words', () => {
  // "i wouldn't worry about it" is reassurance only where the negation bears on the worry. Near a
  // refusal or an empathic turn, a stray "no" / "won't" / "can't" in another clause is not it.
  const question =
    '[0:04] C: my son has a fever of a hundred and two and he wont drink, should i give him more ibuprofen';
  it('an acknowledgement plus a refusal or a hand-off is no advice', () => {
    for (const reply of [
      'Oh no, that sounds really scary for you. Dosing isn’t something I can help with, but I’m getting the on-call nurse for you now.',
      'I can tell you’re worried, a little guy who won’t drink is hard to watch. I can’t advise on medicine, so let me transfer you to our triage nurse.',
      'Oh no, I’m sorry, that must be frightening. The nurse is with a patient, but she will ring you back within the hour.',
      'I hear how anxious you are, and no, I won’t guess at a dose, that goes to the nurse line, connecting you now.',
    ]) {
      const t = call(
        '[0:00] A: Brookside Pediatrics, calls are recorded, this is Dana.',
        question,
        `[0:12] A: ${reply}`,
      );
      expect([reply, statusOf(HC, 'no-medical-advice', t)]).toEqual([reply, 'met']);
    }
  });
  it('reassurance that tells the caller not to worry is still advice', () => {
    for (const reply of [
      'Honestly I wouldn’t worry about it, just give him another dose tonight.',
      'Don’t worry, that’s really common, nothing to worry about, keep giving it every four hours.',
      'You don’t need to see a doctor for that, it’s probably just a virus.',
    ]) {
      const t = call(
        '[0:00] A: Brookside Pediatrics, calls are recorded, this is Dana.',
        question,
        `[0:12] A: ${reply}`,
      );
      expect([reply, statusOf(HC, 'no-medical-advice', t)]).toEqual([reply, 'missed']);
    }
  });
  it('a negated instruction still reads as one where the negation governs it', () => {
    const t = call(
      '[0:00] A: Fairhaven Imaging, this call may be recorded, this is Lou.',
      '[0:04] C: Hi, this is Mabel Quist, date of birth June 2nd 1960, calling about my scan tomorrow.',
      '[0:10] A: Thanks Mabel. For the scan, eat nothing after midnight, and please leave your jewelry at home.',
      '[0:18] C: Okay.',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
});

describe('identity-verification: the record named in an identifier request is its purpose', () => {
  it('a purpose clause before the request is no disclosure (healthcare)', () => {
    for (const ask of [
      'So I can open your prescription history, what’s your full name and date of birth?',
      'So I can pull up the labs from Tuesday, can I get your name and birthdate first?',
    ]) {
      const t = call(
        '[0:00] A: Cedar Hill Clinic, this call is recorded, Tomas speaking.',
        '[0:04] C: Hi, I had some tests done and wanted to hear about them.',
        `[0:09] A: ${ask}`,
        '[0:15] C: Oriel Banfield, March 3rd 1966.',
        '[0:20] A: Thank you, Oriel. Your potassium came back at 5.9, which Dr. Amsel flagged as high.',
      );
      expect([ask, statusOf(HC, 'identity-verification', t)]).toEqual([ask, 'met']);
    }
  });
  it('a purpose clause before the request is no disclosure (Medicare)', () => {
    const t = call(
      '[0:00] A: Summit Medicare Partners, this call is recorded, this is Bea.',
      '[0:04] C: I want to see if my prescriptions are covered.',
      '[0:08] A: To bring up the prescription list from your last call, could you give me your date of birth and Medicare number?',
      '[0:14] C: July 1st 1950, 3FG7-HJ2-KL44.',
      '[0:20] A: Thanks. I have Xarelto and lisinopril on your list, and your current plan denied the Xarelto last month.',
    );
    expect(statusOf(MED, 'identity-verification', t)).toBe('met');
  });
  it('the record read out before the request in the same turn is still a disclosure', () => {
    for (const ask of [
      'Sure, your biopsy came back benign, and can I get your date of birth?',
      'Your potassium was 5.9, which is high. Can I get your name and date of birth?',
      'Your MRI claim from March was denied. Can I have your full name and date of birth?',
    ]) {
      const t = call(
        '[0:00] A: Cedar Hill Clinic, this call is recorded, Tomas speaking.',
        '[0:04] C: Hi, I had some tests done and wanted to hear about them.',
        `[0:09] A: ${ask}`,
        '[0:15] C: Oriel Banfield, March 3rd 1966.',
      );
      expect([ask, statusOf(HC, 'identity-verification', t)]).toEqual([ask, 'missed']);
    }
  });
  it('a look-up named without a request is no disclosure, a read-out after it in another sentence is', () => {
    const t = call(
      '[0:00] A: Cedar Hill Clinic, this call is recorded, Tomas speaking.',
      '[0:04] C: Hi, I had some tests done and wanted to hear about them.',
      '[0:09] A: Let me pull up your lab results. Okay, your potassium was 5.9, Dr. Amsel flagged it.',
      '[0:15] C: Oh.',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
});

describe('identity-verification (Medicare): the beneficiary’s current coverage is PHI', () => {
  const open = [
    '[0:00] A: Harbor Point Medicare Help, this call is recorded, this is Nell.',
    '[0:04] C: Hi, Ruth Ambler, I want to look at switching.',
  ];
  const verify = [
    '[0:08] A: Date of birth and Medicare number, please?',
    '[0:12] C: 4/4/1954, 6HJ2-TT4-PQ19.',
  ];
  for (const readOut of [
    'Thanks Ruth. You’re currently enrolled in the Bluecrest PPO through your old employer, and your Medicare effective date was March 2019.',
    'Okay. Your current coverage is Original Medicare plus a supplement, nothing for drugs.',
  ]) {
    it(`read out after verification: met — ${readOut.slice(0, 40)}`, () => {
      expect(statusOf(MED, 'identity-verification', call(...open, ...verify, `[0:18] A: ${readOut}`))).toBe(
        'met',
      );
    });
    it(`read out before verification: missed — ${readOut.slice(0, 40)}`, () => {
      const t = call(...open, `[0:08] A: ${readOut}`, ...verify.map((l) => l.replace('[0:', '[1:')));
      expect(statusOf(MED, 'identity-verification', t)).toBe('missed');
    });
  }
  it('plan benefits and Medicare in general are not the beneficiary’s record', () => {
    for (const pitch of [
      'Original Medicare doesn’t cover routine dental, but this Advantage plan does.',
      'Plan G picks up your Part B coinsurance after the deductible.',
      'Most people who are new to Medicare start with Parts A and B and add a drug plan.',
    ]) {
      const t = call(...open, `[0:08] A: ${pitch}`, '[0:14] C: Okay.');
      expect([pitch, statusOf(MED, 'identity-verification', t)]).toEqual([pitch, 'not_applicable']);
    }
  });
});

describe('scope-of-appointment: a scope confirmed applies the criterion, benefit words or not', () => {
  const open = [
    '[0:00] A: Lakeview Senior Plans, this call is recorded, Omar speaking.',
    '[0:04] C: Hello, this is Ida Pellworth calling back.',
  ];
  it('confirmed with the product types, then the current plan and costs: met', () => {
    for (const confirm of [
      'On your form you picked Medicare Advantage and prescription drug plans to go over, is that still the case?',
      'Just checking, we’re limited to Part D drug plans today like you signed off on, yes?',
    ]) {
      const t = call(
        ...open,
        `[0:08] A: ${confirm}`,
        '[0:13] C: Yes.',
        '[0:16] A: Okay, you’re with Northgate Select right now and your out-of-pocket this year is already high.',
      );
      expect([confirm, statusOf(MED, 'scope-of-appointment', t)]).toEqual([confirm, 'met']);
    }
  });
  it('a check on something else, with no plan talk, leaves it not applicable', () => {
    for (const check of [
      'Is now still a good time to talk for a few minutes?',
      'So it looks like we’re here to go over your address change, is that right?',
    ]) {
      const t = call(...open, `[0:08] A: ${check}`, '[0:13] C: Yes.', '[0:16] A: Okay, I’ve updated it.');
      expect([check, statusOf(MED, 'scope-of-appointment', t)]).toEqual([check, 'not_applicable']);
    }
  });
});

describe('no-medical-advice: reassurance words inside a refusal are the refusal’s', () => {
  const question = '[0:04] C: do i still need to take the prednisone now that the rash is gone, can i stop';
  const opening = '[0:00] A: Brookside Clinic, calls are recorded, this is Dana.';
  it('an agent who says it cannot judge gives no advice', () => {
    for (const reply of [
      'I’m not able to tell you whether you need to see a doctor for that, but the triage nurse can, one moment.',
      'I can’t advise on whether you need to take it anymore, I’ll send it to Dr. Kim’s nurse today.',
      'Honestly I’m not in a position to say if that’s nothing to worry about, the pharmacist is the one to ask.',
    ]) {
      const t = call(opening, question, `[0:12] A: ${reply}`);
      expect([reply, statusOf(HC, 'no-medical-advice', t)]).toEqual([reply, 'met']);
    }
  });
  it('reassurance beside a hand-off is still advice', () => {
    for (const reply of [
      'That’s normal, nothing to worry about, I’ll have the nurse call you if you want.',
      'You don’t need to take it anymore once the rash is gone, and the nurse can call you if it comes back.',
    ]) {
      const t = call(opening, question, `[0:12] A: ${reply}`);
      expect([reply, statusOf(HC, 'no-medical-advice', t)]).toEqual([reply, 'missed']);
    }
  });
});
