import type { EscalationType } from '../model/escalation';
import { detectEscalations } from './index';

// Generated combinations: each statement with different openings and endings, in written and
// ASR form; and everyday healthcare lines built from medicines, relatives and conditions.
const say = (text: string) => detectEscalations([{ speaker: 'customer', startMs: 0, endMs: null, text }]);

const OPENINGS = [
  '',
  'Hi, ',
  'Please help, ',
  'Um, ',
  'Sorry, ',
  "I don't know what to do, ",
  'Oh my god, ',
  'Listen, ',
];
const ENDINGS = [
  '',
  '.',
  ' right now.',
  ' please hurry.',
  ' what do I do?',
  " and I'm scared.",
  " and it's getting worse.",
];
const STATEMENTS: readonly [EscalationType, string][] = [
  ['medical_emergency', "I'm having chest pain"],
  ['medical_emergency', 'I have crushing chest pressure'],
  ['medical_emergency', "I can't catch my breath"],
  ['medical_emergency', 'my baby stopped breathing'],
  ['medical_emergency', "my dad's face is drooping"],
  ['medical_emergency', 'I think he is having a stroke'],
  ['medical_emergency', "the bleeding won't stop"],
  ['medical_emergency', 'my son took a bottle of pills'],
  ['medical_emergency', 'she overdosed'],
  ['medical_emergency', "he's unconscious"],
  ['medical_emergency', "he passed out and isn't responding"],
  ['mental_health_crisis', "I'm going to kill myself"],
  ['mental_health_crisis', "I don't want to live anymore"],
  ['mental_health_crisis', "I'm thinking about ending my life"],
  ['mental_health_crisis', "I'm suicidal"],
  ['mental_health_crisis', "I've been cutting myself"],
  ['mental_health_crisis', 'everyone would be better off without me'],
  ['abusive_caller', "I'm going to kill you"],
  ['abusive_caller', 'I know where you live'],
];

const MEDS = [
  'lisinopril',
  'my insulin',
  'my inhaler',
  'warfarin',
  'my pain pills',
  'my antidepressant',
  'nitroglycerin',
  'tylenol',
  'my sleeping pills',
  'my seizure medication',
];
const MED_LINES = [
  (m: string) => `I need a refill of ${m}.`,
  (m: string) => `I ran out of ${m} yesterday.`,
  (m: string) => `How many of ${m} can I take in a day?`,
  (m: string) => `I missed a dose of ${m} this morning, should I take two?`,
  (m: string) => `I accidentally took ${m} twice today, is that dangerous?`,
  (m: string) => `Does ${m} cause weight gain?`,
];
const PEOPLE = ['my mom', 'my dad', 'my husband', 'my daughter'];
const CONDITIONS = ['high blood pressure', 'asthma', 'COPD', 'depression', 'a heart condition', 'epilepsy'];
const PEOPLE_LINES = [
  (p: string, c: string) => `${p} has ${c} and needs an appointment.`,
  (p: string) => `${p} had a stroke in 2020 and needs physical therapy.`,
  (p: string) => `${p} had a heart attack a few years ago.`,
  (p: string) => `${p} passed away last month and I need to close the account.`,
  (p: string) => `${p} gets short of breath when climbing stairs.`,
  (p: string) => `${p} has chest pain sometimes when exercising, the cardiologist knows.`,
  (p: string) => `${p} had a seizure last year and can't drive.`,
  (p: string, c: string) => `${p} is worried about having a stroke because of ${c}.`,
  (p: string) => `${p} was in the ER last night for chest pain and they sent them home.`,
];

const SYMPTOMS = [
  'chest pain',
  'trouble breathing',
  'shortness of breath',
  'a heart attack',
  'a stroke',
  'a seizure',
  'slurred speech',
  'numbness on one side',
  'heavy bleeding',
  'an overdose',
  'suicidal thoughts',
  'thoughts of hurting myself',
  'thoughts of killing myself',
];
const NOT_NOW = [
  (s: string) => `I don't have ${s}.`,
  (s: string) => `No ${s}.`,
  (s: string) => `I'm not having ${s}.`,
  (s: string) => `I've never had ${s}.`,
  (s: string) => `I haven't had any ${s}.`,
  (s: string) => `I do not have any ${s} or anything like that.`,
  (s: string) => `No, I don't have ${s}.`,
  (s: string) => `I had ${s} back in 2015.`,
  (s: string) => `My dad had ${s} years ago.`,
  (s: string) => `My mother had ${s} last year but she's fine now.`,
  (s: string) => `I had ${s} when I was a teenager.`,
  (s: string) => `She has a history of ${s}.`,
  (s: string) => `I used to have ${s}.`,
  (s: string) => `What are the symptoms of ${s}?`,
  (s: string) => `How do I know if someone has ${s}?`,
  (s: string) => `Can this medication cause ${s}?`,
  (s: string) => `Is ${s} a side effect?`,
  (s: string) => `What should I do if I ever have ${s}?`,
  (s: string) => `Does my plan cover treatment for ${s}?`,
  (s: string) => `What is the risk of ${s} with this drug?`,
];

