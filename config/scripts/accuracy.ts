/**
 * `npm run accuracy`: agreement of the built-in playbooks (with the built-in act model) with the
 * reviewer labels in config/fixtures/accuracy, on the tuned part and the held-out part separately.
 * `--tuned` prints only the tuned part and its disagreements (for working on the rules without
 * seeing the held-out results); `--disagreements` lists each disagreement.
 */
import {
  HELD_OUT_FILES,
  TUNED_FILES,
  formatAgreement,
  measureAgreement,
  readLabelledCalls,
} from '@teachback/config';

const tunedOnly = process.argv.includes('--tuned');
const listAll = process.argv.includes('--disagreements') || tunedOnly;

const parts: Array<[string, string[]]> = [['tuned', TUNED_FILES]];
if (!tunedOnly) parts.push(['held-out', HELD_OUT_FILES]);
for (const [name, files] of parts) {
  const a = measureAgreement(files.flatMap((f) => readLabelledCalls(f)));
  console.log(formatAgreement(`${name} (${files.join(', ')})`, a));
  if (listAll) {
    for (const d of a.disagreements)
      console.log(`    ${d.call} ${d.criterion}: expected ${d.expected}, got ${d.got} — ${d.explanation}`);
  }
}
