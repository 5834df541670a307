import { seededRandom } from '../random';
import type { PhiKind } from './redact';

/*
 * Synthetic calls with identifiers planted in many written and spoken forms, for measuring the
 * redactor's recall. Every person, number and address here is invented. The word lists are the
 * generator's own (half of the names and drugs are not in the redactor's lexicon), so recall is
 * not measured against the redactor's own vocabulary.
 */

export const PHI_KINDS: readonly PhiKind[] = [
  'name',
  'date',
  'phone',
  'email',
  'address',
  'zip',
  'ssn',
  'id-number',
  'clinical',
];

export interface PlantedSpan {
  start: number;
  end: number;
  kind: PhiKind;
  /** Which template produced it, for the list of misses. */
  form: string;
}

export interface PlantedCall {
  utterances: Array<{ speaker: 'agent' | 'customer'; text: string; planted: PlantedSpan[] }>;
}

const FIRST = [
  'Maria',
  'James',
  'Linda',
  'Robert',
  'Keanu',
  'Oluwaseun',
  'Siobhan',
  'Dmitri',
  'Marisol',
  'Ingrid',
  'Yusuf',
  'Bao',
  'Tomasz',
  'Anjali',
  'Delphine',
  'Ezekiel',
  'Noor',
  'Rosalind',
  'Thaddeus',
  'Wilhelmina',
  'Patricia',
  'George',
  'Hyun',
  'Esperanza',
  'Corwin',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Petrov',
  'Nakamura',
  'Garcia',
  'Smith',
  'Brennan',
  'Abernathy',
  'Haddad',
  'Kowalczyk',
  'Nguyen',
  'Fairweather',
  'Oyelaran',
  'Castellanos',
  'MacIntyre',
  'Johnson',
  'Vasquez',
  'Thornbury',
  'Adeyemi',
  'Rasmussen',
];
const STREETS = [
  'Maple',
  'Oak',
  'Juniper',
  'Kestrel',
  'Old Mill',
  'Harbor View',
  'Pine',
  'Wexford',
  'Cedar Hollow',
  'Elm',
];
const SUFFIXES = [
  'Street',
  'Avenue',
  'Road',
  'Lane',
  'Drive',
  'Court',
  'Boulevard',
  'Way',
  'Place',
  'Circle',
];
const CONDITIONS = [
  'type 2 diabetes',
  'COPD',
  'congestive heart failure',
  'sarcoidosis',
  'atrial fibrillation',
  'lupus',
  'chronic kidney disease',
  'macular degeneration',
  'myasthenia gravis',
  'rheumatoid arthritis',
  'glaucoma',
  'bipolar disorder',
  'hepatitis C',
  'diverticulitis',
  'osteoporosis',
];
const DRUGS = [
  'metformin',
  'Eliquis',
  'apixaban',
  'dapagliflozin',
  'rosuvastatin',
  'tamsulosin',
  'insulin',
  'Ozempic',
  'levothyroxine',
  'donepezil',
  'carvedilol',
  'sertraline',
  'montelukast',
  'lisinopril',
  'pantoprazole',
];
const PROCEDURES = [
  'colonoscopy',
  'knee replacement',
  'cataract surgery',
  'MRI',
  'dialysis',
  'biopsy',
  'angioplasty',
  'mammogram',
  'hip replacement',
  'echocardiogram',
];
const FILLER = [
  'I have a question about my plan.',
  'Let me pull that up for you.',
  'Thanks for holding, I appreciate your patience.',
  'Can you tell me what the copay would be for a specialist visit?',
  'Sure, I can help with that today.',
  'Is there anything else I can help you with?',
  'I was looking at the mail you sent last week.',
  'We offer plans from several carriers in your area.',
  'The monthly premium is thirty five dollars.',
  'I called about two weeks ago and nobody called back.',
  'Your plan covers three visits a year at no cost.',
  'Okay, that makes sense, thank you so much.',
];

const UNIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const ORD = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
  'twenty-first',
  'twenty-second',
  'twenty-third',
  'twenty-fourth',
  'twenty-fifth',
  'twenty-sixth',
  'twenty-seventh',
  'twenty-eighth',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];

