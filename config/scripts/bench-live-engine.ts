/**
 * `npm run bench:live-engine [-- calls]`: per-utterance cost of core's live session engine with
 * the built-in playbooks, act model and escalation classifier. Prints figures only.
 */
import { runLiveBench } from '../../core/src/live/live.bench';
import { loadCompiledPlaybook } from '../src/playbooks';

const calls = Number(process.argv[2] ?? 100);
for (const id of ['healthcare-inbound', 'medicare-sales']) {
  const cp = loadCompiledPlaybook(id);
  // Warm-up: the first call pays for JIT compilation.
  runLiveBench(cp, 5, `${id} (warm-up)`);
  runLiveBench(cp, calls, id);
}
