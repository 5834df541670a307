/*
 * Small word lists the redactor reads. Deliberately short and generic (common US first names, the
 * clinical words callers use most): the redactor leans on context ("my name is", "diagnosed with",
 * "I take") and on word shape (drug and condition suffixes) so it does not depend on a name or drug
 * being listed. The synthetic PHI generator draws from its own, different lists.
 */

export const FIRST_NAMES = new Set(
  (
    'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony ' +
    'donald steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan jacob ' +
    'gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander ' +
    'raymond patrick jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ' +
    'ethan jeremy harold keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan ' +
    'bryan joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent ' +
    'russell elijah louis bobby philip johnny mary patricia jennifer linda elizabeth barbara susan jessica ' +
    'sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda ' +
    'melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda ' +
    'pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather ' +
    'diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea ' +
    'hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail ' +
    'julia judy sophia marie denise beverly danielle marilyn theresa diana natalie brittany charlotte ' +
    'marie kayla alexis lori maria carlos luis miguel jorge rosa ana carmen guadalupe wei li mohammed fatima ' +
    'aisha priya raj'
  ).split(' '),
);

/** First names that are also ordinary words: only taken as names after a cue or when capitalized. */
export const AMBIGUOUS_NAMES = new Set(
  (
    'will may june april august grace hope faith joy rose mark bill art frank jack joy sue pat ray dawn ' +
    'summer autumn iris ivy lily penny ruby sandy rich guy chase hunter'
  ).split(' '),
);

/** Words that are capitalized in transcripts without being anyone's name. */
export const CAPITALIZED_COMMON = new Set(
  (
    'i medicare medicaid advantage part humana aetna cigna kaiser anthem blue cross shield united unitedhealthcare ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december ok okay thank thanks yes no hi hello sure great so well um uh and but ' +
    'the a is it this that we you my our your he she they what how when where why can could would will do does ' +
    'ship tpmo soa ppo hmo pdp cms covid english spanish america american god oh please let'
  ).split(' '),
);

export const NAME_CUES =
  /\b(?:my name is|my name's|name is|name's|this is|speaking with|speak (?:with|to)|talk(?:ing)? to|ask for|first name(?: is)?|last name(?: is)?|middle name(?: is)?|surname(?: is)?|maiden name(?: is)?|mr\.?|mrs\.?|ms\.?|miss|dr\.?|doctor|nurse|named|called|calling for|calling about|on behalf of|my (?:husband|wife|son|daughter|mother|father|mom|dad|caregiver|sister|brother)(?:,)?|i'm|i am|it's)\s+/gi;

/** Multi-word terms first so "heart failure" wins over "heart". */
export const CLINICAL_PHRASES: readonly string[] = [
  'type 2 diabetes',
  'type two diabetes',
  'high blood pressure',
  'breast cancer',
  'prostate cancer',
  'lung cancer',
  'colon cancer',
  'bipolar disorder',
  'heart attack',
  'heart failure',
  'congestive heart failure',
  'atrial fibrillation',
  'rheumatoid arthritis',
  'kidney disease',
  'chronic kidney disease',
  'multiple sclerosis',
  'sleep apnea',
  'macular degeneration',
  'high cholesterol',
  'substance use disorder',
  'opioid use disorder',
  'ct scan',
  'cat scan',
  'pet scan',
  'knee replacement',
  'hip replacement',
  'bypass surgery',
  'cataract surgery',
  'physical therapy',
  'blood work',
  'lab results',
  'hepatitis c',
  'chest pain',
  'shortness of breath',
  'blood sugar',
];

export const CLINICAL_WORDS = new Set(
  (
    'diabetes prediabetes hypertension asthma copd emphysema cancer leukemia lymphoma melanoma depression ' +
    "anxiety schizophrenia ptsd dementia alzheimer's alzheimers parkinson's parkinsons epilepsy seizures " +
    'seizure stroke afib arthritis osteoporosis dialysis hepatitis hiv aids lupus cirrhosis pneumonia ' +
    'bronchitis glaucoma cataracts cataract neuropathy obesity hypothyroidism migraines migraine fibromyalgia ' +
    "gout crohn's colitis celiac anemia pregnancy pregnant insulin metformin lisinopril atorvastatin lipitor " +
    'simvastatin amlodipine metoprolol losartan omeprazole levothyroxine synthroid gabapentin ' +
    'hydrochlorothiazide sertraline zoloft prozac fluoxetine xanax alprazolam oxycodone hydrocodone tramadol ' +
    'warfarin eliquis xarelto jardiance ozempic trulicity januvia humira enbrel keytruda prednisone albuterol ' +
    'advair symbicort spiriva entresto plavix clopidogrel furosemide lasix suboxone methadone chemotherapy ' +
    'chemo radiation mammogram colonoscopy biopsy mri x-ray pacemaker stent angioplasty hysterectomy ' +
    'mastectomy appendectomy a1c opioids chf cholesterol thyroid nausea vomiting dizziness fever rash ' +
    'headache headaches migraine fatigue insomnia swelling bleeding cough'
  ).split(' '),
);

/** Word shapes of drugs, conditions and procedures, for names no list holds. */
export const CLINICAL_SUFFIX =
  /^[a-z]{3,}(?:itis|emia|osis|oma|pathy|plasty|ectomy|otomy|oscopy|pril|olol|sartan|statin|dipine|azole|cillin|mycin|floxacin|mab|nib|tide|gliptin|gliflozin|zepam|azepam|oxetine|aline|tropin|profen|parin|triptan|phylline|zil|osin|kast|ogram|ography|olone|pine|done|lukast|dronate|semide|thiazide)$/;

/** Cues after which the next words are the caller's clinical details. */
export const CLINICAL_CUES =
  /\b(?:diagnosed with|diagnosis of|history of|suffer(?:s|ing)? from|i have|i've got|i take|i'm taking|i am taking|taking|prescribed|prescription for|on medication for|treated for|treatment for|surgery for|scheduled for (?:a|my)|had (?:a|my))\s+/gi;
