import { scorePlaybook } from '@teachback/core';
import { loadCompiledPlaybook } from './playbooks';
import { call, statusOf } from './testing/calls';

/**
 * The criteria changed in issue 14's twelfth round, on wordings that are in neither the act
 * corpus, the playbooks' phrases nor the labelled calls. Synthetic people only.
 */

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('identity-verification: a record named in a purpose clause of the identifier request', () => {
  const open = [
    '[0:00] A: Lakeview Family Practice, this call is recorded, this is Imre.',
    '[0:04] C: Hi, I wanted to ask about some tests I had.',
  ];
  const answer = '[0:15] C: Petra Vollan, the ninth of August 1971.';
  const readOut =
    '[0:21] A: Thanks, Petra. Your A1C came back at 8.2, and Dr. Oduya wants to see you next week.';
  it('is the request’s purpose, before or after the request, in any verb', () => {
    for (const ask of [
      'To go over your lab results, could I have your full name and birthday?',
      'In order to review the blood work, may I get your name and date of birth?',
      'Could I have your name and your date of birth, so I can check the lab results for you?',
      'Sure, just so we can find your test results, what is your full name and date of birth?',
    ]) {
      const t = call(...open, `[0:09] A: ${ask}`, answer, readOut);
      expect([ask, statusOf(HC, 'identity-verification', t)]).toEqual([ask, 'met']);
    }
  });
  it('a record read out in a clause of its own before the request still counts', () => {
    for (const ask of [
      'Okay, your A1C results are 8.2, so can I get your name and date of birth?',
      'Your blood work came back high, could I have your name and birthday?',
    ]) {
      const t = call(...open, `[0:09] A: ${ask}`, answer);
      expect([ask, statusOf(HC, 'identity-verification', t)]).toEqual([ask, 'missed']);
    }
  });
  it('a purpose clause in another sentence than the request is no purpose of it', () => {
    const t = call(
      ...open,
      '[0:09] A: To be clear, your A1C came back at 8.2. Can I have your name and date of birth?',
      answer,
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it('Medicare: the current coverage named as the purpose of the request is no disclosure', () => {
    const t = call(
      '[0:00] A: Riverbend Medicare Options on a recorded line, this is Tam.',
      '[0:04] C: Hello, I want to see if there is something cheaper for me.',
      '[0:08] A: To compare plans with your current coverage, may I have your full name and your date of birth?',
      '[0:14] C: Ansel Koury, February 2nd 1951.',
      '[0:20] A: Thank you, Ansel.',
    );
    expect(statusOf(MED, 'identity-verification', t)).toBe('not_applicable');
  });
});

describe('teach-back: instructions given once an emergency or crisis is raised owe none', () => {
  it('emergency instructions are the protocol, not steps to teach back', () => {
    const t = call(
      '[0:00] A: Northfield Clinic, this call is recorded, this is Bram.',
      '[0:04] C: my dad just collapsed in the garden and hes not answering me, his lips are going blue',
      '[0:10] A: I am calling 911 for you right now and I will stay on the line.',
      '[0:18] C: okay okay',
      '[0:22] A: Okay. Please bring his medication bottles and his insurance card to the hospital, and don’t give him anything to eat or drink.',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('not_applicable');
  });
  it('the same kind of steps on a routine call still owe teach-back', () => {
    const t = call(
      '[0:00] A: Northfield Clinic, this call is recorded, this is Bram.',
      '[0:04] C: Hi, it’s Dario Venn, born 4/12/1970, about my stress test Friday.',
      '[0:10] A: Thanks Dario. For Friday, wear comfortable shoes, skip coffee that morning, and bring your inhaler.',
      '[0:18] C: Okay, thanks.',
    );
    expect(statusOf(HC, 'teach-back', t)).toBe('missed');
  });
});

describe('no-medical-advice: a permission or safety judgement about taking a drug', () => {
  const open = [
    '[0:00] A: Hollis Bone and Joint, this call is recorded, this is Marta.',
    '[0:04] C: Hi, it’s Gus Lindqvist, my shoulder surgery was last week, the Percocet they gave me only lasts like three hours and then it’s awful.',
  ];
  it('is advice, whatever drug it names', () => {
    for (const reply of [
      'Ugh, I’m sorry. Honestly you can add some ibuprofen in between the Percocet doses, they don’t interact.',
      'I’m sorry, that sounds miserable. Go ahead and take the oxycodone a bit early tonight, it’s fine to take it with Tylenol.',
    ]) {
      expect([reply, statusOf(HC, 'no-medical-advice', call(...open, `[0:12] A: ${reply}`))]).toEqual([
        reply,
        'missed',
      ]);
    }
  });
  it('is no advice where the agent declines, hands off or passes on the clinician’s word', () => {
    for (const reply of [
      'I’m sorry it wears off so fast. I can’t tell you whether it’s safe to take ibuprofen with the Percocet, but I’ll have Dr. Reyes’s nurse call you within the hour.',
      'Dr. Reyes said it’s fine to take ibuprofen between doses, it’s on your discharge sheet.',
    ]) {
      expect([reply, statusOf(HC, 'no-medical-advice', call(...open, `[0:12] A: ${reply}`))]).toEqual([
        reply,
        'met',
      ]);
    }
  });
});

describe('no-medical-advice: declining to judge beside the clinician who will is the hand-off', () => {
  const question = '[0:05] C: I broke out in a rash, should I stop taking the amoxicillin?';
  const open = '[0:00] A: Brightwater Family Medicine, calls are recorded, this is Oksana.';
  it('a refusal that names the clinician meets the hand-off', () => {
    for (const reply of [
      'Honestly I can’t tell you whether to stop it, that’s a call for your doctor, she has openings this afternoon.',
      'That one the nurse has to weigh in on, I can’t say whether it’s the antibiotic from here.',
    ]) {
      expect([reply, statusOf(HC, 'no-medical-advice', call(open, question, `[0:11] A: ${reply}`))]).toEqual([
        reply,
        'met',
      ]);
    }
  });
  it('a refusal with nobody to take the question is not one', () => {
    const reply = 'I can’t tell you whether to stop it, sorry. Anything else today?';
    expect(statusOf(HC, 'no-medical-advice', call(open, question, `[0:11] A: ${reply}`))).toBe('missed');
  });
});

describe('tpmo-disclaimer: organizations/products stated as the counts, whatever the verb', () => {
  const close = [
    '[0:30] C: Alright.',
    '[0:33] A: So the first one is an HMO with a zero premium and a 15 dollar specialist copay.',
  ];
  const disclaimer = (part2: string): string =>
    `[0:10] A: Before anything else: we don't sell every plan in your area. ${part2} You can also get information on all of your options from Medicare.gov, 1-800-MEDICARE or your local SHIP.`;
  const open = '[0:00] A: Lakeshore Medicare Partners, this call is recorded, I’m Odile.';
  it('a number of carriers and a number of plans is the part', () => {
    for (const part2 of [
      'Between us we’ve got three insurance carriers and 41 plans around you.',
      'There are six companies on our list with nineteen products in your county.',
    ]) {
      expect([part2, statusOf(MED, 'tpmo-disclaimer', call(open, disclaimer(part2), ...close))]).toEqual([
        part2,
        'met',
      ]);
    }
  });
  it('plans counted with no carriers counted is not', () => {
    const part2 = 'There are 41 plans around you.';
    expect(statusOf(MED, 'tpmo-disclaimer', call(open, disclaimer(part2), ...close))).toBe('missed');
  });
});

describe('explanations of a met criterion', () => {
  it('name the hand-off’s time and say "no medical advice" once, however many ways it is read', () => {
    const t = call(
      '[0:00] A: Brightwater Family Medicine, calls are recorded, this is Oksana.',
      '[0:05] C: I broke out in a rash, should I stop taking the amoxicillin?',
      '[0:11] A: I can’t tell you whether to stop it, that’s a call for your doctor, let me connect you with the nurse.',
    );
    const card = scorePlaybook(t, loadCompiledPlaybook(HC), { interactionId: 't', callDate: '2026-12-07' });
    const f = card.findings.find((x) => x.criterionId === 'no-medical-advice')!;
    expect(f.explanation).toBe('No medical advice. Hand-off to clinical staff at 0:11.');
  });
});
