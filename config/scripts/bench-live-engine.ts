/**
 * `npm run bench:live-engine [-- calls]`: per-utterance cost of core's live session engine with
 * the built-in playbooks, act model and escalation classifier. Prints figures only.
 */
import { createLiveSession } from '@teachback/core';
// The synthetic calls live beside the engine in core; reached directly for one script.
import { runLiveBench, type NewSession } from '../../core/src/live/live.bench';
import { loadCompiledPlaybook } from '../src/playbooks';

const calls = Number(process.argv[2] ?? 100);
for (const id of ['healthcare-inbound', 'medicare-sales']) {
  const playbook = loadCompiledPlaybook(id);
  const newSession: NewSession = (callId) => createLiveSession({ callId, playbook, callDate: '2026-11-02' });
  // Warm-up: the first calls pay for JIT compilation.
  runLiveBench(newSession, 5, `${id} (warm-up)`);
  runLiveBench(newSession, calls, id);
}
