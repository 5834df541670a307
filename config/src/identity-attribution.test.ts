import { scorePlaybook, type Transcript } from '@teachback/core';
import { builtinActModel } from './acts';
import { loadCompiledPlaybook } from './playbooks';
import { call } from './testing/calls';

/**
 * Identity verification with the built-in act model, on wordings that are not in the act corpus
 * or the playbooks' phrases: a request that names the record it will open, an answer giving name
 * and date of birth in one breath, and two identifiers asked in one question. Synthetic people.
 */
function identity(t: Transcript) {
  const card = scorePlaybook(t, loadCompiledPlaybook('healthcare-inbound'), { interactionId: 't' });
  return card.findings.find((x) => x.criterionId === 'identity-verification')!;
}

function provided(text: string, request: string): string[] {
  const tags = builtinActModel().tagTranscript(call(`[0:05] A: ${request}`, `[0:09] C: ${text}`).utterances);
  return tags[1]!.acts
    .filter((a) => a.act === 'identifier-provide')
    .map((a) => a.detail!)
    .sort();
}

describe('a request that names the record it opens is not the disclosure', () => {
  const disclosure = '[0:20] A: Alright, the cardiology follow-up is booked for the 9th at 2:15.';
  it.each([
    'Could I grab your name and date of birth so I can bring up your physical?',
    // Scored `missed` without the playbook's `unless` (the request was taken as the disclosure).
    'Okay, can I get your name and date of birth to pull up the therapy visit?',
    "What's your name and date of birth, and I'll pull up the lab work.",
    'Can I have your first and last name and date of birth to look at the refill?',
  ])('%s', (request) => {
    const f = identity(
      call(
        '[0:01] A: Maple Street Clinic, calls are recorded.',
        `[0:10] A: ${request}`,
        '[0:14] C: Ansel Nobody, 2/14/1957.',
        disclosure,
      ),
    );
    expect(f.status).toBe('met');
  });
  it('the disclosure still counts when it comes first in the turn', () => {
    const f = identity(
      call(
        '[0:01] A: Maple Street Clinic, calls are recorded.',
        '[0:10] A: Your biopsy came back clear. Can I get your name and date of birth?',
        '[0:14] C: Ansel Nobody, 2/14/1957.',
      ),
    );
    expect(f.status).toBe('missed');
  });
});

describe('name and date of birth given in one answer', () => {
  const request = 'Can I get your name and date of birth?';
  it.each([
    'Marisol Fakeworth, 9/12/1966',
    "it's marisol fakeworth, september twelfth nineteen sixty six",
    'Marisol Fakeworth and my birthday is Sept 12, 1966',
    'um Fakeworth, Marisol... born 12 September 1966',
  ])('%s gives both', (answer) => {
    expect(provided(answer, request)).toEqual(expect.arrayContaining(['dob', 'name']));
  });
  it('a name alone does not give a date of birth', () => {
    expect(provided('Marisol Fakeworth', request)).not.toContain('dob');
  });
});

describe('two identifiers asked in one question', () => {
  const lines = (request: string, answer: string) =>
    call(
      '[0:01] A: Maple Street Clinic, calls are recorded.',
      '[0:04] C: I wanted my potassium result.',
      `[0:08] A: ${request}`,
      `[0:12] C: ${answer}`,
      '[0:18] A: Okay, the potassium came back at 4.1, right in range.',
    );
  it.each([
    ['Your birthday and the phone number we have for you?', 'April 2nd 1981, and 302-555-0148'],
    ['I need the number we have on file plus your birth date.', '(302) 555-0148, and 4/2/81'],
    ['Birth date and best callback number on the account, please.', 'it is 4-2-1981 and 302 555 0148'],
  ])('%s', (request, answer) => {
    const f = identity(lines(request, answer));
    expect(f.status).toBe('met');
    expect(f.explanation).toMatch(/date of birth/);
    expect(f.explanation).toMatch(/phone/);
  });
});
