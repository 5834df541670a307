import { call, statusOf } from './testing/calls';

/**
 * The criteria changed in issue 14's tenth round, on wordings that are in neither the act corpus,
 * the playbooks' phrases nor the labelled calls. Synthetic people only.
 */

const HC = 'healthcare-inbound';
const MED = 'medicare-sales';

describe('recording disclosure: about the call being recorded or monitored', () => {
  // The act model scores an opening of this shape as a disclosure (0.95): the rule reads the
  // recording words beside it.
  it('an agent returning the call is no disclosure', () => {
    const opening = 'Hi, this is Marisol with Tallgrass Senior Benefits returning your phone call.';
    expect(
      statusOf(MED, 'recording-disclosure', call(`[0:00] A: ${opening}`, '[0:05] C: Oh yes, hello.')),
    ).toBe('missed');
    expect(
      statusOf(HC, 'recording-disclosure', call(`[0:00] A: ${opening}`, '[0:05] C: Oh yes, hello.')),
    ).toBe('missed');
  });
  it('other call-back openings are none either', () => {
    for (const opening of [
      'Hello, Priscilla here from Tallgrass Medicare Advisors, getting back to you about your inquiry.',
      'Good morning, this is Ingrid with Pinecrest Medicare Partners, calling you back.',
    ]) {
      const t = call(`[0:00] A: ${opening}`, '[0:06] C: Oh right, hello.');
      expect(statusOf(MED, 'recording-disclosure', t)).toBe('missed');
    }
  });
  it('a disclosure in other words still counts', () => {
    for (const opening of [
      'Kettle Creek Family Medicine, heads up this call may be taped for quality, Wes speaking.',
      'Kettle Creek Family Medicine, a supervisor may be listening in for quality, Wes speaking.',
      'Marlowe Clinic, just a heads-up that our conversation is being recorded, this is Quentin.',
    ]) {
      expect(statusOf(HC, 'recording-disclosure', call(`[0:00] A: ${opening}`, '[0:06] C: Sure.'))).toBe(
        'met',
      );
    }
    const m = call(
      '[0:00] A: Hi, this is Marisol with Tallgrass Senior Benefits returning your phone call, and calls here are monitored and recorded.',
      '[0:06] C: Okay.',
    );
    expect(statusOf(MED, 'recording-disclosure', m)).toBe('met');
  });
});
