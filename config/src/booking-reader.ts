/**
 * The agent stating the caller's own booking: "It's the one-hour screen with Dr. Abernethy's team
 * on Wednesday at 8:50", "I've got your Monday, Wednesday, Friday sessions at 10", "tomorrow's 8:15
 * with Dr. Vantongeren". An appointment is PHI (who is seen, by whom, for what, when), but the
 * learned `phi-disclosure` act and the script phrases want words like "appointment"; said as a
 * slot it went unseen. Read per sentence: at least two of {a clinician ("Dr. X", "X's team", a
 * nurse / therapist / dietitian by name), a day or date (not "today": in a visit that is the
 * visit itself), a clock time, a visit or procedure type} with the caller as its owner (you /
 * your, "yours is", or the sentence opening "it's the / that's the"). Not a general schedule
 * ("our clinic is open Monday to Friday at 8", "Dr. X's office hours are Tuesday at 9"), an offer
 * or advice to book ("the next opening is …", "make an appointment …", "would you like Thursday
 * at 3?"), or a question. Given to the rules as the reader tag `booking-read`
 * (through the act port, like `record-read`); the built-in healthcare `identity-verification`
 * counts it as PHI.
 */
export const BOOKING_READ_ACT = 'booking-read';

// A clinician by name ("Dr. Vance", "Dr. Vance's team", "nurse Imelda"); a role alone ("your
// doctor", "the nurse who seated you") names nobody's booking.
const NOT_A_NAME =
  '(?!(?:today|tomorrow|tonight|will|would|is|was|said|says|who|and|or|can|to|here|there|on|at|in|for|has|had|wants|the|a|your|our)\\b)';
const CLINICIAN = new RegExp(
  `\\b(?:dr\\.? ${NOT_A_NAME}[a-z][\\w'-]+|(?:nurse|therapist|dietitian|dietician|hygienist|physio|midwife) ${NOT_A_NAME}[a-z][\\w'-]+|${NOT_A_NAME}(?!(?:doctor|nurse|clinic|today|tomorrow)'s)[a-z][\\w-]+'s (?:team|clinic|nurse))\\b`,
  'i',
);
const DAY =
  /\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\btomorrow(?:'s)?\b|\bthe \d{1,2}(?:st|nd|rd|th)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}\/\d{1,2}\b/i;
const TIME =
  /\b\d{1,2}:\d{2}\b|\b\d{1,2} ?(?:am|pm|a\.m\.|p\.m\.|o'clock)|\bat (?:\d{1,2}(?! ?(?:mg|milligrams?|units?|percent|%|mm|ml|kg|lbs?|pounds?|weeks?|days?|months?|years?)\b)|noon|half past \w+)\b/i;
const VISIT =
  /\b(?:appointments?|appt|visits?|sessions?|class(?:es)?|screen(?:ing)?|scan|mri|ultrasound|x-?ray|mammogram|colonoscopy|endoscopy|biopsy|surgery|procedure|infusion|injection|draw|check-?up|follow-?up|consult(?:ation)?|physical|fitting|cleaning|weigh-?in|therapy|dialysis|slot|booking)\b/i;
const OWNER =
  /\b(?:you|your|you're|youre|yours)\b|^\s*(?:it's|its|it is|that's|thats|that is) (?:the|your)\b|^\s*(?:today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)'s\b/i;
const GENERAL =
  /\b(?:make|making|open|opens|closed|closes|hours|opening|openings|available|availability|free|spare|next available|walk-?ins?|if you|would you|could you|do you|can you|want to|like to)\b|\?/i;

/** The sentences of a turn; "Dr." keeps its sentence. */
function sentences(text: string): string[] {
  return text.replace(/\b(dr|mr|mrs|ms)\./gi, '$1').split(/(?<=[.!?])\s+/);
}

/** True when one sentence of the agent's turn states the caller's own booking. */
export function readsBooking(text: string): boolean {
  return sentences(text).some((s) => {
    if (!OWNER.test(s) || GENERAL.test(s)) return false;
    const parts = [CLINICIAN, DAY, TIME, VISIT].filter((re) => re.test(s)).length;
    return parts >= 2;
  });
}
