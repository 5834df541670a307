import { identifierCues } from './identifier-cues';

describe('identifierCues', () => {
  it.each([
    ['Delia Notreal, 11/30/1958', ['dob']],
    ['it is Ola Nemo, 6/6/1959. about my scan', ['dob']],
    ['its 7-4-62', ['dob']],
    ['Feb 9th, 1949 and my cell is 410 555 0192', ['dob', 'phone']],
    ['born the 21st of October 1990', ['dob']],
    ['august fourth nineteen fifty two', ['dob']],
    ['1975-12-01', ['dob']],
    ['(302) 555-0147', ['phone']],
    ['the number is 555.0147', ['phone']],
  ])('%s → %j', (text, cues) => {
    expect(identifierCues(text)).toEqual(cues);
  });
  it.each([
    ['a date without a year is not a date of birth', 'the appointment is Feb 9th at two'],
    ['an SSN-shaped number is not a phone', 'last four 4821, full 123-45-6789'],
    ['a member code is not a phone', 'my card says 3HT7-QP2-WX55'],
    ['a short number', 'room 4512'],
  ])('%s', (_why, text) => {
    expect(identifierCues(text)).toEqual([]);
  });
});
