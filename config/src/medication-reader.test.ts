import { namesMedication } from './medication-reader';

// Generic-name endings (GENERIC_STEM) read in place: made-up generics are read by their stem in
// any case, and everyday words ending in the same letters are not.
describe('medication reader: generic-name endings', () => {
  it.each([
    'your zorbapril is ready for pickup',
    'she takes QUELSARTAN every morning',
    'his Travoxetine refill went through',
    'your dose of plimzolam was changed',
    'they moved you to fendomab last month',
    'he is on sorvavir now',
  ])('reads a generic stem as a drug named as someone’s: %s', (text) => {
    expect(namesMedication(text)).toBe(true);
  });

  it.each([
    'your schedule for the afternoon is open',
    'his appointment confirmation number',
    'your parking garage ticket',
    'she said the summit office is closer',
    'they told her the problem was the pril', // a stem alone is shorter than a generic
    'your viral load was fine', // "viral" does not end in a stem
  ])('leaves everyday words alone: %s', (text) => {
    expect(namesMedication(text)).toBe(false);
  });
});
