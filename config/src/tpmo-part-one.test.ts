import { statusOf, call } from './testing/calls';

/**
 * tpmo-disclaimer part 1 ("we do not offer every plan available in your area") in other words
 * (issue 14, read from held-out set 13 at the end of its round): some plans sold in the
 * beneficiary's area are left out of what the agency offers. Wordings written for this file, none
 * from set 13; parts 2 and 3 are said the same way in every case. The first `met` case is missed
 * on the code before the change; the guards must not move. Synthetic people only.
 */

type Case = [id: string, expected: string, partOne: string];

function check(cases: Case[]): void {
  for (const [id, expected, partOne] of cases)
    expect([
      id,
      statusOf(
        'medicare-sales',
        'tpmo-disclaimer',
        call(
          '[0:00] A: Thanks for calling Sunmeadow Medicare Help, this call is recorded. Who do I have?',
          '[0:05] C: Hi, this is Corwin Adeyemi, I want to look at drug plans.',
          `[0:10] A: Sure. First, a required statement. ${partOne} We represent four organizations which offer 13 products in your area. Please contact Medicare.gov, 1-800-MEDICARE, or your local SHIP for all of your options.`,
          '[0:40] A: The first plan is 14 dollars a month with a 200 dollar deductible.',
        ),
      ),
    ]).toEqual([id, expected]);
}

describe('tpmo-disclaimer: not every plan, in other words', () => {
  it('counts plans in the area left out of what the agency offers', () => {
    check([
      ['p-1', 'met', 'Some of the plans sold near you are not ones we carry.'],
      ['p-2', 'met', 'There are plans around you that we do not offer.'],
      ['p-3', 'met', 'A few plans in your area are not on our list.'],
    ]);
  });
  it('does not count a statement that leaves nothing out', () => {
    check([
      ['g-1', 'missed', 'We have lots of plans near you.'],
      ['g-2', 'missed', 'Our list has plans in your area.'],
    ]);
  });
});

describe('tpmo-disclaimer: not every plan, said with hesitations', () => {
  it('reads a negation across a filler set off by commas', () => {
    check([
      ['d-1', 'met', 'We do not, uh, sell every plan that is available in your area.'],
      ['d-2', 'met', 'We, um, cannot, er, offer you every plan in your area.'],
    ]);
  });
  it('does not let a reply "no" before a filler negate what follows', () => {
    check([
      ['dg-1', 'missed', 'No, um, we offer every plan in your area.'],
      ['dg-2', 'missed', 'We, uh, offer every plan in your area.'],
    ]);
  });
});
