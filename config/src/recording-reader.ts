/**
 * The agent saying the call is being recorded in the present tense with no object or with the
 * call as its object: "please be aware we are recording", "just so you know, we're recording",
 * "I'm recording this for quality". The phrase matcher drops "we're", "are" and "I'm" as stop
 * words, so the notice is the bare word "recording", which no phrase may be alone (it is also a
 * noun: "the recording of your visit"); the act model scores such short notices under its floor.
 * Read here, on the words as said, and given to the rules as the reader tag `recording-now`
 * (through the act port, like `record-read`); the built-in recording-disclosure criterion counts
 * it. Not: "we're recording your answers" (what is recorded is the caller's information), "if
 * we're recording", "are we recording?", "we're not recording".
 */
export const RECORDING_NOW_ACT = 'recording-now';

const RECORDING_NOW = new RegExp(
  "(?<!\\b(?:if|whether|when|unless|not|are|is) )\\b(?:we're|were|we are|i'm|im|i am|they're|they are)" +
    ' (?:now |currently |also |always )?(?:recording|taping)\\b' +
    // Nothing after it, or the call, the conversation or this as its object.
    '(?!\\s+(?:your|his|her|their|the (?!call|conversation)|a |an |that |those |these |it\\b|everything you))' +
    '(?![^.!?]*\\?)',
  'i',
);

/** True when the agent's turn says the call is being recorded now. */
export function saysRecordingNow(text: string): boolean {
  return RECORDING_NOW.test(text);
}
