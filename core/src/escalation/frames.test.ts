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

describe('frames, round 7: the strict forms', () => {
  it('reads an insult predicated of "you", not one disclaimed or aimed at the company', () => {
    expect(frames('you are truly the dimmest halfwit on this line')).toContain('you-insult-direct');
    expect(frames('Are you stupid or just slow?')).toContain('you-insult-direct');
    expect(frames("I'm not calling you a liar, the letter is just wrong")).not.toContain('you-insult-direct');
    expect(frames('you guys are clueless about your own billing')).not.toContain('you-insult-direct');
    expect(frames('Can you dumb it down for me?')).not.toContain('you-insult-direct');
  });

  it('reads a threat with a menace, not an idiom with a violent verb or thanks', () => {
    expect(frames("I know where you park. I'll be waiting by the lot when you get off")).toContain(
      'threat-direct',
    );
    expect(frames('Keep it up and you will be really sorry')).toContain('threat-direct');
    expect(frames("I'm going to break your face")).toContain('threat-direct');
    expect(frames("I'll shoot you a fax tomorrow")).not.toContain('threat-direct');
    expect(frames("I'll beat you to it, I'll call them myself")).not.toContain('threat-direct');
    expect(frames('I will find it, thank you')).not.toContain('threat-direct');
  });

  it("reads a wish not to exist said of oneself, not a wish to live, a hyperbole or someone else's", () => {
    expect(frames('Most nights I pray God takes me before morning')).toContain('wish-self');
    expect(frames('I wish I could just disappear and never come back')).toContain('wish-self');
    expect(frames('ya no quiero vivir, honestly')).toContain('wish-self');
    expect(frames("I hope I don't die before they fix my hip")).not.toContain('wish-self');
    expect(frames("I'd rather die than sit through another webinar")).not.toContain('wish-self');
    expect(frames("I don't want to live in this town anymore")).not.toContain('wish-self');
    expect(frames('No plans to hurt myself and no wish to die, just tired')).not.toContain('wish-self');
    expect(frames('My sister texted that she wants to disappear')).not.toContain('wish-self');
    expect(frames('I used to wish I was dead, back in college')).not.toContain('wish-self');
  });

  it('reads means with a specific plan said of oneself, and means put out of reach', () => {
    expect(frames("I've got the rope in the garage and I've decided it's tomorrow")).toContain('intent-self');
    expect(frames('I swallowed my whole prescription because I wanted it to stop')).toContain('intent-self');
    expect(frames("I'm going to flush all my old pills tonight")).toContain('means-removed');
    expect(frames("I'm going to flush all my old pills tonight")).not.toContain('means-plan-time');
    expect(frames("I'm taking my old pain pills back to the pharmacy drop box tonight")).not.toContain(
      'intent-self',
    );
    expect(frames('I am going to pick up my pills today')).not.toContain('intent-self');
  });

  it('reads a triage red-flag pair, not a denied finding or one finding alone', () => {
    expect(frames('my dad banged his head on the curb and now he is throwing up and confused')).toContain(
      'red-flag',
    );
    expect(frames("she's thirty weeks pregnant and bleeding a lot")).toContain('red-flag');
    expect(frames('my toddler chewed a button battery')).toContain('red-flag');
    expect(frames('no chest pain but I get sweaty at the gym')).not.toContain('red-flag');
    expect(frames('my chest is fine, I need a refill')).not.toContain('red-flag');
  });
});

