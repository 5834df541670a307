/**
 * `npm run bench:acts`: how fast the built-in act model loads and tags. The scorer's budget is
 * ≥ 1,000 ten-minute calls/s on one core (~150 utterances each), so tagging must stay at a few
 * microseconds per utterance. Calls are built from the corpus (real and written turns).
 */
import type { Utterance } from '@teachback/core';
import { builtinActModel, readActCorpus } from '@teachback/config';

const loadStart = process.hrtime.bigint();
const model = builtinActModel();
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

const turns: Utterance[] = readActCorpus().flatMap((c) =>
  c.turns.map((t) => ({ speaker: t.speaker, text: t.text, startMs: null, endMs: null })),
);
const CALL_LENGTH = 150;
const calls: Utterance[][] = [];
for (let i = 0; i + CALL_LENGTH <= turns.length; i += CALL_LENGTH)
  calls.push(turns.slice(i, i + CALL_LENGTH));

for (let i = 0; i < 3; i++) for (const call of calls) model.tagTranscript(call); // warm-up (JIT)
const rounds = 10;
let fired = 0;
// CPU time, not wall time: the budget is per core, and a shared machine inflates wall time.
const start = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  for (const call of calls) for (const u of model.tagTranscript(call)) fired += u.acts.length;
}
const used = process.cpuUsage(start);
const seconds = (used.user + used.system) / 1e6;
const tagged = rounds * calls.length;
process.stdout.write(
  `act model ${model.version}: loaded in ${loadMs.toFixed(0)} ms\n` +
    `tagged ${tagged} calls of ${CALL_LENGTH} utterances in ${seconds.toFixed(2)} s of CPU: ` +
    `${(tagged / seconds).toFixed(0)} calls/s, ${((seconds / (tagged * CALL_LENGTH)) * 1e6).toFixed(2)} µs/utterance ` +
    `(${fired} acts fired)\n`,
);
