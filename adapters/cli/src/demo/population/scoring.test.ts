import { loadCompiledPlaybook } from '@teachback/config';
import { scoreTranscript, type Scorecard, type Transcript } from '@teachback/core';
import type { CallBehaviour } from './behaviour';
import { demoPopulation, PLAYBOOK_FOR_QUEUE, type DemoCall } from './population';

/*
 * The demo population through the real scorer (built-in playbooks, act model, escalation
 * detection): the scores must come out as a contact center's would, and each miss must be one the
 * agent in the script really made.
 */

/** Utterance timing as the Genesys simulator and adapter give it: spoken turns, or messages 30 s apart. */
function transcriptOf(call: DemoCall): Transcript {
  let t = 2000;
  const utterances = call.lines.map((l, i) => {
    if (call.channel !== 'voice')
      return { speaker: l.speaker, startMs: 5000 + i * 30_000, endMs: 5000 + i * 30_000, text: l.text };
    const spoken = 1500 + l.text.length * 45;
    const u = { speaker: l.speaker, startMs: t, endMs: t + spoken, text: l.text };
    t += spoken + 400;
    return u;
  });
  return { utterances };
}

type Status = Scorecard['findings'][number]['status'];

/** The finding each criterion should have, from what the agent did on the call. */
function expectedFindings(b: CallBehaviour): Record<string, Status> {
  const status = (applies: boolean, met: boolean): Status =>
    !applies ? 'not_applicable' : met ? 'met' : 'missed';
  const common = {
    'recording-disclosure': status(true, b.disclosure),
    'identity-verification': status(true, b.identity === 'verified'),
  };
  if (b.kind === 'medicare-sales') {
    return {
      ...common,
      'tpmo-disclaimer': status(true, b.tpmo === 'full'),
      'scope-of-appointment': status(true, b.scopeConfirmed),
    };
  }
  // An emergency handled well ends the routine business, so nothing after it is owed.
  const cut = b.escalation?.handling === 'well';
  return {
    ...common,
    'no-medical-advice': status(true, !b.clinicalAdvice || cut),
    'teach-back': status(b.instructions && !cut, b.teachBack),
    // Whether a caller reporting an emergency counts as "distress" is the scorer's call, not the script's.
    ...(b.escalation ? {} : { empathy: status(b.distress, b.empathy) }),
    'emergency-response': status(b.escalation !== undefined, b.escalation?.handling === 'well'),
  };
}

const population = demoPopulation({
  seed: 42,
  count: 150,
  agents: 20,
  startMs: Date.parse('2026-12-01T08:00:00Z'),
  spanMs: 18 * 3_600_000,
});
const scored = population.calls.map((call) => {
  const playbook = loadCompiledPlaybook(PLAYBOOK_FOR_QUEUE[call.queue]);
  const r = scoreTranscript(transcriptOf(call), playbook, {
    interactionId: `demo-${call.n}`,
    callDate: call.startedAt.slice(0, 10),
  });
  const finding = (id: string) => r.scorecard.findings.find((f) => f.criterionId === id)?.status;
  return { call, scorecard: r.scorecard, escalations: r.escalations, coaching: r.coaching, finding };
});
const scores = scored.map((s) => s.scorecard.score).sort((a, b) => a - b);
const share = (n: number) => n / scored.length;

describe('the demo population, scored', () => {
  it('has a spread of scores: few perfect, a median near 80, a tail below 60', () => {
    expect(share(scores.filter((s) => s === 100).length)).toBeLessThanOrEqual(0.2);
    expect(share(scores.filter((s) => s === 100).length)).toBeGreaterThan(0.05);
    const median = scores[Math.floor(scores.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(70);
    expect(median).toBeLessThanOrEqual(90);
    expect(share(scores.filter((s) => s < 60).length)).toBeGreaterThanOrEqual(0.1);
  });

  it('has non-compliant calls, and compliant ones', () => {
    const nonCompliant = scored.filter((s) => !s.scorecard.compliant).length;
    expect(nonCompliant).toBeGreaterThanOrEqual(20);
    expect(nonCompliant).toBeLessThan(scored.length * 0.75);
  });

  it('shows the typical misses, each on several calls', () => {
    const missed = (id: string, where: (c: DemoCall) => boolean = () => true) =>
      scored.filter((s) => where(s.call) && s.finding(id) === 'missed').length;
    const identity = (kind: string) => (c: DemoCall) => c.behaviour.identity === kind;
    expect(missed('identity-verification', identity('partial'))).toBeGreaterThanOrEqual(3);
    expect(missed('identity-verification', identity('skipped'))).toBeGreaterThanOrEqual(3);
    expect(missed('recording-disclosure')).toBeGreaterThanOrEqual(5);
    expect(missed('teach-back')).toBeGreaterThanOrEqual(10);
    expect(missed('empathy')).toBeGreaterThanOrEqual(5);
    expect(missed('tpmo-disclaimer')).toBeGreaterThanOrEqual(2);
    expect(missed('no-medical-advice')).toBeGreaterThanOrEqual(1);
  });

  it('shows strengths too: each criterion is met on some calls', () => {
    for (const id of [
      'recording-disclosure',
      'identity-verification',
      'teach-back',
      'empathy',
      'tpmo-disclaimer',
    ]) {
      expect(scored.filter((s) => s.finding(id) === 'met').length).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives agents strengths to hear about, not only misses', () => {
    const strengths = scored.flatMap((s) => s.coaching.filter((n) => n.kind === 'strength'));
    expect(scored.filter((s) => s.coaching.some((n) => n.kind === 'strength')).length).toBeGreaterThan(
      scored.length / 3,
    );
    const praised = new Set(strengths.map((n) => n.criterionId));
    expect(praised).toContain('teach-back');
    expect(praised).toContain('empathy');
  });

  it('has at least two escalations handled well and two handled badly, as emergency-response judges them', () => {
    const judged = scored.filter((s) => s.escalations.length > 0).map((s) => s.finding('emergency-response'));
    expect(judged.filter((f) => f === 'met').length).toBeGreaterThanOrEqual(2);
    expect(judged.filter((f) => f === 'missed').length).toBeGreaterThanOrEqual(2);
    const types = new Set(scored.flatMap((s) => s.escalations.map((e) => e.type)));
    expect(types).toEqual(new Set(['medical_emergency', 'mental_health_crisis']));
  });

  it('scores what the agent did: the findings match the script on nearly every call and criterion', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const s of scored) {
      for (const [criterion, expected] of Object.entries(expectedFindings(s.call.behaviour))) {
        checked++;
        if (s.finding(criterion) !== expected)
          disagreements.push(`call ${s.call.n} ${criterion}: ${expected} -> ${s.finding(criterion)}`);
      }
    }
    // A learned act model may read a wording its own way now and then; a script that says one thing
    // and scores another on more than 2 % of findings would show the demo misses nobody made.
    expect(disagreements.length / checked).toBeLessThan(0.02);
    // Every planned escalation is judged the way it was handled.
    const escalationMismatches = disagreements.filter((d) => d.includes('emergency-response'));
    expect(escalationMismatches).toEqual([]);
  });
});
