import { writtenCall as call } from '../testing/escalation-calls';
import { createEscalationMonitor, detectEscalations } from './index';

/**
 * Escalations v2: acuity, the new categories and the severity grades. Every phrasing here was
 * written for this file and is not in the tuning data (ACI-Bench, STAR) or in cases.ts.
 */

function raised(...turns: string[]): string[] {
  return detectEscalations(call(...turns)).map((e) => `${e.type}:${e.signal}:${e.severity}`);
}

describe('acuity: the same condition, current or not', () => {
  it.each([
    ['current', ['my chest has been hurting badly for the last twenty minutes']],
    ['current, third party', ['my wife is having a heart attack, she is grey and sweating']],
    ['current, asked about now', ['Agent: Is the pain in your chest happening right now?', 'yes it is']],
    ['current despite an old one', ['I had a stroke in 2015 and now my face is drooping again']],
    // A negated clause before does not reach across a cue that names its own subject.
    ['current, after a negated clause', ["my son won't talk to me, he's not moving"]],
    [
      'current, after a negated clause with a list',
      ["grandpa isn't answering, he's not breathing and he's blue"],
    ],
  ])('raises when %s', (_label, turns) => {
    expect(raised(...turns).some((r) => r.startsWith('medical_emergency'))).toBe(true);
  });

  it.each([
    ['past', ['back in March I had really bad chest pain, they did a stent and it has been fine since']],
    ['past, resolved', ['I was short of breath on Sunday but it went away after an hour']],
    ['family history', ['my grandfather had a heart attack when he was sixty']],
    ['family, past', ['my sister had a seizure as a teenager']],
    ['negated', ['I am not having any chest pain at all']],
    ['negated list', ['patient denies fever, night sweats, palpitations, chest pain or shortness of breath']],
    ['negated list, spoken', ['no headaches, no dizziness, chest pain, nothing like that']],
    ['negated, subject before the negator', ["she's not unconscious, just very sleepy after the surgery"]],
    ['denial in answer', ['Agent: Have you had any chest pain or trouble breathing?', 'no']],
    ['hedged denial in answer', ['Agent: Any shortness of breath or chest pain lately?', 'not really']],
    [
      'symptom review answered yes',
      ['Agent: Do you ever get chest pain when you exercise?', 'yeah sometimes'],
    ],
    ['hypothetical', ['what should I do if my chest starts hurting on the plane?']],
    ['hypothetical, modal', ['if I take all of those at once I might overdose']],
    ['question about a known complaint', ['could the new inhaler be causing my shortness of breath?']],
    ['chronic, exertional', ['I get winded and short of breath whenever I walk up the hill to the bus']],
    [
      'chronic, long-standing',
      ['my feet have been numb and tingling on the left side for a couple of years'],
    ],
    ['chronic, posture', ['my right hand goes numb after I lie on it at night']],
    ['mild, no onset', ["I'm a wee bit wheezy and slightly short of breath these days"]],
    ['negated after the finding', ['there was some pressure in my chest earlier, but not right now']],
    ['care already received', ['I collapsed at work and the paramedics took me in']],
    ['generic you', ['you get chest pain and you think the worst, you know']],
    ['treatment response', ["the pills didn't respond well for me, so we stopped them"]],
  ])('stays quiet when %s', (_label, turns) => {
    expect(raised(...turns)).toEqual([]);
  });
});

