import {
  analyzeTranscript,
  createLiveSession,
  detectEscalations,
  evaluateHits,
  importTranscript,
  scoreTranscript,
  transcriptHits,
  type CompiledPlaybook,
  type Condition,
  type Criterion,
  type Escalation,
  type Expectation,
  type GuidanceEvent,
  type Hit,
  type LivePrompt,
  type LiveUtterance,
  type Playbook,
  type Rule,
  type Utterance,
} from '@teachback/core';
import { ACCURACY_DIR, readLabelledCalls } from './accuracy';
import { compileForScoring, loadCompiledPlaybook, resolvePlaybook } from './playbooks';
import * as fs from 'node:fs';

/**
 * Every prompt the live session raises is what the post-call scorer concludes on the call so far.
 * Each labelled call in config/fixtures/accuracy is fed to a live session one utterance at a time;
 * every event emitted after utterance k is checked against the post-call scorer run on the prefix
 * 0..k (fresh analysis, phrase hits and learned acts of the whole prefix, escalations detected
 * post-call on the prefix), through probe criteria added to the playbook:
 *   `holds-<n>`     — appliesWhen: cond, and only a phrase nobody says forbidden: met ⟺ cond holds;
 *   `assume-<crit>` — the criterion with its appliesWhen removed: "met so far, applicability assumed".
 * "cond occurs at utterance t" is the `holds` probe scored on the prefix 0..t with only utterance
 * t's hits and escalations kept (for `said` and `raised`; `any` when one of its conditions occurs
 * at t; `all` when all hold on 0..t and one occurs at t; `not` never — true from the start, it
 * does not mark a moment).
 *
 * Consistent means, per event (t = the trigger utterance, k = the utterance after which it showed):
 * - a prompt with `when` (order_guard, compliance_due, teach_back_reminder, empathy_prompt,
 *   moment_prompt, protocol_card): `when` occurs at t on the prefix 0..t;
 * - a non-safety prompt with `criterion`: the criterion is not met on 0..k, applicability assumed
 *   (a prompt asks for what is still missing; safety cards show whatever was met before);
 * - a timing prompt (`afterMs`, no `when`): its criterion is not met on 0..k;
 * - a default protocol card or a supervisor alert: the post-call detector raises that escalation
 *   type on utterance t of the prefix 0..t;
 * - a `clear` with reason `done` of a prompt with `criterion`: the criterion is met on 0..k,
 *   applicability assumed — or, for a protocol card raised after the criterion was already met (a
 *   second emergency), the criterion's required words occur at k as scoring reads them (probe
 *   `answer-<crit>`: the expectation without its `when` / order, only utterance k's hits kept); of
 *   a prompt with `followedWhen`: it occurs at k. Clears for other reasons (expired, superseded,
 *   dismissed, muted, call ended) and the default card's `done` are policy, not rule reading.
 */

const NEVER_SAID: Expectation = { speaker: 'any', phrases: ['quuxplonk zebrawidget'], negation: 'exclude' };

interface Probed {
  cp: CompiledPlaybook;
  live: Map<string, LivePrompt>;
  /** Probe criterion id of each condition node (by object identity). */
  holdsId: Map<Condition, string>;
}

function probed(id: string): Probed {
  const pb = resolvePlaybook(id);
  const live = new Map((pb.live ?? []).map((r) => [r.id, r]));
  const holdsId = new Map<Condition, string>();
  const probes: Criterion[] = [];
  const probe = (pid: string, rule: Rule): Criterion =>
    ({
      id: pid,
      title: pid,
      category: 'adherence',
      severity: 'low',
      weight: 1,
      tip: 'probe',
      rule,
    }) as Criterion;
  const visit = (c: Condition): void => {
    if (holdsId.has(c)) return;
    const pid = `holds-${holdsId.size}`;
    holdsId.set(c, pid);
    // A rule needs something to judge: a forbidden phrase nobody says keeps it met when it applies.
    probes.push(probe(pid, { appliesWhen: c, forbid: [NEVER_SAID] }));
    if ('any' in c) c.any.forEach(visit);
    if ('all' in c) c.all.forEach(visit);
    if ('not' in c) visit(c.not);
  };
  const linked = new Set<string>();
  for (const r of live.values()) {
    if (r.when) visit(r.when);
    if (r.followedWhen) visit(r.followedWhen);
    if (r.criterion) linked.add(r.criterion);
  }
  const strip = (r: Rule): Rule => {
    const { appliesWhen: _dropped, ...rest } = r;
    return rest;
  };
  // The required words alone: no `when`, no order, no trigger-relative limits (a card's own moment).
  const answer = (r: Rule): Rule => ({
    require: (r.require ?? []).map(
      ({ when: _w, before: _b, after: _a, withinMsOfTrigger: _m, withinTurnsOfTrigger: _t, ...e }) => e,
    ),
  });
  for (const cid of linked) {
    const c = pb.criteria.find((x) => x.id === cid)!;
    const { id: _id, rule, versions, ...rest } = c;
    const mapped = (f: (r: Rule) => Rule) =>
      rule ? { rule: f(rule) } : { versions: versions!.map((v) => ({ ...v, rule: f(v.rule) })) };
    probes.push({ ...rest, id: `assume-${cid}`, ...mapped(strip) } as Criterion);
    probes.push({ ...rest, id: `answer-${cid}`, ...mapped(answer) } as Criterion);
  }
  const playbook: Playbook = { ...pb, criteria: [...pb.criteria, ...probes] };
  return { cp: compileForScoring(playbook), live, holdsId };
}

