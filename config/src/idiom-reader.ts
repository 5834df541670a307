/**
 * Eagerness said with a word of suffering: "dying to", "itching to", "bursting to", "raring to"
 * followed by what the caller wants to do ("I'm dying to get this physical over with", "itching
 * to get the cast off"). What separates it from real suffering ("I feel like I'm dying", "my
 * incision is itching") is the "to" after the word, which the phrase matcher drops as a stop
 * word: so it is read here, on the words as said, and given to the rules as the reader tag
 * `eager-idiom` (through the act port, like `name-stated`). The empathy rule does not take the
 * learned distress act in a turn with it; a distress script line in the same turn ("I'm dying to
 * know, I'm so scared") still counts.
 */
export const EAGER_IDIOM_ACT = 'eager-idiom';

const EAGER = /\b(dying|itching|bursting|raring)\s+to\s+[a-z]/i;

/** True when the text holds an eager idiom ("dying to get …"). */
export function saysEagerIdiom(text: string): boolean {
  return EAGER.test(text);
}
