import { detectEscalations, importTranscript } from '@teachback/core';
import { TUNED_FILES, measureAgreement, readLabelledCalls } from './accuracy';

/**
 * Agreement with a reviewer's labels on the tuned part of the labelled corpus (realistic calls in
 * many voices; phrasing deliberately not copied from the playbooks). The held-out part is not
 * tested here: `npm run accuracy` reports it, so nobody tunes the rules until it passes.
 */
const tuned = TUNED_FILES.flatMap((f) => readLabelledCalls(f));
const agreement = measureAgreement(tuned);

describe('built-in playbooks against reviewer labels (tuned part)', () => {
  it('agree on at least 95 % of compliance findings', () => {
    const { agree, total } = agreement.compliance;
    expect(agree / total).toBeGreaterThanOrEqual(0.95);
  });
  it('agree on at least 90 % of all findings', () => {
    expect(agreement.all.agree / agreement.all.total).toBeGreaterThanOrEqual(0.9);
  });
  it('no call where the agent missed the emergency response is scored as if it had been handled', () => {
    // (An emergency the escalation detector does not raise is the detector's miss, counted above.)
    expect(
      agreement.disagreements.filter((d) => d.criterion === 'emergency-response' && d.expected === 'missed'),
    ).toEqual([]);
  });
});

describe.each(readLabelledCalls('calls.txt').map((c) => [c.id, c] as const))(
  'escalations of %s',
  (_id, call) => {
    it(`are ${call.escalations.join(',') || 'none'}`, () => {
      const { transcript } = importTranscript(call.text, { format: 'text' });
      const types = [...new Set(detectEscalations(transcript.utterances).map((e) => e.type))].sort();
      expect(types).toEqual([...call.escalations].sort());
    });
  },
);
