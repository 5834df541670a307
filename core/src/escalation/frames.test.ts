import { framesOf } from './frames';
import { normalise } from './text';

/** Frames of sentences written for this file (in no training source). */
function frames(text: string): string[] {
  return framesOf(normalise(text));
}

describe('frames: who the words are aimed at', () => {
  it('tells an insult at the agent from one at someone or something else', () => {
    expect(frames('Honestly you are the dimmest dunce of a rep I have met')).toContain('you-insult');
    expect(frames("Don't read me the script again, idiot, you hear me?")).toContain('you-insult');
    expect(frames('The locum last week was useless, she never even looked at my ear')).not.toContain(
      'you-insult',
    );
    expect(frames('This printer is garbage, not your fault')).not.toContain('you-insult');
  });

  it('finds a threat in a consequence for "you", and not in a promise to help', () => {
    expect(frames("I know which clinic you work at and I'll be outside it when you finish")).toContain(
      'threat',
    );
    expect(frames("Keep stalling and you'll regret it")).toContain('threat');
    expect(frames("I'll send you the forms by Friday")).not.toContain('threat');
  });
});

describe('frames: what a wish is for', () => {
  it('reads a wish not to exist, and a negated wish to live', () => {
    expect(frames('Most days I hope I just drift off and stay asleep')).toContain('wish-not-exist');
    expect(frames("I don't want to be alive for another winter like this")).toContain('wish-not-exist');
    expect(frames('Everyone at home would be fine without me')).toContain('burden');
    expect(frames("Some days there's no point in carrying on")).toContain('no-point');
  });

  it('does not read a wish about a symptom, a chore or a place as one', () => {
    expect(frames('I just want this headache gone before the wedding')).not.toContain('wish-not-exist');
    expect(frames("Honestly this is pointless, I'll call back Monday")).not.toContain('no-point');
  });

  it('joins means with a plan, and a time', () => {
    expect(frames("My husband's sleeping pills are in my bag and I'm going to take them tonight")).toContain(
      'means-plan-time',
    );
    expect(frames('I took a whole box of my paracetamol on purpose')).toContain('meant-ingestion');
    expect(frames('I take my pills with breakfast')).toEqual(
      expect.not.arrayContaining(['means-plan', 'means-plan-time']),
    );
  });
});

describe('frames: known limits (word classes, not meaning)', () => {
  // Written to find the edges: a superlative the insult class does not list, and a threat whose
  // only menace is "be there". Kept as they are so a later change that fixes them shows here.
  it('misses an insult said as an unlisted superlative, and a threat with no menacing word', () => {
    expect(frames('Honestly you are the thickest excuse for a rep I have met')).not.toContain('you-insult');
    expect(frames("I know which clinic you work at and I'll be there when you finish")).not.toContain(
      'threat',
    );
  });
});

describe('frames: who is affected and since when', () => {
  it('separates a current third party from a past one', () => {
    expect(frames("My grandson is burning up and he won't wake properly")).toContain('third-now');
    expect(frames('My aunt had a stroke in 2015, she recovered well')).toContain('third-past');
  });

  it('reads acute onset, remote time and resolution', () => {
    expect(frames('It started about twenty minutes ago')).toContain('onset-acute');
    expect(frames('That was back in college')).toContain('onset-remote');
    expect(frames('The cut healed, it is all good now')).toContain('resolved');
  });
});
