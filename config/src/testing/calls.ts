import { scorePlaybook, type Transcript, type Utterance } from '@teachback/core';
import { loadCompiledPlaybook } from '../playbooks';

/**
 * Test helpers for the built-in playbooks: a call written as lines `[m:ss] A: …` / `[m:ss] C: …`
 * (agent / caller, two seconds each), and one criterion's status on it.
 */
export function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l, i) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l);
    if (!m) throw new Error(`bad test line ${i}: ${l}`);
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 2000, text: m[4]! };
  });
  return { utterances };
}

/** The status of `criterion` when `t` is scored with the built-in `playbook` (dated 2026-12-07 unless given). */
export function statusOf(
  playbook: string,
  criterion: string,
  t: Transcript,
  callDate = '2026-12-07',
): string {
  const card = scorePlaybook(t, loadCompiledPlaybook(playbook), { interactionId: 't', callDate });
  const f = card.findings.find((x) => x.criterionId === criterion);
  if (!f) throw new Error(`no finding ${criterion}`);
  return f.status;
}
