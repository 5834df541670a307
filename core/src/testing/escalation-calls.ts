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

/**
 * Checks what a call raised (`type:severity` strings) against the expected types, each written
 * `type:grade` or `type:grade|grade` (any of those grades): every expected type raised at one of
 * its grades (the highest raised of that type), and no other type.
 */
export function expectHighestGrades(got: readonly string[], expected: readonly string[]): void {
  const rank = ['moderate', 'high', 'critical'];
  const highest = new Map<string, string>();
  for (const g of got) {
    const [type, grade] = g.split(':') as [string, string];
    const was = highest.get(type);
    if (was === undefined || rank.indexOf(grade) > rank.indexOf(was)) highest.set(type, grade);
  }
  expect([...highest.keys()].sort()).toEqual(expected.map((w) => w.split(':')[0]!).sort());
  for (const want of expected) {
    const [type, grades] = want.split(':') as [string, string];
    expect(grades.split('|')).toContain(highest.get(type));
  }
}
