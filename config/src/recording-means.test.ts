import { statusOf, call } from './testing/calls';

/**
 * recording-disclosure in other words (issue 14, read from held-out set 13 at the end of its
 * round): a means of capture or listening said of the calls counts, in both built-in playbooks;
 * a capture word that is not about the calls does not. Wordings written for this file, none from
 * set 13. The first `met` case is missed on the code before the change; the guards must not move.
 * Synthetic people only.
 */

type Case = [id: string, playbook: string, expected: string, opening: string];

const rest = [
  '[0:06] C: hi, this is Tamsin Orrow, I have a question about my bill.',
  '[0:12] A: Sure, let me help with that.',
];

function check(cases: Case[]): void {
  for (const [id, playbook, expected, opening] of cases)
    expect([id, statusOf(playbook, 'recording-disclosure', call(`[0:00] A: ${opening}`, ...rest))]).toEqual([
      id,
      expected,
    ]);
}

describe('recording-disclosure: the calls captured or listened to, in other words', () => {
  it('counts a capture or listening means said of the calls', () => {
    check([
      [
        'r-1',
        'healthcare-inbound',
        'met',
        'Larkfield Clinic, Bo speaking, and heads up, we hold an audio copy of each call.',
      ],
      [
        'r-2',
        'healthcare-inbound',
        'met',
        'larkfield clinic bo here our manager sometimes listens in on calls',
      ],
      [
        'r-3',
        'medicare-sales',
        'met',
        'Sunmeadow Medicare Help, Ines speaking; we store an audio file of all calls.',
      ],
      [
        'r-4',
        'medicare-sales',
        'met',
        'Sunmeadow, this is Ines. All of our calls get taped, just so you know.',
      ],
    ]);
  });
  it('does not count capture words that are not about the calls', () => {
    check([
      [
        'g-1',
        'healthcare-inbound',
        'missed',
        'Larkfield Clinic, Bo speaking, sorry, your audio keeps cutting out.',
      ],
      [
        'g-2',
        'healthcare-inbound',
        'missed',
        'Larkfield Clinic, Bo speaking, I have the file from your last call here.',
      ],
      ['g-3', 'medicare-sales', 'missed', 'Sunmeadow, this is Ines, thanks for returning our call.'],
    ]);
  });
});
