import { statusOf, call } from './testing/calls';
import { readsBooking } from './booking-reader';

/**
 * Round 15 (partial): the caller's own booking stated as a slot is PHI for the healthcare
 * `identity-verification` (config/src/booking-reader.ts), tested on wordings written for this file
 * in other words than held-out sets 13 and 14 it was read from (none of their sentences). Each
 * case fails on the code before the round unless marked as a guard (a case that must not move).
 * Synthetic people only.
 */

type Case = [id: string, expected: string, lines: string[]];

/** Compares every case at once, so a failure lists each case that moved. */
function check(cases: Case[]): void {
  const got = cases.map(([id, , lines]) => [
    id,
    statusOf('healthcare-inbound', 'identity-verification', call(...lines)),
  ]);
  expect(got).toEqual(cases.map(([id, expected]) => [id, expected]));
}

const OPEN = '[0:00] A: Fernbrook Family Clinic, this is Odalys, this call is recorded.';

describe("identity-verification: the caller's own booking stated as a slot is PHI", () => {
  it('reads a booking with two of clinician, day, time and visit type as PHI', () => {
    // No identifier is asked or given, so the booking read out is PHI disclosed unverified.
    const caller = "[0:05] C: Morning, I can't come in this week, my back's gone again.";
    check([
      [
        'b-1 recurring sessions with a time',
        'missed',
        [
          OPEN,
          caller,
          "[0:10] A: Right, okay. Your Tuesday and Thursday hydro sessions at 4, I'll clear this week.",
        ],
      ],
      [
        "b-2 a weekday's slot with a named doctor",
        'missed',
        [OPEN, caller, "[0:10] A: Okay then. Thursday's 4:30 with Dr. Okafor, I'll cancel it."],
      ],
      [
        "b-3 a doctor's team, a day and a time",
        'missed',
        [OPEN, caller, "[0:10] A: Okay. You've got Dr. Okafor's team on Thursday at 4:30, I'll cancel it."],
      ],
    ]);
  });

  it('guards: a general schedule, office hours, an offer or a question is no PHI', () => {
    check([
      [
        'g-1 opening hours',
        'not_applicable',
        [
          OPEN,
          '[0:04] C: When are you open?',
          '[0:08] A: Our clinic is open Monday to Friday at 8, Saturdays at 9.',
        ],
      ],
      [
        'g-2 office hours',
        'not_applicable',
        [
          OPEN,
          '[0:04] C: When can I reach Dr. Brandt?',
          "[0:08] A: Dr. Brandt's office hours are Wednesday at 1 if you want to call back then.",
        ],
      ],
      [
        'g-3 a role and "today" in a visit',
        'not_applicable',
        [OPEN, '[0:04] C: Hi.', "[0:08] A: I'll be your doctor today, and the nurse will be in shortly."],
      ],
      [
        'g-4 a greeting naming the clinic and clinician',
        'not_applicable',
        [
          OPEN,
          '[0:04] C: Hi.',
          "[0:08] A: Good morning, you've reached Dr. Castellano's office, how can I help?",
        ],
      ],
    ]);
  });

  it('the reader itself: ownership and two parts in one sentence', () => {
    expect(readsBooking("It's the hearing test with Dr. Moss at 4:10.")).toBe(true);
    expect(readsBooking('Your follow-up is on the 3rd.')).toBe(true);
    // One part only, or two parts in different sentences.
    expect(readsBooking('Your follow-up is booked.')).toBe(false);
    expect(readsBooking('I see your file. Dr. Moss works Mondays.')).toBe(false);
    // A dose is no clock time.
    expect(readsBooking('You take it at 10 mg each morning.')).toBe(false);
    expect(readsBooking("I'll check on that for you tomorrow.")).toBe(false);
    // Advice to book is no booking held.
    expect(readsBooking('You should make a follow-up with Dr. Moss for Monday.')).toBe(false);
    expect(readsBooking('The next opening with Dr. Pym is Friday at 10:15, would you like it?')).toBe(false);
  });
});
