/**
 * `npm run bench`: scores synthetic 10-minute calls (~150 utterances) against both built-in
 * playbooks on one core and compares with a tokenize-only pass over the same text (our floor).
 * The built-in act model tags every call inside the measured path (once per call, shared by both
 * playbooks). Targets: >= 1,000 calls/s, act model loads in < 1 s. Figures are printed, never
 * asserted in tests.
 *
 * Calls are generated in batches (as they would arrive) so the heap holds what a scoring worker
 * holds, not 10,000 calls at once. Both wall-clock and CPU time are printed: on a busy machine the
 * CPU figure is the fairer one-core number.
 */
import {
  analyzeTranscript,
  detectEscalations,
  scoreAnalyzed,
  tokenize,
  type Transcript,
} from '@teachback/core';
import { builtinActModel, builtinEscalationModel, loadCompiledPlaybook } from '@teachback/config';
import { syntheticCall } from './synthetic-calls';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 10_000);
const BATCH = 500;
const load0 = process.hrtime.bigint();
const actModel = builtinActModel();
const modelLoadMs = Number(process.hrtime.bigint() - load0) / 1e6;
const escLoad0 = process.hrtime.bigint();
const escalationModel = builtinEscalationModel();
const escalationLoadMs = Number(process.hrtime.bigint() - escLoad0) / 1e6;
const playbooks = [loadCompiledPlaybook('healthcare-inbound'), loadCompiledPlaybook('medicare-sales')];

function tokenizeOnly(calls: Transcript[]): number {
  let words = 0;
  for (const c of calls) for (const u of c.utterances) words += tokenize(u.text).length;
  return words;
}

function scoreAll(calls: Transcript[], first: number): number {
  let checksum = 0;
  for (let i = 0; i < calls.length; i++) {
    const t = calls[i]!;
    const analyzed = analyzeTranscript(t);
    const escalations = detectEscalations(t.utterances, { model: escalationModel });
    for (const pb of playbooks) {
      const r = scoreAnalyzed(
        analyzed,
        pb,
        // The act tagger the playbook was compiled with (compileForScoring): the learned acts plus
        // the name reader, as in every scoring path.
        { interactionId: String(first + i), callDate: '2026-11-01' },
        t,
        escalations,
      );
      checksum += r.scorecard.score + r.coaching.length;
    }
  }
  return checksum;
}

interface Clock {
  wall: number;
  cpu: number;
}

function measure<T>(acc: Clock, fn: () => T): T {
  const w0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  acc.wall += Number(process.hrtime.bigint() - w0) / 1e9;
  acc.cpu += (c.user + c.system) / 1e6;
  return out;
}

// Warm up the JIT and the word table so both passes are measured hot.
const warm = Array.from({ length: BATCH }, (_, i) => syntheticCall(1_000_000 + i));
tokenizeOnly(warm);
scoreAll(warm, 0);

const tok: Clock = { wall: 0, cpu: 0 };
const score: Clock = { wall: 0, cpu: 0 };
let words = 0;
let utterances = 0;
let checksum = 0;
for (let b = 0; b < CALLS; b += BATCH) {
  const calls = Array.from({ length: Math.min(BATCH, CALLS - b) }, (_, i) => syntheticCall(b + i + 1));
  utterances += calls.reduce((s, c) => s + c.utterances.length, 0);
  words += measure(tok, () => tokenizeOnly(calls));
  checksum += measure(score, () => scoreAll(calls, b));
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  `calls: ${fmt(CALLS)}  utterances: ${fmt(utterances)}  words: ${fmt(words)}  playbooks: ${playbooks.map((p) => p.playbook.id).join(' + ')}`,
);
console.log(`act model ${actModel.version}: loaded in ${modelLoadMs.toFixed(0)} ms (target < 1,000 ms)`);
console.log(`escalation classifier: loaded in ${escalationLoadMs.toFixed(0)} ms (target < 1,000 ms)`);
console.log(`tokenize-only: wall ${tok.wall.toFixed(3)} s, cpu ${tok.cpu.toFixed(3)} s`);
console.log(
  `score (analyze + escalations + act tagging + both playbooks + coaching): wall ${score.wall.toFixed(3)} s, cpu ${score.cpu.toFixed(3)} s`,
);
console.log(
  `throughput: ${fmt(CALLS / score.wall)} calls/s wall, ${fmt(CALLS / score.cpu)} calls/s cpu (target >= 1,000)`,
);
console.log(
  `ratio score/tokenize: ${(score.wall / tok.wall).toFixed(2)} wall, ${(score.cpu / tok.cpu).toFixed(2)} cpu  [checksum ${checksum}]`,
);
