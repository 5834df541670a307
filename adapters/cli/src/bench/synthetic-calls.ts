import type { Transcript, Utterance } from '@teachback/core';

/**
 * Deterministic synthetic contact-center calls for benchmarks: ~150 utterances over ~10 minutes,
 * mixing routine talk with the moments playbooks look for. Made-up people only.
 */
/** The moments playbooks look for, in the order a well-run call has them. */
const KEY_MOMENTS: Array<[speaker: 'agent' | 'customer', text: string]> = [
  ['agent', 'thank you for calling riverbend health this call may be recorded for quality and training'],
  ['customer', 'hi yes i am calling about my lab results from last week'],
  ['agent', 'i can help with that can i have your full name please'],
  ['customer', 'sure it is jordan testperson'],
  ['agent', 'and can you confirm your date of birth for me'],
  ['customer', 'it is march fourth nineteen seventy one'],
  ['agent', 'thank you i see your lab results came back and the doctor would like to go over them with you'],
  ['customer', "i'm really worried because nobody called me back"],
  ['agent', "i'm sorry to hear that i can hear how worried you are"],
  ['customer', 'should i stop taking my metformin before the test'],
  ['agent', "i'm not able to give medical advice but i can transfer you to our nurse line"],
  ['agent', 'please bring your insurance card and a list of your current medications'],
  ['agent', 'just to make sure i explained it clearly can you tell me what you will bring'],
  ['customer', 'my insurance card and my list of medications'],
];
/** Routine talk that fills most of a real call. */
const ROUTINE_AGENT = [
  'let me pull that up for you it will just take a moment',
  'okay i am looking at the schedule for next week now',
  'we have openings on {day} morning and {day} afternoon',
  'the clinic on {street} street is open until five thirty',
  'i can send that form to the email address you gave us',
  'one moment please the system is a little slow today',
  'alright i have made a note on the account for the team',
  'is there a good number for the office to reach you at',
  'okay that is all set you should get a text confirmation',
  'the parking garage is on the left side of the building',
  'would you like me to mail a paper copy as well',
  'i will stay on the line while the page loads',
];
const ROUTINE_CUSTOMER = [
  'okay that sounds good thank you',
  '{day} works better for me if that is possible',
  'um can you repeat the time please',
  'i think my daughter {name} usually drives me there',
  'yeah the {street} street office is closer to my house',
  'no that is fine i can wait',
  'sorry my phone cut out for a second',
  'do i need to check in at the front desk',
  'i have the letter right here in front of me',
  'my {name} said the office moved last year',
];
const FILL = {
  day: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  street: ['maple', 'oak', 'harbor', 'mill', 'cedar', 'lakeview', 'summit'],
  name: ['alex', 'sam', 'casey', 'riley', 'morgan', 'jamie', 'taylor', 'quinn'],
};
const FILLER = ['um', 'uh', 'okay', 'right', 'so', 'yeah', 'alright'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCall(seed: number, utterances = 150, durationMs = 600_000): Transcript {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const step = Math.floor(durationMs / utterances);
  // Spread the key moments through the call; routine talk fills the rest.
  const keyAt = new Map<number, number>();
  KEY_MOMENTS.forEach((_, k) =>
    keyAt.set(k === 0 ? 0 : Math.floor(((k + r() * 0.5) * utterances) / (KEY_MOMENTS.length + 1)), k),
  );
  const out: Utterance[] = [];
  for (let i = 0; i < utterances; i++) {
    const key = keyAt.get(i);
    let speaker: 'agent' | 'customer';
    let text: string;
    if (key !== undefined) [speaker, text] = KEY_MOMENTS[key]!;
    else {
      speaker = i % 2 === 0 ? 'agent' : 'customer';
      text = pick(speaker === 'agent' ? ROUTINE_AGENT : ROUTINE_CUSTOMER).replace(
        /\{(day|street|name)\}/g,
        (_, k: keyof typeof FILL) => pick(FILL[k]),
      );
    }
    if (r() < 0.3) text = `${pick(FILLER)} ${text}`;
    const startMs = i * step;
    out.push({ speaker, startMs, endMs: startMs + step - 200, text, confidence: 0.85 + r() * 0.15 });
  }
  return { utterances: out, source: 'asr' };
}
