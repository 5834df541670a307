import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Utterance } from '../model/transcript';
import { loadEscalationModel, type EscalationModel } from './classifier';
import { detectEscalations } from './index';
import { crisisMeans, protocolGrade } from './severity';

/**
 * Round 9: severity follows a stated triage protocol, and crisis screening answers. Every phrasing
 * here was written for this file; none is in the training sources or the held-out sets.
 */
const model: EscalationModel = loadEscalationModel(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation.json'), 'utf8')),
);

function call(...turns: string[]): Utterance[] {
  return turns.map((line, i) => ({
    speaker: line.startsWith('A: ') ? 'agent' : 'customer',
    text: line.replace(/^[AC]: /, ''),
    startMs: i * 5000,
    endMs: i * 5000 + 4000,
  }));
}

describe('protocolGrade (medical)', () => {
  it.each([
    [
      'chest-pain',
      'this ache behind my breastbone started an hour ago and my shirt is soaked with sweat',
      'critical',
    ],
    ['chest-pain', 'my chest hurts since breakfast and it goes up into my jaw', 'critical'],
    ['chest-pain', 'my chest has been hurting since breakfast, it is sore when i press on it', 'high'],
    ['breathing', 'his lips are looking kind of purple and he is wheezing hard', 'critical'],
    ['breathing', 'i am wheezing since the fire drill but i can walk around okay', 'high'],
    ['severe-bleeding', 'the cut on his thigh is still coming through the dish towel', 'critical'],
    ['severe-bleeding', 'the cut on his thigh is bleeding through the bandage', 'high'],
    ['serious-injury', 'she banged her head on the counter and she keeps asking the same thing', 'critical'],
    ['serious-injury', 'grandpa slipped on the porch step and his wrist looks bent', 'high'],
    ['stroke-signs', 'his smile is lopsided all of a sudden', 'critical'],
    // Round 10: a caustic or a poison swallowed, with a quantity before it.
    ['poisoning', 'my nephew gulped a mouthful of the oven cleaner, he is drooling', 'critical'],
    ['breathing', 'she drank a little of the lamp oil and now she is coughing', 'critical'],
    ['breathing', 'she drank half of the cough syrup and now she is coughing', 'high'],
    // Round 12: anaphylaxis is two systems at once (swelling of the lips, tongue, face or eyes, or
    // hives all over, with the airway); either alone is not.
    [
      'breathing',
      'his eyelids are ballooning since he ate the kiwi and he is whistling when he breathes',
      'critical',
    ],
    ['breathing', 'she has hives all over and she sounds hoarse', 'critical'],
    ['breathing', 'his lips are getting bigger since the almond cake', 'high'],
    ['breathing', 'she is wheezing after the cat came in, no swelling of her lips or face', 'high'],
    // Round 12: a guess about the amount lowers an overdose only when nobody shows a danger sign.
    [
      'poisoning',
      'i think he might have chewed some of her water pills, he is fine and running around',
      'high',
    ],
    ['poisoning', 'i think he might have chewed some of her water pills and now he is so floppy', 'critical'],
  ])('%s: "%s" -> %s', (signal, turn, want) => {
    expect(protocolGrade(signal, turn).severity).toBe(want);
  });

  it('a negated danger sign does not count; a mild word without one lowers the grade', () => {
    expect(
      protocolGrade('chest-pain', 'there is a pressure in my chest, no sweating, no arm pain').severity,
    ).toBe('high');
    expect(protocolGrade('chest-pain', 'just a little twinge in my chest right now').severity).toBe(
      'moderate',
    );
    // A mild word does not soften a danger sign.
    expect(protocolGrade('breathing', 'her lips are sort of gray and she is breathing funny').severity).toBe(
      'critical',
    );
  });
});

describe('crisisMeans', () => {
  it.each([
    ['i took like forty of my gabapentin and want to sleep forever', 'took like forty'],
    ['i looked up how much tylenol it takes', 'looked up how'],
    ['there is a rope in the shed and i know which beam', 'a rope'],
  ])('"%s" states means', (turn, sign) => {
    expect(crisisMeans(turn)).toBe(sign);
  });
  it('a wish to be dead without means has none', () => {
    expect(crisisMeans('some days i wish i could just not wake up')).toBeUndefined();
  });
});

describe('severity with the learned classifier', () => {
  it('chest pain said in passing with a danger sign is critical', () => {
    const found = detectEscalations(
      call(
        'A: Enrollment desk, this is Marguerite.',
        "C: I'm calling about my plan options, but my chest has been squeezing for forty minutes and my left arm feels heavy.",
      ),
      { model },
    );
    expect(found.find((e) => e.type === 'medical_emergency')?.severity).toBe('critical');
  });

  it('a counted dose with a wish not to wake is a critical crisis', () => {
    const found = detectEscalations(
      call(
        'A: Pharmacy line, how can I help?',
        'C: I took about forty of my quetiapine a little while ago, I just wanted to sleep and not wake up.',
      ),
      { model },
    );
    expect(found.find((e) => e.type === 'mental_health_crisis')?.severity).toBe('critical');
  });
});

describe('crisis screening answers', () => {
  it('a yes to a wish-to-be-dead question is a crisis, with or without the model', () => {
    const turns = call(
      'A: In the last couple of weeks, have you been wishing you were dead?',
      'C: ...yeah. Most evenings, honestly.',
    );
    for (const opts of [{}, { model }])
      expect(detectEscalations(turns, opts).map((e) => e.type)).toContain('mental_health_crisis');
  });

  it('a yes that confirms a negated question is not', () => {
    const turns = call(
      "A: So you're not having thoughts of ending your life, I just want to double-check.",
      'C: Mm, yes, right.',
    );
    for (const opts of [{}, { model }]) expect(detectEscalations(turns, opts)).toEqual([]);
  });
});