describe("frames: round 8, someone else's stated intent", () => {
  it('reads a relative reported to say they will harm themselves now', () => {
    expect(frames('My cousin just messaged that she is going to swallow all her lithium tonight')).toContain(
      'intent-other',
    );
    expect(frames("my stepdad keeps saying he's gonna shoot himself, he's got the rifle out")).toContain(
      'intent-other',
    );
    expect(frames('Our son is threatening to jump off the overpass by the school')).toContain('intent-other');
  });

  it('leaves out a past, negated, conditional or harmless report', () => {
    expect(frames('My aunt said she was going to kill herself years ago, she is fine now')).not.toContain(
      'intent-other',
    );
    expect(frames("He promised me he's not going to hurt himself")).not.toContain('intent-other');
    expect(frames('What do I say if my brother tells me he is going to kill himself?')).not.toContain(
      'intent-other',
    );
    expect(frames('Grandma says she is going to take all her vitamins with dinner')).not.toContain(
      'intent-other',
    );
    expect(frames('My wife says she is going to kill me if I forget the cake')).not.toContain('intent-other');
  });
});

describe('frames, round 10: acuity inside the frame', () => {
  it('reads BE-FAST signs said now, not a residual deficit, a denial or a question', () => {
    expect(
      frames('his smile went lopsided and he keeps dropping things, it began a few minutes ago'),
    ).toContain('stroke-fast');
    expect(
      frames('since the surgery her left hand is numb and her words come out wrong sometimes'),
    ).not.toContain('stroke-fast');
    expect(frames('no numbness in his face and his speech is normal')).not.toContain('stroke-fast');
    expect(frames('if her face starts drooping what should I do')).not.toContain('stroke-fast');
  });

  it('reads a red flag as happening now only with an onset or a now-marker and no history', () => {
    expect(frames('my dad has had pain in his chest for about forty minutes and he is clammy')).toContain(
      'red-flag-now',
    );
    expect(frames('years ago he had pain in his chest and was clammy, it was his gallbladder')).not.toContain(
      'red-flag-now',
    );
  });

  it('pairs a low sugar reading with a changed mind, not with a number of minutes or units', () => {
    expect(frames('her glucose reads 36 right now and she is combative')).toContain('red-flag-now');
    expect(
      frames('i checked my sugar 30 minutes ago and i am confused about the insulin dose'),
    ).not.toContain('red-flag');
  });

  it('reads a veiled threat with the caller as agent, not a warning about a hazard', () => {
    expect(
      frames("unless my check clears by tomorrow somebody is gonna get hurt, that's a promise"),
    ).toContain('threat-veiled');
    expect(frames("your parking lot is so icy someone is going to get hurt, I'm not joking")).not.toContain(
      'threat-veiled',
    );
    expect(frames("I'm driving to your office Monday to sign the papers")).not.toContain('threat-veiled');
  });

  it('reads fresh self-injury with a sign it was deliberate, not an accident or old scars', () => {
    expect(frames('he has fresh cuts up his forearm again, he hides them under his hoodie')).toContain(
      'self-harm-fresh',
    );
    expect(frames('there are new scratches on her arm from the cat, she is fine')).not.toContain(
      'self-harm-fresh',
    );
    expect(frames('she used to cut herself, the marks on her wrist are old')).not.toContain(
      'self-harm-fresh',
    );
  });
});