/** The post-call scorer on utterances 0..k; `only` keeps one utterance's hits and escalations. */
function scorePrefix(
  p: Probed,
  utterances: Utterance[],
  k: number,
  callDate: string,
  only?: number,
): Map<string, string> {
  const at = analyzeTranscript({ utterances: utterances.slice(0, k + 1) });
  let hits: Hit[][] = transcriptHits(at, p.cp);
  let escalations: Escalation[] = detectEscalations(at.utterances, { model: p.cp.escalationModel });
  if (only !== undefined) {
    hits = hits.map((list) => list.filter((h) => h.utterance === only));
    escalations = escalations.filter((e) => e.utterance === only);
  }
  const { scorecard } = evaluateHits(at, p.cp, hits, { interactionId: 'prefix', callDate, escalations });
  return new Map(scorecard.findings.map((f) => [f.criterionId, f.status]));
}

const probes = new Map<string, Probed>();

/**
 * Feeds a call to a live session one utterance at a time and checks every event against the
 * scorer on the prefix (see the definitions above); returns what is inconsistent, and how many
 * events of each kind were checked.
 */
function checkCall(
  id: string,
  playbookId: string,
  callDate: string,
  utterances: Utterance[],
  checked: Record<string, number>,
): string[] {
  let p = probes.get(playbookId);
  if (!p) probes.set(playbookId, (p = probed(playbookId)));
  const probe = p;
  const problems: string[] = [];
  // The session runs the playbook as shipped; the probes only score.
  const s = createLiveSession({ callId: id, playbook: loadCompiledPlaybook(playbookId), callDate });
  const cache = new Map<string, Map<string, string>>();
  const score = (k: number, only?: number) => {
    const key = `${k}:${only ?? ''}`;
    let m = cache.get(key);
    if (!m) cache.set(key, (m = scorePrefix(probe, utterances, k, callDate, only)));
    return m;
  };
  const occursAt = (c: Condition, t: number): boolean => {
    if ('any' in c) return c.any.some((x) => occursAt(x, t));
    if ('all' in c)
      return (
        c.all.every((x) => score(t).get(probe.holdsId.get(x)!) === 'met') && c.all.some((x) => occursAt(x, t))
      );
    if ('not' in c) return false;
    return score(t, t).get(probe.holdsId.get(c)!) === 'met';
  };
  const shown = new Map<string, GuidanceEvent>();
  utterances.forEach((u, k) => {
    const lu: LiveUtterance = {
      id: `${k}`,
      speaker: u.speaker as LiveUtterance['speaker'],
      text: u.text,
      offsetMs: u.startMs!,
    };
    for (const e of s.push(lu)) {
      const where = `${id} after utterance ${k}: ${e.kind} ${e.ruleId}`;
      const t = Number(e.at.utteranceId);
      const trigger = Number.isInteger(t) ? t : undefined;
      if (e.kind !== 'clear') shown.set(e.id, e);
      const rule = probe.live.get(e.ruleId);
      checked[e.kind] = (checked[e.kind] ?? 0) + 1;
      if (e.kind === 'clear') {
        if (e.reason !== 'done') continue;
        const r = probe.live.get(shown.get(e.clears!)!.ruleId);
        if (!r) continue;
        if (r.criterion) {
          if (
            score(k).get(`assume-${r.criterion}`) !== 'met' &&
            !(r.kind === 'protocol_card' && score(k, k).get(`answer-${r.criterion}`) === 'met')
          )
            problems.push(`${where}: cleared as done, but ${r.criterion} is not met on the prefix`);
        } else if (r.followedWhen && !occursAt(r.followedWhen, k)) {
          problems.push(`${where}: cleared as followed, but followedWhen does not occur at ${k}`);
        }
        continue;
      }
      if (e.kind === 'supervisor_alert' || !rule) {
        // A default protocol card or a supervisor alert: the escalation, detected post-call on the prefix.
        const type = e.ruleId.replace(/^escalation-/, '').replace(/-/g, '_');
        const esc = detectEscalations(utterances.slice(0, trigger! + 1), { model: probe.cp.escalationModel });
        if (!esc.some((x) => x.type === type && x.utterance === trigger))
          problems.push(`${where}: no ${type} raised post-call on utterance ${trigger}`);
        continue;
      }
      if (rule.when && (trigger === undefined || !occursAt(rule.when, trigger)))
        problems.push(
          `${where}: its trigger does not occur at utterance ${e.at.utteranceId} as the scorer reads it`,
        );
      if (rule.criterion && e.severity !== 'safety' && score(k).get(`assume-${rule.criterion}`) === 'met')
        problems.push(`${where}: shown, but ${rule.criterion} is already met on the prefix`);
    }
  });
  return problems;
}

