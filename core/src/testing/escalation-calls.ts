import type { Utterance } from '../model/transcript';

/**
 * Test support for the escalation detector's tests (not exported from the package).
 *
 * A call written as lines, one utterance each six seconds apart: a line starting `Agent: ` is
 * the agent's, any other the caller's.
 */
export function writtenCall(...turns: string[]): Utterance[] {
  return turns.map((line, i) => {
    const agent = line.startsWith('Agent: ');
    return {
      speaker: agent ? 'agent' : 'customer',
      startMs: i * 6000,
      endMs: i * 6000 + 5000,
      text: agent ? line.slice('Agent: '.length) : line,
    };
  });
}