describe('frames, round 11: preparation, purpose, found injuries, sudden confusion', () => {
  it('reads lethal means got ready with a farewell as intent, not either alone', () => {
    expect(frames("I've loaded my dad's revolver and written a goodbye letter to my wife")).toContain(
      'intent-self',
    );
    expect(frames('i bought a rifle for deer season, can you update my address')).not.toContain(
      'intent-self',
    );
    expect(frames('I wrote my grandson a letter for his birthday')).not.toContain('intent-self');
    expect(frames('my brother bought a gun and left a note last spring')).not.toContain('intent-self');
  });

  it('reads an ingestion whose purpose is the next sentence, not a past one', () => {
    expect(frames('I took every one of my lorazepam. I wanted it all to be over.')).toContain('intent-self');
    expect(
      frames('Back in college I took a bottle of pills. I wanted it all to be over, it was a dark time.'),
    ).not.toContain('intent-self');
  });

  it('reads self-injury found now with a sign it was deliberate, not a kitchen burn', () => {
    expect(frames('I spotted fresh-looking cuts on his thigh this morning, he used a razor')).toContain(
      'self-harm-fresh',
    );
    expect(frames('I found burns on her hand today from the curling iron, an accident')).not.toContain(
      'self-harm-fresh',
    );
    // "year old" is an age, not old scars.
    expect(
      frames('my twelve year old showed me cuts on her arm tonight, she did it herself with scissors'),
    ).toContain('self-harm-fresh');
  });

  it('reads a person newly confused with an onset, not confusion about a thing or dementia', () => {
    expect(frames("since breakfast mum is disoriented, she doesn't know what day it is")).toContain(
      'confusion-acute',
    );
    expect(frames('the pharmacy mixed up my order since this morning')).not.toContain('confusion-acute');
    expect(frames("he's confused about the new insurance card since this morning")).not.toContain(
      'confusion-acute',
    );
    expect(frames('she has alzheimers and has been confused all day')).not.toContain('confusion-acute');
    expect(frames('he got confused for a few minutes last year after surgery')).not.toContain(
      'confusion-acute',
    );
  });
});

describe('frames, round 12: negated waking, force at "you", a limb out of shape', () => {
  it('reads a hope not to wake as a wish not to exist, whatever the negator, not a wish about a time', () => {
    expect(frames('some nights i lie awake hoping i will not wake up in the morning')).toContain('wish-self');
    expect(frames("i keep praying i won't ever wake up again")).toContain('wish-self');
    expect(frames("i hope i won't wake up with that rash again tomorrow")).not.toContain('wish-self');
    expect(frames("i don't want to wake up early tomorrow for the blood draw")).not.toContain('wish-self');
    expect(frames("when i was a teenager i hoped i won't wake up")).not.toContain('wish-self');
    // The wisher must be the one not waking, and the waking bare: not whom or how.
    expect(frames("i hope the neighbours won't wake me up again")).not.toContain('wish-self');
    expect(frames("i hope i won't wake my roommate when i get in")).not.toContain('wish-self');
    expect(frames("i'm hoping i won't wake up so stiff on the new mattress")).not.toContain('wish-self');
  });

  it('reads force that moves "you" into something hard as a threat, not a transfer or a walk-through', () => {
    expect(frames("i'll come to that clinic and slam you against the wall")).toContain('threat-direct');
    expect(frames("i'm going to push you off the balcony if this happens again")).toContain('threat-direct');
    expect(frames("i'll put you through to the desk, hold on")).not.toContain('threat-direct');
    expect(frames("i'll walk you through the door code when you arrive")).not.toContain('threat-direct');
    expect(frames("i'm going to throw the envelope out the window")).not.toContain('threat-direct');
  });

  it('reads a limb out of shape after a fall, now, as a red flag; not history, a question or a denial', () => {
    expect(frames('grandma just tripped on the rug and her ankle is pointing the wrong way')).toContain(
      'red-flag-now',
    );
    expect(frames('he fell off his bike a few minutes ago and his finger is at an odd angle')).toContain(
      'red-flag-now',
    );
    expect(frames('my elbow healed at an odd angle after i fell in 2015')).not.toContain('red-flag-now');
    expect(frames('what if she falls and her hip is turned the wrong way?')).not.toContain('red-flag-now');
    expect(frames("she slipped just now but her wrist isn't bent the wrong way")).not.toContain('red-flag');
  });
});

describe('frames, round 12: a red-flag finding denied by a contraction or said to be normal', () => {
  it('does not pair a finding negated with "isn\'t" or said to be fine just after it', () => {
    expect(frames('grandpa is short of breath right now and his lips look grey')).toContain('red-flag-now');
    expect(frames('my lips are dry since this morning but my breathing is perfectly fine')).not.toContain(
      'red-flag',
    );
    expect(frames("he isn't gasping now, his lips were blue for a second in the cold")).not.toContain(
      'red-flag',
    );
  });
});
