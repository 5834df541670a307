/**
 * The agent saying it reads the caller's record: "I can see you're on the Silverpine HMO", "I see
 * here you've been filling Eliquis", "that matches what we have", "our records show", "from last
 * year's enrollment you take …", "we have you down for …". What marks a plan or a drug named in
 * the turn as the beneficiary's own (their coverage, their medications) rather than an offer. Read
 * on the words as said: the phrase matcher drops "I", "can", "you", so "I can see you're on" would
 * be the bare "see" of "you can see any doctor who takes Medicare". Given to the rules as the
 * reader tag `record-read` (through the act port, like `name-stated`); the built-in medicare-sales
 * `identity-verification` reads a product type or a drug named as someone's beside it as PHI.
 */
export const RECORD_READ_ACT = 'record-read';

const RECORD_READ = new RegExp(
  [
    // "I can see you're on …", "I see here that your current plan …", "I can see you've been
    // filling …", "I see she takes …"; not "I see you're interested in Advantage plans".
    '\\bi (?:can )?see (?:here |that |on (?:your|the|his|her) (?:file|account|record) )*(?:' +
      "(?:you're|youre|you are|he's|hes|she's|shes|he is|she is) (?:currently |still )?(?:on|in|enrolled|with|taking|filling)|" +
      '(?:you|he|she) (?:currently |still )?(?:takes?|fill(?:s|ed)?|gets?|had|got)|' +
      "(?:you've|youve|you have|he's|she's|he has|she has) (?:been|got|had|original)|" +
      '(?:your|his|her) (?:current|plan|coverage|drugs?|medications?|prescriptions?|enrollment|pharmacy|claims?))\\b',
    // The same said outright, without "I see": "He's on the Birchway Rx plan with Eliquis",
    // "you're still taking the warfarin". Not a condition or a question ("if you're on …", "are
    // you on …" never reads "you're"), nor being on the line, on hold, on speaker or on a list.
    "(?<!\\b(?:if|whether|when|unless|once) )\\b(?:you're|youre|you are|he's|hes|she's|shes|he is|she is|they're) " +
      '(?:currently |still |now |already )?(?:on|taking|filling) ' +
      '(?!(?:the |a |your |his |her |our )?(?:recorded|monitored|line|phone|speaker|speakerphone|hold|call|list|way|track|right|time|board|schedule|waitlist|books?|calendar|road|mend|topic)\\b)',
    // A clinician's order for this patient read out: "Dr. Haverkamp put you on the Trelegy disk",
    // "she started him on a statin", "the doctor switched her to the patch".
    // Not asked ("did they put you on anything?").
    '(?<!\\b(?:did|do|does|will|would|could|can|should|have|has) (?:the |your |my )?)' +
      '\\b(?:dr\\.? \\w+|doctor(?: \\w+)?|(?:he|she|they)) (?:put|started|switched|kept|has|had|took) (?:you|him|her|them) (?:on|off|back on|to)\\b',
    // "that matches what we have", "matches what we've got on file"
    "\\bmatch(?:es)? what we(?: have|'ve got| show)",
    // "we have you down for", "we have you on", "we have you as"
    '\\bwe (?:have|show) (?:you|him|her) (?:down|on|as|enrolled|in)\\b',
    // "our records show", "the system says", "your file shows"
    '\\b(?:our|the|your|his|her) (?:records?|system|file|chart|account) (?:shows?|says|lists|has)\\b',
    "\\bfrom (?:your|his|her|last year's|this year's) enrollment\\b",
    '\\baccording to (?:our|your|his|her|the) (?:records?|file|system)\\b',
    '\\bon file (?:you|your|he|she|his|her)\\b',
  ].join('|'),
  'i',
);

/** True when the text says it reads someone's record. */
export function readsRecord(text: string): boolean {
  return RECORD_READ.test(text);
}
