import type { Escalation, EscalationType } from '../model/escalation';
import type { Severity } from '../model/scorecard';
import type { Utterance } from '../model/transcript';
import {
  ABUSE_TRIGGERS,
  DIRECTED_ABUSE,
  NOT_AT_AGENT,
  THREAT,
  THREAT_BENIGN,
  THREAT_TRIGGERS,
} from './abuse';
import { hypothetical, history, joking, negated, nonhumanSubject, trivialHyperbole } from './context';
import { CUES } from './cues';
import { answersAlarmingly, probeIn, PROBE_GATE, type Probe } from './probes';
import { clauseAround, normalise, quoteAround, squash } from './text';
import { TriggerIndex } from './triggers';

export interface EscalationMonitor {
  /** Feeds the next utterance of the call; returns the escalations it raised (usually none). */
  push(utterance: Utterance): Escalation[];
}

/** The same type again within this span is the same episode, not a new escalation. */
const REPEAT_SPAN_MS = 120_000;
const REPEAT_SPAN_UTTERANCES = 10;

const RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

// One index over every cue and the two abuse patterns: targets 0..n-1 are the cues, then THREAT
// and DIRECTED_ABUSE.
const THREAT_ID = CUES.length;
const ABUSE_ID = CUES.length + 1;
const TRIGGERS = new TriggerIndex(CUES.length + 2);
CUES.forEach((cue, i) => TRIGGERS.add(cue.triggers, i));
TRIGGERS.add(THREAT_TRIGGERS, THREAT_ID);
TRIGGERS.add(ABUSE_TRIGGERS, ABUSE_ID);
TRIGGERS.maskedTarget = ABUSE_ID;

interface Hit {
  type: EscalationType;
  severity: Severity;
  signal: string;
  s: number;
  e: number;
}

/**
 * A live detector for one call. Only the caller's words (customer or unknown speaker) trigger;
 * the agent's turns are read only to pair a screening question with a one-word answer.
 */
export function createEscalationMonitor(): EscalationMonitor {
  let index = -1;
  let abusiveTurns = 0;
  let pendingProbe: Probe | undefined;
  const last = new Map<EscalationType, { index: number; startMs: number | null; severity: Severity }>();

  function isRepeat(type: EscalationType, severity: Severity, i: number, startMs: number | null): boolean {
    const prev = last.get(type);
    if (!prev || RANK[severity] > RANK[prev.severity]) return false;
    if (prev.startMs !== null && startMs !== null) return startMs - prev.startMs < REPEAT_SPAN_MS;
    return i - prev.index < REPEAT_SPAN_UTTERANCES;
  }

  return {
    push(u: Utterance): Escalation[] {
      index++;
      const text = u.text;
      if (u.speaker === 'system') return [];
      if (u.speaker === 'agent') {
        pendingProbe = PROBE_GATE.test(text) ? probeIn(squash(normalise(text))) : undefined;
        return [];
      }
      const targets = TRIGGERS.scan(text);
      const probe = pendingProbe;
      pendingProbe = undefined;

      const hits: Hit[] = [];
      if (targets.length > 0 || probe) {
        const n = normalise(text);
        crisisHits(n, targets, hits);
        const abuse = abuseHit(n, targets);
        if (abuse?.signal === 'threat') hits.push(abuse);
        else if (abuse) {
          abusiveTurns++;
          if (abusiveTurns >= 2) hits.push(abuse);
        }
        if (probe && !hits.some((h) => h.type === probe.type) && answersAlarmingly(probe, squash(n))) {
          hits.push({ type: probe.type, severity: 'critical', signal: probe.signal, s: 0, e: text.length });
        }
      }

      const out: Escalation[] = [];
      for (const h of hits) {
        if (out.some((o) => o.type === h.type)) continue;
        if (isRepeat(h.type, h.severity, index, u.startMs)) continue;
        last.set(h.type, { index, startMs: u.startMs, severity: h.severity });
        out.push({
          type: h.type,
          severity: h.severity,
          utterance: index,
          startMs: u.startMs,
          quote: quoteAround(text, h.s, h.e),
          signal: h.signal,
          actions: [],
        });
      }
      return out;
    },
  };
}

/** Every escalation in a finished transcript, in order; the same rules as the live monitor. */
export function detectEscalations(utterances: readonly Utterance[]): Escalation[] {
  const monitor = createEscalationMonitor();
  const out: Escalation[] = [];
  for (const u of utterances) {
    for (const e of monitor.push(u)) out.push(e);
  }
  return out;
}

function crisisHits(n: string, targets: readonly number[], hits: Hit[]): void {
  for (const id of targets) {
    const cue = CUES[id];
    if (cue === undefined) break;
    if (hits.some((h) => h.type === cue.type)) continue;
    cue.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = cue.re.exec(n)) !== null) {
      const s = m.index;
      const e = s + m[0].length;
      if (e === s) {
        cue.re.lastIndex++;
        continue;
      }
      const clause = clauseAround(n, s, e);
      if (cue.benign?.test(n.slice(clause.start, clause.end))) continue;
      if (cue.person && nonhumanSubject(n, clause, s)) continue;
      if (negated(n, clause, s)) continue;
      if (hypothetical(n, clause, s, cue.generic)) continue;
      if (history(n, clause, s, e, cue.history)) continue;
      if (trivialHyperbole(n, clause) || joking(n, clause)) continue;
      hits.push({ type: cue.type, severity: 'critical', signal: cue.signal, s, e });
      break;
    }
  }
}

function abuseHit(n: string, targets: readonly number[]): Hit | undefined {
  let m: RegExpExecArray | null;
  THREAT.lastIndex = 0;
  while (targets.includes(THREAT_ID) && (m = THREAT.exec(n)) !== null) {
    const s = m.index;
    const e = s + m[0].length;
    const clause = clauseAround(n, s, e);
    if (THREAT_BENIGN.test(' ' + squash(n.slice(clause.start, clause.end)))) continue;
    if (negated(n, clause, s)) continue;
    return { type: 'abusive_caller', severity: 'high', signal: 'threat', s, e };
  }
  DIRECTED_ABUSE.lastIndex = 0;
  while (targets.includes(ABUSE_ID) && (m = DIRECTED_ABUSE.exec(n)) !== null) {
    const s = m.index;
    const e = s + m[0].length;
    const clause = clauseAround(n, s, e);
    if (negated(n, clause, s)) continue;
    if (NOT_AT_AGENT.test(squash(n.slice(clause.start, s)).trimEnd())) continue;
    return { type: 'abusive_caller', severity: 'medium', signal: 'sustained-abuse', s, e };
  }
  return undefined;
}
