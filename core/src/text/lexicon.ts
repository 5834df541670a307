/**
 * Word lists the matcher normalizes with. Kept small and domain-aware: the goal is tolerance to
 * paraphrase and ASR noise in contact-center speech, not general NLP.
 */

/**
 * Function words dropped before matching. Negations are NOT here: they carry meaning. Neither are
 * "you", "your", "my" and "should": whose appointment, whose name, and advice-vs-question turn on them.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if so to of in on at by for with from into onto as is am are was were be been being ' +
    "this that these those it its it's i me mine we us our ours yours him hers they them " +
    'do does did doing done have has had having will would shall can could may might must ' +
    'just really very also too then than there here what which who whom whose when where why how ' +
    'any some such only own same other about up down out over again further once ' +
    'um uh er ah oh hmm mm mhm yeah yes okay ok alright right well like sure hi hello hey ' +
    "im i'm we're they're i'll we'll i've we've i'd that's there's here's let's let " +
    'go going get got gonna wanna please thank thanks'
  ).split(/\s+/),
);

/** Negation cues (ASR often drops the apostrophe). */
export const NEGATION_WORDS: ReadonlySet<string> = new Set(
  (
    'no not never none nothing nobody neither nor without cannot ' +
    "don't dont doesn't doesnt didn't didnt can't cant won't wont isn't isnt aren't arent wasn't wasnt " +
    "weren't werent shouldn't shouldnt wouldn't wouldnt couldn't couldnt haven't havent hasn't hasnt hadn't hadnt " +
    "ain't aint mustn't mustnt n't"
  ).split(/\s+/),
);

/** Words that end a negation's scope ("I'm not sure, but you should take ..."). */
export const SCOPE_BREAKERS: ReadonlySet<string> = new Set([
  ',',
  'but',
  'however',
  'although',
  'though',
  'except',
  'yet',
]);

/**
 * Hesitations: a comma that only sets one of these off ("we don't, um, offer") does not end the
 * clause. Not "like", "well" or "so": those can carry content.
 */
export const FILLERS: ReadonlySet<string> = new Set([
  'um',
  'umm',
  'uh',
  'uhh',
  'er',
  'erm',
  'uhm',
  'ah',
  'hmm',
  'mm',
]);

/**
 * Words that are a whole reply on their own ("No, um, I'm worried"): the comma after one stays a
 * clause break even when a filler follows, so a reply "no" does not negate what comes next.
 */
export const STANDALONE_REPLIES: ReadonlySet<string> = new Set([
  'no',
  'nope',
  'nah',
  'yes',
  'yeah',
  'yep',
  'okay',
  'ok',
  'alright',
  'right',
  'sure',
  'oh',
  'well',
  'so',
]);

/**
 * How a clause opens when it states a purpose ("to look up your coverage, …", "…, so I can check
 * your refill"): an infinitive or a purpose conjunction, optionally after "just". Function words
 * only; read by `unless` (playbook schema) over the sentence of the words it names.
 */
export const PURPOSE_OPENERS: readonly (readonly string[])[] = [
  ['to'],
  ['in', 'order', 'to'],
  ['so', 'that'],
  ['so', 'i', 'can'],
  ['so', 'we', 'can'],
  ['so', 'i', 'could'],
  ['so', "i'm", 'able', 'to'],
  ['before', 'i'],
  ['before', 'we'],
];

/** Number words normalized to digits so "five organizations" and "5 organizations" match. */
export const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['zero', '0'],
  ['oh', '0'],
  ['one', '1'],
  ['two', '2'],
  ['three', '3'],
  ['four', '4'],
  ['five', '5'],
  ['six', '6'],
  ['seven', '7'],
  ['eight', '8'],
  ['nine', '9'],
  ['ten', '10'],
  ['eleven', '11'],
  ['twelve', '12'],
  ['thirteen', '13'],
  ['fourteen', '14'],
  ['fifteen', '15'],
  ['sixteen', '16'],
  ['seventeen', '17'],
  ['eighteen', '18'],
  ['nineteen', '19'],
  ['twenty', '20'],
  ['thirty', '30'],
  ['forty', '40'],
  ['fifty', '50'],
  ['sixty', '60'],
  ['seventy', '70'],
  ['eighty', '80'],
  ['ninety', '90'],
  ['hundred', '100'],
  ['thousand', '1000'],
]);

/**
 * Synonym groups: every word of a group (after stemming) is treated as the group's first word.
 * Multi-word paraphrases belong in intents' example phrasings instead.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['verify', 'confirm', 'validate', 'authenticate', 'check'],
  ['record', 'recording', 'tape'],
  ['monitor', 'monitoring'],
  [
    'doctor',
    'physician',
    'provider',
    'clinician',
    'md',
    'dr',
    'practitioner',
    'specialist',
    'pcp',
    'surgeon',
  ],
  ['nurse', 'rn', 'triage'],
  ['medication', 'medicine', 'drug', 'prescription', 'meds', 'rx', 'pill', 'pills', 'tablet', 'tablets'],
  ['result', 'results', 'finding', 'findings', 'report'],
  ['test', 'lab', 'labs', 'bloodwork', 'panel', 'screening', 'scan', 'mri', 'xray', 'biopsy'],
  ['appointment', 'appt', 'visit', 'consultation', 'checkup'],
  ['worried', 'worry', 'concerned', 'anxious', 'nervous', 'scared', 'afraid', 'frightened'],
  ['frustrated', 'frustrating', 'annoyed', 'upset', 'angry', 'irritated', 'fed'],
  ['sorry', 'apologize', 'apologies', 'apologise'],
  ['understand', 'understandable'],
  ['repeat', 'recap', 'summarize', 'summarise', 'restate'],
  ['organization', 'organisation', 'company', 'companies', 'carrier', 'carriers', 'insurer', 'insurers'],
  ['product', 'products'],
  ['every', 'all', 'each'],
  ['area', 'region', 'county'],
  ['contact', 'call', 'reach', 'phone'],
  ['birth', 'born', 'birthday', 'dob'],

  ['dose', 'dosage', 'dosing', 'milligram', 'milligrams', 'mg'],
  ['diagnose', 'diagnosis', 'diagnosed'],
  ['premium', 'premiums'],
  ['copay', 'copays', 'copayment', 'coinsurance', 'deductible'],
  ['quality', 'training', 'assurance'],
  ['transfer', 'connect', 'route', 'forward'],
  ['benefit', 'benefits', 'coverage', 'covers', 'cover', 'covered'],
];

/**
 * Words too frequent in conversation to identify a phrase on their own. A phrase's other words
 * must be present for it to match; these only need to be half there.
 */
export const COMMON_WORDS: readonly string[] = (
  'you your my not should call take need want back help today know say like day time thing look make ' +
  'come tell ask give now good great think get he his she her their not'
).split(' ');