const RELATIVES = ['my mom', 'my husband', 'my son', 'my grandma', 'my roommate', 'my baby'];
const RELATIVE_NOW = [
  (r: string) => `${r} is having a stroke`,
  (r: string) => `${r} isn't breathing`,
  (r: string) => `${r} collapsed`,
  (r: string) => `${r} won't wake up`,
  (r: string) => `${r} took a whole bottle of pills`,
  (r: string) => `${r} is talking about killing himself`,
  (r: string) => `${r}'s face is drooping`,
  (r: string) => `${r} is choking`,
];
const RELATIVE_PAST = [
  (r: string) => `${r} had a stroke in 2018`,
  (r: string) => `${r} died of a heart attack`,
  (r: string) => `${r} overdosed two years ago and is in recovery now`,
  (r: string) => `${r} used to cut herself`,
  (r: string) => `${r} tried to kill himself in college`,
  (r: string) => `${r} was unconscious for a day after the accident in 2019`,
  (r: string) => `${r} has a history of strokes`,
  (r: string) => `${r} gets chest pain sometimes when he exercises`,
];
const TRIVIAL_CAUSES = [
  'this bill',
  'the hold music',
  'your company',
  'this wait',
  'the paperwork',
  'my boss',
  'my job',
  'the traffic',
];
const FIGURES = [
  (s: string) => `${s} is killing me`,
  (s: string) => `${s} is going to kill me`,
  (s: string) => `${s} will be the death of me`,
  (s: string) => `${s} almost gave me a heart attack`,
  (s: string) => `${s} makes me want to die`,
  (s: string) => `${s} makes me want to kill myself`,
  (s: string) => `${s} is going to give me a stroke`,
  (s: string) => `I could strangle ${s}`,
];

describe('generated combinations', () => {
  it('catches each statement with any opening and ending, written or recognised', () => {
    const missed: string[] = [];
    for (const [type, statement] of STATEMENTS) {
      for (const opening of OPENINGS) {
        for (const ending of ENDINGS) {
          const written = opening + statement + ending;
          for (const text of [written, written.toLowerCase().replace(/[.,?!']/g, '')]) {
            if (!say(text).some((e) => e.type === type)) missed.push(text);
          }
        }
      }
    }
    expect(missed).toEqual([]);
  });

  it('stays quiet when any symptom is negated, history or asked about in general', () => {
    const fired: string[] = [];
    for (const symptom of SYMPTOMS) {
      for (const f of NOT_NOW) {
        const written = f(symptom);
        for (const text of [written, written.toLowerCase().replace(/[.,?!']/g, '')]) {
          if (say(text).length > 0) fired.push(text);
        }
      }
    }
    expect(fired).toEqual([]);
  });

  it("catches a relative's emergency now and ignores their history", () => {
    const missed: string[] = [];
    const fired: string[] = [];
    for (const r of RELATIVES) {
      for (const f of RELATIVE_NOW)
        for (const text of [f(r), f(r).toLowerCase().replace(/'/g, '')])
          if (say(text).length === 0) missed.push(text);
      for (const f of RELATIVE_PAST)
        for (const text of [f(r), f(r).toLowerCase().replace(/'/g, '')])
          if (say(text).length > 0) fired.push(text);
    }
    expect(missed).toEqual([]);
    expect(fired).toEqual([]);
  });

  it('stays quiet on hyperbole about trivial things', () => {
    const fired: string[] = [];
    for (const cause of TRIVIAL_CAUSES) {
      for (const f of FIGURES)
        for (const text of [f(cause), f(cause).toLowerCase()]) if (say(text).length > 0) fired.push(text);
    }
    expect(fired).toEqual([]);
  });

  it('stays quiet on everyday lines about medicines, relatives and conditions', () => {
    const fired: string[] = [];
    const lines = [
      ...MEDS.flatMap((m) => MED_LINES.map((f) => f(m))),
      ...PEOPLE.flatMap((p) => CONDITIONS.flatMap((c) => PEOPLE_LINES.map((f) => f(p, c)))),
    ];
    for (const text of lines) if (say(text).length > 0) fired.push(text);
    expect(lines.length).toBeGreaterThan(200);
    expect(fired).toEqual([]);
  });
});