function twoDigitWords(n: number): string {
  if (n < 10) return `oh ${UNIT_WORDS[n]}`;
  if (n < 20) return TEENS[n - 10]!;
  return n % 10 === 0 ? TENS[Math.floor(n / 10)]! : `${TENS[Math.floor(n / 10)]}-${UNIT_WORDS[n % 10]}`;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: Rand, n: number, first = 0): string =>
  Array.from({ length: n }, (_, i) =>
    String(i === 0 ? first + Math.floor(r() * (10 - first)) : Math.floor(r() * 10)),
  ).join('');

/** Spoken digits: "oh"/"zero" for 0, sometimes "double five", separators where people pause. */
function speakDigits(r: Rand, ds: string, groups: number[]): string {
  const zero = r() < 0.6 ? 'oh' : 'zero';
  const parts: string[] = [];
  let at = 0;
  for (const g of groups) {
    const chunk = ds.slice(at, at + g);
    at += g;
    const words: string[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const d = Number(chunk[i]);
      if (i + 1 < chunk.length && chunk[i + 1] === chunk[i] && r() < 0.4) {
        words.push(`double ${d === 0 ? zero : UNIT_WORDS[d]}`);
        i++;
      } else words.push(d === 0 ? zero : UNIT_WORDS[d]!);
    }
    parts.push(words.join(' '));
  }
  return parts.join(pick(r, [', ', ' ', ' dash ', '... ']));
}

function yearWords(y: number): string {
  if (y >= 2000)
    return `two thousand${y % 100 ? ` ${y % 100 < 10 ? UNIT_WORDS[y % 100] : twoDigitWords(y % 100)}` : ''}`;
  return `nineteen ${twoDigitWords(y % 100)}`;
}

interface Plant {
  kind: PhiKind;
  form: string;
  value: string;
}

type Template = (r: Rand) => { before: string; plant: Plant; after: string; speaker: 'agent' | 'customer' };

const t =
  (
    kind: PhiKind,
    form: string,
    speaker: 'agent' | 'customer',
    make: (r: Rand) => [string, string, string],
  ): Template =>
  (r) => {
    const [before, value, after] = make(r);
    return { before, plant: { kind, form, value }, after, speaker };
  };

