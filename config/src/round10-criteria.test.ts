import { createLiveSession } from '@teachback/core';
import { builtinActModel } from './acts';
import { saysEagerIdiom } from './idiom-reader';
import { medicationWords, namesMedication } from './medication-reader';
import { loadCompiledPlaybook } from './playbooks';
import { sentenceEmpathy } from './sentence-reader';
import { call, statusOf } from './testing/calls';

/**
 * The criteria changed in issue 14's tenth round, on wordings that are in neither the act corpus,
 * the playbooks' phrases nor the labelled calls. Synthetic people only.
 */

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('recording disclosure: about the call being recorded or monitored', () => {
  // The act model scores an opening of this shape as a disclosure (0.95): the rule reads the
  // recording words beside it.
  it('an agent returning the call is no disclosure', () => {
    const opening = 'Hi, this is Marisol with Tallgrass Senior Benefits returning your phone call.';
    expect(
      statusOf(MED, 'recording-disclosure', call(`[0:00] A: ${opening}`, '[0:05] C: Oh yes, hello.')),
    ).toBe('missed');
    expect(
      statusOf(HC, 'recording-disclosure', call(`[0:00] A: ${opening}`, '[0:05] C: Oh yes, hello.')),
    ).toBe('missed');
  });
  it('other call-back openings are none either', () => {
    for (const opening of [
      'Hello, Priscilla here from Tallgrass Medicare Advisors, getting back to you about your inquiry.',
      'Good morning, this is Ingrid with Pinecrest Medicare Partners, calling you back.',
    ]) {
      const t = call(`[0:00] A: ${opening}`, '[0:06] C: Oh right, hello.');
      expect(statusOf(MED, 'recording-disclosure', t)).toBe('missed');
    }
  });
  it('a disclosure in other words still counts', () => {
    for (const opening of [
      'Kettle Creek Family Medicine, heads up this call may be taped for quality, Wes speaking.',
      'Kettle Creek Family Medicine, a supervisor may be listening in for quality, Wes speaking.',
      'Marlowe Clinic, just a heads-up that our conversation is being recorded, this is Quentin.',
      // Disclosures without "record" or "monitor" that counted before the recording-word filter.
      'Hi, Ferncliff Clinic, calls may be reviewed for quality and training, this is Jo.',
      'Ferncliff Clinic, for quality assurance this call is being captured.',
      'Ferncliff Clinic, heads up, we keep a copy of every call for training.',
    ]) {
      expect(statusOf(HC, 'recording-disclosure', call(`[0:00] A: ${opening}`, '[0:06] C: Sure.'))).toBe(
        'met',
      );
    }
    const m = call(
      '[0:00] A: Hi, this is Marisol with Tallgrass Senior Benefits returning your phone call, and calls here are monitored and recorded.',
      '[0:06] C: Okay.',
    );
    expect(statusOf(MED, 'recording-disclosure', m)).toBe('met');
  });
});

