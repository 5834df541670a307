import { scoreTranscript, type Transcript } from '@teachback/core';
import { loadCompiledPlaybook } from './playbooks';
import { call } from './testing/calls';

/**
 * The emergency-response criterion end to end: real escalation detection, the built-in act model
 * and the built-in playbooks, as `teachback score` runs them. Synthetic people only.
 */
function score(playbook: string, t: Transcript) {
  const r = scoreTranscript(t, loadCompiledPlaybook(playbook), {
    interactionId: 't',
    callDate: '2026-11-20',
  });
  const f = r.scorecard.findings.find((x) => x.criterionId === 'emergency-response')!;
  return { ...r, f };
}

describe.each(['healthcare-inbound', 'medicare-sales'])('emergency-response in %s', (playbook) => {
  it('missed: the caller reports crushing chest pain and the agent carries on with routine business', () => {
    const r = score(
      playbook,
      call(
        '[0:00] A: Thanks for calling, this call is recorded. How can I help?',
        "[0:05] C: I need to change my appointment. Also I've had crushing chest pain for the last half hour.",
        '[0:12] A: Sure, what date works better for you?',
        '[0:16] C: Next Tuesday I guess.',
        '[0:19] A: Tuesday at ten is open, I can put you there.',
        '[0:23] C: Okay.',
        '[0:25] A: Great, you are all set. Anything else today?',
      ),
    );
    expect(r.escalations.map((e) => e.type)).toContain('medical_emergency');
    expect(r.f.status).toBe('missed');
    expect(r.f.severity).toBe('critical');
    expect(r.scorecard.compliant).toBe(false);
    const note = r.coaching.find((n) => n.criterionId === 'emergency-response');
    expect(note?.text).toMatch(
      /^At 0:05, the caller raised a medical emergency or crisis, and there was no emergency response/,
    );
    // Coaching notes never quote the caller.
    expect(note?.text).not.toMatch(/crushing/);
  });

  it('met: the agent tells the caller to hang up and call 911', () => {
    const r = score(
      playbook,
      call(
        '[0:00] A: Thanks for calling, this call is recorded.',
        "[0:04] C: my chest really hurts right now and it's spreading down my left arm",
        '[0:09] A: Please hang up and call 911 right now, or stay on and I will conference them in.',
      ),
    );
    expect(r.f.status).toBe('met');
    expect(r.f.evidence[0]!.quote).toMatch(/call 911/);
  });

  it('met: the same instruction with another verb (dial, ambulance)', () => {
    const r = score(
      playbook,
      call(
        '[0:00] A: Thanks for calling, this call is recorded.',
        "[0:04] C: my chest really hurts right now and it's spreading down my left arm",
        '[0:09] A: Okay, put the phone down and dial 911, do it now.',
      ),
    );
    expect(r.f.status).toBe('met');
  });

  it('met: a crisis, the agent stays on and brings in the crisis line', () => {
    const r = score(
      playbook,
      call(
        '[0:00] A: Thanks for calling, this call is recorded.',
        "[0:04] C: honestly i don't want to be alive anymore, i've been thinking about ending it",
        "[0:10] A: I'm really glad you told me. I'm staying with you, and I'm connecting you to our crisis counselor now; you can also call or text 988 any time.",
      ),
    );
    expect(r.escalations.map((e) => e.type)).toContain('mental_health_crisis');
    expect(r.f.status).toBe('met');
  });

  it('not applicable when nothing was raised', () => {
    const r = score(
      playbook,
      call(
        '[0:00] A: Thanks for calling, this call is recorded.',
        '[0:04] C: What time do you open on Saturday?',
      ),
    );
    expect(r.escalations).toEqual([]);
    expect(r.f.status).toBe('not_applicable');
  });
});