describe('new categories', () => {
  it.each([
    ['I keep having thoughts of not wanting to be alive'],
    ['honestly I just want it all to end'],
    ['I never want to wake up again'],
    ['some days I wish I could just disappear for good and not exist'],
  ])('passive ideation is a crisis: %s', (line) => {
    expect(raised(line)).toEqual(['mental_health_crisis:passive-ideation:high']);
  });

  it('intent with means: stockpiled pills are critical', () => {
    expect(raised("I've been stockpiling my sleeping pills for weeks")).toEqual([
      'mental_health_crisis:intent-with-means:critical',
    ]);
  });

  it('passive ideation followed by a time for it turns critical', () => {
    const found = detectEscalations(
      call('some nights I wish I would not wake up', 'Agent: Okay, I hear you.', "and tonight's the night"),
    );
    expect(found.map((e) => [e.signal, e.severity, e.utterance])).toEqual([
      ['passive-ideation', 'high', 0],
      ['intent-with-means', 'critical', 2],
    ]);
  });

  it.each([
    ["a third party's past attempt", 'my cousin tried to kill himself twice when he was younger'],
    [
      "the caller's resolved past attempt",
      'I attempted suicide in my twenties, but I got help and I am safe now',
    ],
    ['fear of dying is not a wish to die', 'the pain was so bad I honestly thought I was going to die'],
    ['itching is not self-harm', 'the rash itches so much I keep scratching myself raw'],
  ])('no crisis: %s', (_label, line) => {
    expect(raised(line)).toEqual([]);
  });

  it('"taking a lot of" a medicine is use, not an overdose', () => {
    expect(raised("we've been taking a lot of ibuprofen for his teeth")).toEqual([]);
  });

  it('"dumb it down" is not an insult', () => {
    expect(raised('sorry, could you dumb it down for me a little?')).toEqual([]);
  });

  it('saving pills for a trip is not means', () => {
    expect(raised('I am saving up my pills for the trip to my daughter next month')).toEqual([]);
  });

  it('an intentional overdose raises both an emergency and a crisis', () => {
    const types = raised('I swallowed a whole bottle of my sleeping pills on purpose');
    expect(types).toContain('medical_emergency:overdose:critical');
    expect(types).toContain('mental_health_crisis:intentional-overdose:critical');
  });

  it('an accidental overdose is an emergency only', () => {
    expect(raised('oh no, I took twelve of the blood pressure tablets by mistake')).toEqual([
      'medical_emergency:overdose:critical',
    ]);
  });

  it('"I took all my pills" is adherence', () => {
    expect(raised('yes I took all my pills this morning like you told me')).toEqual([]);
    expect(raised('I took all of my tablets with breakfast')).toEqual([]);
  });

  it.each([
    ["I'm soaking through a pad every hour since the procedure"],
    ['he is hemorrhaging from the cut on his leg'],
    ["the wound is bleeding heavily and won't clot"],
  ])('heavy bleeding is an emergency: %s', (line) => {
    expect(raised(line)[0]).toMatch(/^medical_emergency:severe-bleeding:/);
  });

  it('heavy periods are not an emergency', () => {
    expect(raised("I've always had heavy bleeding with my periods")).toEqual([]);
  });

  it.each([
    ["you're a complete moron"],
    ['you people are liars and crooks'],
    ['shut up and listen, you clueless fool'],
  ])('an insult aimed at the agent is abusive_caller: %s', (line) => {
    expect(raised(line)).toEqual(['abusive_caller:insult:moderate']);
  });

  it.each([
    ['this billing system is a total joke'],
    ['ugh, this hold music is driving me up the wall'],
    ['can you transfer me to the fraud department'],
    ['I feel so stupid for losing my card'],
  ])('frustration at the situation is not: %s', (line) => {
    expect(raised(line)).toEqual([]);
  });

  it('a threat at the agent is critical', () => {
    expect(raised("I'm going to come down there and hurt you")).toEqual(['abusive_caller:threat:critical']);
  });
});

describe('severity grades', () => {
  it.each([
    ["he's not breathing and his lips are blue", 'critical'],
    ['crushing pain in my chest going down my left arm', 'critical'],
    ['my chest hurts', 'high'],
    ["my chest hurts and I can't breathe", 'critical'],
    ['my chest hurts a little bit right now', 'moderate'],
    ['I think I might have taken too many of my pain pills', 'high'],
    ["I'm going to kill myself tonight", 'critical'],
  ])('%s -> %s', (line, severity) => {
    const [e] = detectEscalations(call(line));
    expect(e?.severity).toBe(severity);
    expect(e?.reason).toMatch(new RegExp(`-> ${severity}$`));
  });
});

describe('live monitor and batch detection agree', () => {
  it('gives the same escalations turn by turn as over the finished call', () => {
    const turns = call(
      'Agent: Thanks for calling, how can I help?',
      'my husband had a stroke two years ago',
      'Agent: I see. How is he today?',
      'his face is drooping and he cannot lift his right arm',
      'Agent: Any chest pain?',
      'no',
      'Agent: Okay, let me check something.',
      'you useless idiot, hurry up',
      'and honestly I just want it all to end',
    );
    const monitor = createEscalationMonitor();
    const live = turns.flatMap((u) => monitor.push(u));
    expect(live).toEqual(detectEscalations(turns));
    expect(live.map((e) => e.type)).toEqual(['medical_emergency', 'abusive_caller', 'mental_health_crisis']);
  });
});