const TEMPLATES: Template[] = [
  // names
  t('name', 'cue full name', 'customer', (r) => [
    'Hi, my name is ',
    `${pick(r, FIRST)} ${pick(r, LAST)}`,
    ' and I have a question.',
  ]),
  t('name', 'lower-case asr', 'customer', (r) => [
    'yes this is ',
    `${pick(r, FIRST)} ${pick(r, LAST)}`.toLowerCase(),
    ' calling about my plan',
  ]),
  t('name', 'title + surname', 'agent', (r) => [
    `Thank you, ${pick(r, ['Mr.', 'Mrs.', 'Ms.'])} `,
    pick(r, LAST),
    ', one moment please.',
  ]),
  t('name', 'spelled surname', 'customer', (r) => [
    "it's ",
    pick(r, LAST).toLowerCase().split('').join(' '),
    ', yes.',
  ]),
  t('name', 'relative', 'customer', (r) => ['My daughter ', pick(r, FIRST), ' usually handles this for me.']),
  t('name', 'first name only', 'agent', (r) => ['Okay ', pick(r, FIRST), ', let me look at that.']),
  t('name', 'last name is', 'customer', (r) => ['last name is ', pick(r, LAST), '.']),
  // dates
  t('date', 'spoken month day year', 'customer', (r) => [
    'my date of birth is ',
    `${pick(r, MONTHS)} ${pick(r, ORD)}, ${yearWords(1935 + Math.floor(r() * 30))}`,
    '.',
  ]),
  t('date', 'written numeric', 'customer', (r) => [
    "It's ",
    `${1 + Math.floor(r() * 12)}/${1 + Math.floor(r() * 28)}/19${40 + Math.floor(r() * 20)}`,
    '.',
  ]),
  t('date', 'day of month', 'agent', (r) => [
    'Your appointment is on the ',
    `${pick(r, ORD)} of ${pick(r, MONTHS)}`,
    ' at ten.',
  ]),
  t('date', 'written month day', 'customer', (r) => [
    'I was born ',
    `${pick(r, MONTHS)} ${1 + Math.floor(r() * 28)}, 19${40 + Math.floor(r() * 20)}`,
    '.',
  ]),
  t('date', 'spoken digits dob', 'customer', (r) => [
    'birthday is ',
    speakDigits(
      r,
      `${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}${40 + Math.floor(r() * 20)}`,
      [2, 2, 2],
    ),
    '.',
  ]),
  t('date', 'month ordinal no year', 'customer', (r) => [
    'I saw the doctor on ',
    `${pick(r, MONTHS)} ${pick(r, ORD)}`,
    '.',
  ]),
  // phones
  t('phone', 'spoken grouped', 'customer', (r) => [
    'you can reach me at ',
    speakDigits(r, `${digits(r, 3, 2)}${digits(r, 3, 2)}${digits(r, 4)}`, [3, 3, 4]),
    '.',
  ]),
  t('phone', 'written dashes', 'customer', (r) => [
    'my number is ',
    `${digits(r, 3, 2)}-${digits(r, 3, 2)}-${digits(r, 4)}`,
    '.',
  ]),
  t('phone', 'written parens', 'agent', (r) => [
    'I have your phone as ',
    `(${digits(r, 3, 2)}) ${digits(r, 3, 2)}-${digits(r, 4)}`,
    ', is that right?',
  ]),
  t('phone', 'seven digits spoken', 'customer', (r) => [
    'call back at ',
    speakDigits(r, `${digits(r, 3, 2)}${digits(r, 4)}`, [3, 4]),
    ' after five.',
  ]),
  t('phone', 'fax spoken', 'customer', (r) => [
    'the fax is ',
    speakDigits(r, `${digits(r, 3, 2)}${digits(r, 3, 2)}${digits(r, 4)}`, [3, 3, 4]),
    '.',
  ]),
  // email
  t('email', 'written', 'customer', (r) => [
    'email me at ',
    `${pick(r, FIRST).toLowerCase()}.${pick(r, LAST).toLowerCase()}@example.com`,
    ' please.',
  ]),
  t('email', 'spelled letters', 'customer', (r) => [
    "it's ",
    `${pick(r, FIRST).toLowerCase().slice(0, 4).split('').join(' ')} at example dot com`,
    '.',
  ]),
  t('email', 'spoken dot', 'customer', (r) => [
    'my email is ',
    `${pick(r, FIRST).toLowerCase()} dot ${pick(r, LAST).toLowerCase()} at mailbox dot org`,
    '.',
  ]),
  t('email', 'word plus number', 'customer', (r) => [
    'email is ',
    `${pick(r, LAST).toLowerCase()} ${twoDigitWords(20 + Math.floor(r() * 70))} at example dot net`,
    '.',
  ]),
  // addresses
  t('address', 'written', 'customer', (r) => [
    'I live at ',
    `${100 + Math.floor(r() * 9000)} ${pick(r, STREETS)} ${pick(r, SUFFIXES)}`,
    ' now.',
  ]),
  t('address', 'spoken number + apt', 'customer', (r) => [
    "it's ",
    `${twoDigitWords(10 + Math.floor(r() * 89))} ${twoDigitWords(10 + Math.floor(r() * 89))} ${pick(r, STREETS).toLowerCase()} ${pick(r, SUFFIXES).toLowerCase()} apartment ${UNIT_WORDS[1 + Math.floor(r() * 9)]} b`,
    '.',
  ]),
  t('address', 'po box', 'customer', (r) => [
    'send it to ',
    `P O Box ${speakDigits(r, digits(r, 3, 1), [3])}`,
    ' please.',
  ]),
  t('address', 'digits spoken street', 'agent', (r) => [
    'So that is ',
    `${speakDigits(r, digits(r, 4, 1), [4])} ${pick(r, STREETS)} ${pick(r, SUFFIXES)}`,
    ', correct?',
  ]),
  // zip
  t('zip', 'written', 'customer', (r) => ['zip is ', digits(r, 5), '.']),
  t('zip', 'spoken', 'customer', (r) => ['the zip code is ', speakDigits(r, digits(r, 5), [5]), '.']),
  t('zip', 'after city', 'customer', (r) => ['Springfield, Illinois, ', digits(r, 5, 1), '.']),
  // ssn
  t('ssn', 'written', 'customer', (r) => [
    "it's ",
    `${digits(r, 3, 1)}-${digits(r, 2, 1)}-${digits(r, 4)}`,
    '.',
  ]),
  t('ssn', 'spoken social', 'customer', (r) => [
    'my social is ',
    speakDigits(r, `${digits(r, 3, 1)}${digits(r, 2, 1)}${digits(r, 4)}`, [3, 2, 4]),
    '.',
  ]),
  t('ssn', 'last four', 'customer', (r) => [
    'the last four of my social are ',
    speakDigits(r, digits(r, 4), [4]),
    '.',
  ]),
  // member / account / record numbers
  t('id-number', 'member id letters+digits', 'customer', (r) => [
    'my member ID is ',
    `${pick(r, ['M', 'W', 'X', 'H'])}${digits(r, 8)}`,
    '.',
  ]),
  t('id-number', 'spoken account', 'customer', (r) => [
    'account number ',
    speakDigits(r, digits(r, 8), [4, 4]),
    '.',
  ]),
  t('id-number', 'medicare mbi spoken', 'customer', (r) => [
    'my medicare number is ',
    `${UNIT_WORDS[1 + Math.floor(r() * 9)]} ${pick(r, ['e', 'g', 'k', 'a'])} ${pick(r, ['g', 'h', 'w'])} ${UNIT_WORDS[Math.floor(r() * 10)]} ${pick(r, ['t', 'd', 'x'])} ${pick(r, ['e', 'p', 'y'])} ${UNIT_WORDS[Math.floor(r() * 10)]} ${pick(r, ['m', 'k', 'r'])} ${pick(r, ['k', 'a'])} ${UNIT_WORDS[Math.floor(r() * 10)]} ${UNIT_WORDS[Math.floor(r() * 10)]}`,
    '.',
  ]),
  t('id-number', 'record number', 'agent', (r) => ['I found record number ', digits(r, 7, 1), ' for you.']),
  t('id-number', 'written after cue-less', 'customer', (r) => [
    'the number on the card is ',
    `${digits(r, 3, 1)} ${digits(r, 3)} ${digits(r, 3)}`,
    '.',
  ]),
  // clinical
  t('clinical', 'diagnosed with', 'customer', (r) => [
    'I was diagnosed with ',
    pick(r, CONDITIONS),
    ' last year.',
  ]),
  t('clinical', 'taking drug', 'customer', (r) => ["I'm taking ", pick(r, DRUGS), ' twice a day.']),
  t('clinical', 'procedure', 'customer', (r) => ['My ', pick(r, PROCEDURES), ' is scheduled for next week.']),
  t('clinical', 'agent repeats drug', 'agent', (r) => [
    'Let me check whether ',
    pick(r, DRUGS),
    ' is on the formulary.',
  ]),
];

/** `n` calls from `seed`, each with 4–8 plants among filler lines. */
export function plantedPhiCalls(seed: number, n: number): PlantedCall[] {
  const r = seededRandom(seed);
  const calls: PlantedCall[] = [];
  for (let c = 0; c < n; c++) {
    const utterances: PlantedCall['utterances'] = [];
    const plants = 4 + Math.floor(r() * 5);
    for (let p = 0; p < plants; p++) {
      if (r() < 0.5)
        utterances.push({ speaker: r() < 0.5 ? 'agent' : 'customer', text: pick(r, FILLER), planted: [] });
      const tpl = pick(r, TEMPLATES)(r);
      const start = tpl.before.length;
      utterances.push({
        speaker: tpl.speaker,
        text: tpl.before + tpl.plant.value + tpl.after,
        planted: [{ start, end: start + tpl.plant.value.length, kind: tpl.plant.kind, form: tpl.plant.form }],
      });
    }
    utterances.push({ speaker: 'agent', text: pick(r, FILLER), planted: [] });
    calls.push({ utterances });
  }
  return calls;
}
