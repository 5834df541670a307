/**
 * Identifiers whose form shows in the words themselves: a date with a year is a date of birth
 * when it answers an identifier request, a ten- or seven-digit number is a phone number. Used to
 * attribute every identifier an answer gives ("March 3rd 1971, and 555-201-7788") when the
 * detail heads name only one of them. Pure: no I/O.
 */

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const YEAR = "(?:\\d{4}|'\\d{2}|nineteen\\s+\\w+|two\\s+thousand(?:\\s+\\w+)?)";
const DAY = '(?:\\d{1,2}(?:st|nd|rd|th)?|[a-z]+(?:st|nd|rd|th))';

const DATE_PATTERNS: readonly RegExp[] = [
  // 5/5/1960, 05-05-60, 5.5.1960 (a sentence's closing full stop may follow: "6/6/1959.")
  /(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/-]|\.\d)/,
  // 1960-05-05
  /(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])/,
  // March 3rd 1971, march third nineteen seventy one, Mar. 3, '71
  new RegExp(`\\b${MONTH}\\.?\\s+${DAY},?\\s+(?:of\\s+)?${YEAR}`, 'i'),
  // 3rd of March 1971, 3 March 1971
  new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\.?,?\\s+${YEAR}`, 'i'),
];

/** (555) 201-7788, 555-201-7788, 555 201 7788, 555.201.7788, 5552017788, 201-7788 */
const PHONE = /(?<![\w-])(?:\(?\d{3}\)?[\s.-]?)?\d{3}[\s.-]?\d{4}(?![\w-])/;

export type IdentifierCue = 'dob' | 'phone';

/** The identifier kinds whose form appears in `text` (dates count only with a year). */
export function identifierCues(text: string): IdentifierCue[] {
  const out: IdentifierCue[] = [];
  if (DATE_PATTERNS.some((p) => p.test(text))) out.push('dob');
  if (PHONE.test(text.replace(DATE_PATTERNS[0]!, ' '))) out.push('phone');
  return out;
}