describe('live prompts agree with the post-call scorer on every prefix of every labelled call', () => {
  const files = fs.readdirSync(ACCURACY_DIR).filter((f) => f.endsWith('.txt'));
  const calls = files.flatMap((f) => readLabelledCalls(f));

  it('each prompt raised, and each prompt cleared as done, is what the scorer concludes on that prefix', () => {
    expect(calls.length).toBeGreaterThan(100);
    const problems: string[] = [];
    const checked: Record<string, number> = {};
    for (const call of calls) {
      const { transcript } = importTranscript(call.text, { format: 'text' });
      const times = analyzeTranscript(transcript).startMs;
      // What the live session is fed, and the scorer reads on each prefix: the same utterances.
      const utterances: Utterance[] = transcript.utterances.map((u, i) => ({
        ...u,
        speaker: u.speaker === 'system' ? 'unknown' : u.speaker,
        startMs: times[i]!,
      }));
      problems.push(...checkCall(call.id, call.playbook, call.callDate, utterances, checked));
    }
    expect(problems).toEqual([]);
    // The check saw every kind of event the engine emits.
    const kinds = ['order_guard', 'compliance_due', 'teach_back_reminder', 'empathy_prompt', 'moment_prompt'];
    const all = [...kinds, 'protocol_card', 'supervisor_alert', 'clear'];
    expect(all.filter((k) => !checked[k])).toEqual([]);
  });
});

describe('the order guard and the order rule it serves (every labelled call)', () => {
  const files = fs.readdirSync(ACCURACY_DIR).filter((f) => f.endsWith('.txt'));
  const calls = files.flatMap((f) => readLabelledCalls(f));

  it('where scoring finds PHI discussed before verification, the guard was raised by that moment', () => {
    // The guard's `when` reads the criterion's own `before` anchor (its words and its `or`
    // alternatives, with `unless`, `with`, `without`), so it shows where the order is broken.
    const late: string[] = [];
    let broken = 0;
    for (const call of calls) {
      const cp = loadCompiledPlaybook(call.playbook);
      const guard = (cp.playbook.live ?? []).find((r) => r.kind === 'order_guard' && r.criterion);
      if (!guard) continue;
      const { transcript } = importTranscript(call.text, { format: 'text' });
      const times = analyzeTranscript(transcript).startMs;
      const utterances: Utterance[] = transcript.utterances.map((u, i) => ({ ...u, startMs: times[i]! }));
      const post = scoreTranscript({ ...transcript, utterances }, cp, {
        interactionId: call.id,
        callDate: call.callDate,
      });
      const f = post.scorecard.findings.find((x) => x.criterionId === guard.criterion)!;
      const anchor = f.evidence.find((e) => e.label === 'anchor');
      if (f.status !== 'missed' || !anchor) continue;
      broken++;
      const s = createLiveSession({ callId: call.id, playbook: cp, callDate: call.callDate });
      utterances.forEach((u, i) =>
        s.push({
          id: `${i}`,
          speaker: u.speaker === 'system' ? 'unknown' : u.speaker,
          text: u.text,
          offsetMs: u.startMs!,
        }),
      );
      const raised = s
        .events()
        .some(
          (e) =>
            e.ruleId === guard.id && e.kind === guard.kind && Number(e.at.utteranceId) <= anchor.utterance,
        );
      if (!raised) late.push(`${call.id}: PHI at utterance ${anchor.utterance}, no ${guard.id} by then`);
    }
    expect(broken).toBeGreaterThan(10);
    expect(late).toEqual([]);
  });
});

describe('written calls on what the labelled calls do not exercise', () => {
  type Line = [speaker: 'agent' | 'customer', sec: number, text: string];
  const timed = (lines: Line[]): Utterance[] =>
    lines.map(([speaker, sec, text]) => ({ speaker, startMs: sec * 1000, endMs: null, text }));

  it('medicare-sales: asking for identifiers to pull up the drug list is the verification, not PHI (`unless`)', () => {
    const checked: Record<string, number> = {};
    const lines: Line[] = [
      ['agent', 1, 'Thanks for calling Harbor Medicare Options, this call is recorded. This is Dana.'],
      ['customer', 6, 'Hi, I want to make sure my new plan still covers my pills.'],
      // One identifier asked for, naming the record as its purpose: verification under way.
      ['agent', 10, 'Sure, can I get your date of birth so I can pull up your metformin?'],
      ['customer', 15, 'March third, nineteen fifty-two.'],
    ];
    // Before: the guard fired on the agent's own request for identifiers.
    expect(checkCall('written-1', 'medicare-sales', '2026-11-02', timed(lines), checked)).toEqual([]);
    expect(checked['order_guard'] ?? 0).toBe(0);
    // The drug named outright, in its own sentence, is discussed: the guard fires (and is consistent).
    const named: Line[] = [
      ...lines.slice(0, 2),
      ['agent', 10, 'Can I get your date of birth? Okay. Your metformin is covered at tier one.'],
    ];
    expect(checkCall('written-2', 'medicare-sales', '2026-11-02', timed(named), checked)).toEqual([]);
    expect(checked['order_guard']).toBe(1);
  });
});
