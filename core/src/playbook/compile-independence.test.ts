import { TeachbackError } from '../errors';
import type { Transcript } from '../model/transcript';
import { compilePlaybook } from './compile';
import { evaluatePlaybook } from './evaluate';
import { analyzeTranscript } from './match';
import type { PlaybookInput } from './schema';

/**
 * A compiled playbook owns its vocabulary: what it matches must not depend on which other
 * playbooks the process compiled, nor on when. The two lexicons below each hold a drug name one
 * misrecognition away from "metforman", the word the recognizer wrote: alone, either playbook
 * reads it as its own drug; were their terms shared, the slip would be ambiguous and match neither.
 */
function playbook(id: string, drug: string): PlaybookInput {
  return {
    id,
    version: '1',
    title: id,
    lexicons: { meds: [drug] },
    criteria: [
      {
        id: 'med-review',
        title: 'Medication review',
        category: 'adherence',
        severity: 'medium',
        weight: 1,
        tip: 'Review the medication.',
        rule: { require: [{ phrases: ['review your {meds} dose'], speaker: 'agent' }] },
      },
    ],
  };
}

const clinic = playbook('clinic', 'metformin');
const pharmacy = playbook('pharmacy', 'metformat');

const call: Transcript = {
  utterances: [
    { speaker: 'agent', startMs: 1000, endMs: 4000, text: 'Let us review your metforman dose today.' },
  ],
};

function statusOf(cp: ReturnType<typeof compilePlaybook>, analyzed = analyzeTranscript(call)): string {
  return evaluatePlaybook(analyzed, cp, { interactionId: 'c1' }, call).scorecard.findings[0]!.status;
}

describe('compiled playbooks are independent of each other', () => {
  it('scores a playbook the same before and after another one is compiled', () => {
    const first = compilePlaybook(clinic);
    const before = statusOf(first);
    compilePlaybook(pharmacy);
    expect(before).toBe('met');
    expect(statusOf(first)).toBe('met');
  });

  it('gives the same results whichever of two playbooks is compiled first', () => {
    const clinicFirst = [compilePlaybook(clinic), compilePlaybook(pharmacy)];
    const pharmacyFirst = [compilePlaybook(pharmacy), compilePlaybook(clinic)].reverse();
    const results = (pair: ReturnType<typeof compilePlaybook>[]) => pair.map((cp) => statusOf(cp));
    expect(results(clinicFirst)).toEqual(['met', 'met']);
    expect(results(pharmacyFirst)).toEqual(results(clinicFirst));
  });

  it('scores one analysis against both, whether it was made before or after they were compiled', () => {
    const early = analyzeTranscript(call);
    const a = compilePlaybook(clinic);
    const b = compilePlaybook(pharmacy);
    const late = analyzeTranscript(call);
    expect([statusOf(a, early), statusOf(b, early)]).toEqual(['met', 'met']);
    expect([statusOf(a, late), statusOf(b, late)]).toEqual(['met', 'met']);
  });

  it('does not let a compiled vocabulary take new terms', () => {
    const cp = compilePlaybook(clinic);
    expect(() => cp.vocabulary.register('insulin')).toThrow(TeachbackError);
    expect(compilePlaybook(clinic).vocabulary).not.toBe(cp.vocabulary);
  });
});
