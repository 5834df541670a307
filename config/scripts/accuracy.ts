/**
 * `npm run accuracy`: agreement of the built-in playbooks (with the built-in act model) with the
 * reviewer labels in config/fixtures/accuracy, on the tuned part and the held-out part separately.
 * `--tuned` prints only the tuned part and its disagreements (for working on the rules without
 * seeing the held-out results); `--no-fresh` leaves out the later held-out sets (heldout-2.txt,
 * heldout-3.txt … heldout-14.txt); `--totals` prints no disagreements at all (for
 * measuring a frozen set without reading its cases);
 * `--disagreements` lists each disagreement, except on the fresh sets 12, 13 and 14 (totals only there
 * unless `--show-12` / `--show-13` / `--show-14` is given, for the final reading).
 */
import {
  HELD_OUT_FILES,
  TUNED_FILES,
  formatAgreement,
  measureAgreement,
  readLabelledCalls,
} from '@teachback/config';

const tunedOnly = process.argv.includes('--tuned');
const listAll = !process.argv.includes('--totals') && (process.argv.includes('--disagreements') || tunedOnly);

// heldout-2.txt was written and committed before the second round of tuning (2026-12-06);
// heldout-3.txt before the third (2026-12-07), heldout-4.txt before the fourth (2026-12-07),
// heldout-5.txt before the fifth (2026-12-07), heldout-6.txt before the sixth (2026-12-07, rules and
// playbooks only), heldout-7.txt before the seventh (2026-12-07, rules and playbooks only), heldout-8.txt before
// the eighth (2026-12-07, rules and playbooks only), heldout-9.txt before the ninth (2026-12-07, rules
// and playbooks only), heldout-10.txt during the ninth by a helper not tuning the scorer (2026-12-07,
// to measure that round's rules and escalation detector afterwards), heldout-11.txt during the tenth by
// a helper not tuning the scorer (2026-12-07, likewise), heldout-12.txt during the twelfth by a helper not
// tuning the scorer (2026-12-07, likewise; set 11 was read at the end of the eleventh; set 12 was read
// per call at the end of the twelfth and one escalation rule, round 14, was made from it), heldout-13.txt on 2026-12-08
// by a helper not tuning the scorer (measured untouched before and after criteria round 13; read per call at the
// end of round 13, then the recording-disclosure and TPMO part-1 readings were made from it: a tuned set since;
// per-call lines with `--show-13`), heldout-14.txt on 2026-12-08 by a helper not tuning the scorer who neither
// read the rules nor ran the scorer (measured untouched and after criteria round 14, then read per call at the end of that day: per-call lines with `--show-14`;
// a read set since). Each is reported on its own: a set whose results
// were read during a round of tuning no longer counts as unseen for the next one.
const FRESH_FILES = ['heldout-2.txt'];
const SEEN_3_FILES = ['heldout-3.txt'];
const SEEN_4_FILES = ['heldout-4.txt'];
const SEEN_5_FILES = ['heldout-5.txt'];
const SEEN_6_FILES = ['heldout-6.txt'];
const SEEN_7_FILES = ['heldout-7.txt'];
const SEEN_8_FILES = ['heldout-8.txt'];
const SEEN_9_FILES = ['heldout-9.txt'];
const SEEN_10_FILES = ['heldout-10.txt'];
const SEEN_11_FILES = ['heldout-11.txt'];
const FRESH_12_FILES = ['heldout-12.txt'];
const showFresh12 = process.argv.includes('--show-12');
const FRESH_13_FILES = ['heldout-13.txt'];
const showFresh13 = process.argv.includes('--show-13');
const FRESH_14_FILES = ['heldout-14.txt'];
const showFresh14 = process.argv.includes('--show-14');
const parts: Array<[string, string[]]> = [['tuned', TUNED_FILES]];
if (!tunedOnly) {
  parts.push(['held-out, seen', HELD_OUT_FILES]);
  // --no-fresh: while tuning, the fresh set is not even looked at in aggregate.
  if (!process.argv.includes('--no-fresh')) {
    parts.push(['held-out 2', FRESH_FILES]);
    parts.push(['held-out 3', SEEN_3_FILES]);
    parts.push(['held-out 4', SEEN_4_FILES]);
    parts.push(['held-out 5', SEEN_5_FILES]);
    parts.push(['held-out 6', SEEN_6_FILES]);
    parts.push(['held-out 7', SEEN_7_FILES]);
    parts.push(['held-out 8', SEEN_8_FILES]);
    parts.push(['held-out 9', SEEN_9_FILES]);
    parts.push(['held-out 10', SEEN_10_FILES]);
    parts.push(['held-out 11', SEEN_11_FILES]);
    parts.push(['held-out 12, read at the end of round 12', FRESH_12_FILES]);
    parts.push(['held-out 13, read at the end of round 13', FRESH_13_FILES]);
    parts.push(['held-out 14, read at the end of round 14', FRESH_14_FILES]);
  }
}
for (const [name, files] of parts) {
  const a = measureAgreement(files.flatMap((f) => readLabelledCalls(f)));
  console.log(formatAgreement(`${name} (${files.join(', ')})`, a));
  const hidden =
    (files === FRESH_12_FILES && !showFresh12) ||
    (files === FRESH_13_FILES && !showFresh13) ||
    (files === FRESH_14_FILES && !showFresh14);
  if (listAll && !hidden) {
    for (const d of a.disagreements)
      console.log(`    ${d.call} ${d.criterion}: expected ${d.expected}, got ${d.got} — ${d.explanation}`);
  }
}
