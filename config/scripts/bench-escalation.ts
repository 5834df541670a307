/**
 * `npm run bench:escalation [-- calls]`: escalation detection over synthetic 10-minute calls,
 * with the cue rules alone and with the learned classifier (config/models/escalation.json), next
 * to a plain tokenising pass, and how long the model takes to load. Prints figures only.
 */
import { detectEscalations } from '@teachback/core';
// The bench's synthetic calls live beside the detector in core; reached directly for one script.
import { run } from '../../core/src/escalation/escalation.bench';
import { builtinEscalationModel } from '../src/escalation';

const total = Number(process.argv[2] ?? 10000);
const t0 = performance.now();
const model = builtinEscalationModel();
console.log(`escalation classifier loaded in ${(performance.now() - t0).toFixed(0)} ms`);
run(total);
run(total, (call) => detectEscalations(call, { model }), 'learned classifier');