describe('identity-verification: a drug no lexicon lists, read through the word clusters', () => {
  it('the reader knows drugs of the lexicon’s clusters, not everyday words', () => {
    const words = medicationWords();
    for (const w of ['seroquel', 'celebrex', 'premarin', 'fosamax', 'zocor', 'risperdal'])
      expect(words.has(w)).toBe(true);
    // Everyday words and the specialties clinics are named after are no drug.
    for (const w of [
      'treatment',
      'patients',
      'drug',
      'alcohol',
      'tested',
      'dental',
      'pediatric',
      'orthodontic',
      'monday',
    ])
      expect(words.has(w)).toBe(false);
  });
  it('a drug counts only as someone’s', () => {
    expect(namesMedication('Your Seroquel refill is ready.')).toBe(true);
    expect(namesMedication('the Celebrex for Winifred was filled yesterday')).toBe(true);
    expect(namesMedication('We restock Celebrex every Thursday morning.')).toBe(false);
    expect(namesMedication('Your order of vitamins is ready.')).toBe(false);
  });
  const ask = [
    '[0:00] A: Dunmore Pharmacy, this call is recorded.',
    '[0:03] C: hi calling to see if my wife delia is all set for pickup',
  ];
  it('a generic name the vectors do not know is read by its naming stem', () => {
    expect(namesMedication('Your dupilumab refill is ready.')).toBe(true);
    expect(namesMedication('the edoxaban for Delia was filled')).toBe(true);
    expect(namesMedication('Your appointment is in April, see you then.')).toBe(false);
    const t = call(
      ...ask,
      '[0:07] A: Sure thing, the dupilumab for Delia was filled this morning, copay is 8 dollars.',
      "[0:12] A: Oh, and what's her date of birth?",
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  // The act model tags none of these agent turns as PHI (and no lexicon lists the drug): only the
  // medication reader tells.
  it('a drug by name with its status before any check is PHI (missed)', () => {
    const t = call(
      ...ask,
      '[0:07] A: Sure thing, the Seroquel for Delia was filled this morning, copay is 8 dollars.',
      "[0:12] A: Oh, and what's her date of birth?",
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('missed');
  });
  it('the same after two identifiers is met', () => {
    const t = call(
      ...ask,
      "[0:07] A: Sure, what's her full name and date of birth?",
      '[0:10] C: Delia Voidwright, March 2nd 1950.',
      '[0:15] A: Thanks. The Seroquel for Delia was filled this morning, copay is 8 dollars.',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('met');
  });
  it('hard negative: stock information with a weekday is no one’s record', () => {
    const t = call(
      '[0:00] A: Dunmore Pharmacy, this call is recorded.',
      '[0:03] C: do you have the Fosamax generic',
      '[0:07] A: We get Fosamax deliveries every Thursday, so check back then.',
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('not_applicable');
  });
  it('hard negative: a drug the agent recommends is advice, not the record', () => {
    const t = call(
      '[0:00] A: Dunmore Clinic, this call is recorded.',
      "[0:03] C: my back is sore and my visit isn't till the 18th",
      "[0:07] A: Honestly just take a couple of Celebrex, you'll be fine till the 18th.",
    );
    expect(statusOf(HC, 'identity-verification', t)).toBe('not_applicable');
    expect(statusOf(HC, 'no-medical-advice', t)).toBe('missed');
  });
  it('the live session reads the medication the same way', () => {
    const s = createLiveSession({
      callId: 'live-med',
      playbook: loadCompiledPlaybook(HC),
      callDate: '2026-12-07',
    });
    const lines: Array<['agent' | 'customer', number, string]> = [
      ['agent', 0, 'Dunmore Pharmacy, this call is recorded.'],
      ['customer', 3, 'hi calling to see if my wife delia is all set for pickup'],
      ['agent', 7, 'Sure thing, the Fosamax for Delia came in this morning, copay is 8 dollars.'],
    ];
    lines.forEach(([speaker, sec, text], i) => s.push({ id: `u${i}`, speaker, text, offsetMs: sec * 1000 }));
    expect(s.findings().find((f) => f.criterionId === 'identity-verification')!.status).toBe('missed');
  });
});

describe('empathy: eagerness said with a word of suffering is no distress', () => {
  const open = '[0:00] A: Hollowell Orthopedics, this call is recorded.';
  const reply = '[0:08] A: Let me look at the schedule for you.';
  it('the reader reads the "to" the phrase matcher drops', () => {
    expect(saysEagerIdiom("I'm dying to get back on the golf course")).toBe(true);
    expect(saysEagerIdiom('honestly im itching to get this cast off')).toBe(true);
    expect(saysEagerIdiom("I feel like I'm dying, my chest is so tight")).toBe(false);
    expect(saysEagerIdiom('my incision is itching like crazy')).toBe(false);
  });
  it('"itching to" / "bursting to" owe no acknowledgement (the act model reads them as distress)', () => {
    for (const line of [
      'honestly im itching to get this cast off already, is there anything sooner than the 20th',
      "I'm bursting to tell my kids, when will the ultrasound pictures be ready?",
    ]) {
      expect(statusOf(HC, 'empathy', call(open, `[0:04] C: ${line}`, reply))).toBe('not_applicable');
    }
  });
  it('hard negative: real itching is still distress', () => {
    const t = call(open, "[0:04] C: My incision is itching like crazy and it's driving me nuts.", reply);
    expect(statusOf(HC, 'empathy', t)).toBe('missed');
  });
  it('hard negative: a distress line beside the idiom still counts', () => {
    const t = call(open, "[0:04] C: I'm dying to know what the scan showed, I'm really scared.", reply);
    expect(statusOf(HC, 'empathy', t)).toBe('missed');
  });
});

describe('empathy: an acknowledgement read sentence by sentence', () => {
  const open = '[0:00] A: Fairbanks Health, this call is recorded.';
  // The act model does not tag these whole agent turns as empathy (the identifier request or the
  // hand-off dominates); the first sentence alone it does.
  it('an acknowledgement that opens an identifier request counts', () => {
    for (const [caller, agent] of [
      [
        "This is the fourth time I've called about the same referral and every time it's a different story.",
        'Telling the same story four times would wear anyone down. Let me take it from here. Your full name and date of birth?',
      ],
      [
        "I'm worried sick, the biopsy was two weeks ago and nobody has called.",
        "Two weeks of waiting on a biopsy is a long time to sit with that. Let me pull it up. What's your date of birth and your address?",
      ],
    ]) {
      expect(statusOf(HC, 'empathy', call(open, `[0:04] C: ${caller}`, `[0:10] A: ${agent}`))).toBe('met');
    }
  });
  it('hard negative: a bare "got it" before the identifier request is no acknowledgement', () => {
    const caller = "[0:04] C: I'm worried sick, the biopsy was two weeks ago and nobody has called.";
    for (const agent of [
      'Yep, got it, got it. Name and date of birth?',
      "Okay. I can look into that. What's your member ID? It's on the front of the card.",
    ]) {
      expect(statusOf(HC, 'empathy', call(open, caller, `[0:10] A: ${agent}`))).toBe('missed');
    }
  });
  it('hard negative: a stray apology read alone is below the sentence floor', () => {
    const utterances = call(
      "[0:04] C: I'm worried sick, the biopsy was two weeks ago and nobody has called.",
      "[0:10] A: Sorry, I didn't catch that. Can you repeat your date of birth?",
    ).utterances;
    const model = builtinActModel();
    expect(sentenceEmpathy(model, utterances, model.tagTranscript(utterances), 1)).toBeUndefined();
  });
});
