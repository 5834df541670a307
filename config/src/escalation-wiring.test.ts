import {
  createEscalationMonitor,
  detectEscalations,
  scoreTranscript,
  type EscalationModel,
  type Transcript,
} from '@teachback/core';
import { builtinEscalationModel, newEscalationMonitor } from './escalation';
import { loadCompiledPlaybook } from './playbooks';

/**
 * The built-in escalation classifier is what post-call scoring and live monitors decide with
 * (issue 14): attached to every compiled playbook, overridable per call. Synthetic people only.
 */
const crisis: Transcript = {
  utterances: [
    {
      speaker: 'agent',
      text: 'Thanks for calling, this call is recorded. How can I help?',
      startMs: 0,
      endMs: 3000,
    },
    {
      speaker: 'customer',
      text: "my brother just collapsed on the kitchen floor and he isn't breathing",
      startMs: 4000,
      endMs: 8000,
    },
    { speaker: 'agent', text: 'Okay, and what is your member number?', startMs: 9000, endMs: 11000 },
  ],
};

/** A model that raises nothing: whichever model decides, scoring must follow it. */
const silent: EscalationModel = {
  decide: () => ({ probability: 0, raise: false }),
  severity: () => 'moderate',
};

const options = { interactionId: 'wiring', callDate: '2026-11-20' };

describe.each(['healthcare-inbound', 'medicare-sales'])('escalation classifier in %s scoring', (id) => {
  it('is attached to the compiled playbook', () => {
    expect(loadCompiledPlaybook(id).escalationModel).toBe(builtinEscalationModel());
  });

  it('decides the escalations that scoring reports and emergency-response judges', () => {
    const r = scoreTranscript(crisis, loadCompiledPlaybook(id), options);
    expect(r.escalations).toEqual(detectEscalations(crisis.utterances, { model: builtinEscalationModel() }));
    expect(r.escalations.map((e) => e.type)).toContain('medical_emergency');
    const f = r.scorecard.findings.find((x) => x.criterionId === 'emergency-response')!;
    expect(f.status).toBe('missed');
  });

  it('gives way to a model passed in the options', () => {
    const r = scoreTranscript(crisis, loadCompiledPlaybook(id), { ...options, escalationModel: silent });
    expect(r.escalations).toEqual([]);
    const f = r.scorecard.findings.find((x) => x.criterionId === 'emergency-response')!;
    expect(f.status).toBe('not_applicable');
  });
});

describe('live escalation monitor factory', () => {
  it('decides with the built-in classifier, turn by turn as after the call', () => {
    const live = newEscalationMonitor();
    const pushed = crisis.utterances.flatMap((u) => live.push(u));
    expect(pushed).toEqual(detectEscalations(crisis.utterances, { model: builtinEscalationModel() }));
    const rules = createEscalationMonitor();
    expect(pushed.length).toBeGreaterThan(0);
    expect(crisis.utterances.flatMap((u) => rules.push(u)).map((e) => e.reason)).not.toEqual(
      pushed.map((e) => e.reason),
    );
  });
});
