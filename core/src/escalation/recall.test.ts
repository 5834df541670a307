import type { EscalationType } from '../model/escalation';
import { candidateTypes, conceptsIn } from './recall';
import { normalise } from './text';

function candidates(text: string): EscalationType[] {
  const n = normalise(text);
  const into = new Set<EscalationType>();
  candidateTypes(n, conceptsIn(n), into);
  return [...into].sort();
}

describe('recall layer (issue 14 round 2)', () => {
  it('makes a fall with a deformed limb a medical candidate', () => {
    expect(candidates('I slipped on the steps and my shin is bent sideways')).toEqual(['medical_emergency']);
  });

  it('makes any ingestion a crisis candidate too, so the classifier reads the intent', () => {
    expect(candidates('I swallowed a whole bottle of aspirin')).toEqual([
      'medical_emergency',
      'mental_health_crisis',
    ]);
  });

  it('lets one everyday death word count beside a wish', () => {
    expect(candidates('I keep hoping I just stay asleep')).toEqual(['mental_health_crisis']);
    // The same everyday word with no wish stays out.
    expect(candidates('I fell asleep on the couch')).not.toContain('mental_health_crisis');
  });

  it('lets one everyday means word count beside a plan', () => {
    expect(candidates('the pills are lined up on the dresser')).toEqual(['mental_health_crisis']);
  });

  it('leaves a routine turn without candidates', () => {
    expect(candidates('can you resend the explanation of benefits')).toEqual([]);
  });
});
