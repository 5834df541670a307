/**
 * Severity of a current finding: a base grade per signal, moved one step by what the caller says
 * about it. `critical`: act now (911 / crisis line); `high`: route to clinical or crisis staff in
 * this call; `moderate`: a supervisor reviews.
 */
import type { EscalationSeverity } from '../model/escalation';

const BASE: Readonly<Record<string, EscalationSeverity>> = {
  'not-breathing': 'critical',
  unresponsive: 'critical',
  seizure: 'critical',
  'stroke-signs': 'critical',
  'heart-attack': 'critical',
  poisoning: 'critical',
  overdose: 'critical',
  'intentional-overdose': 'critical',
  'intent-with-means': 'critical',
  'suicidal-ideation': 'critical',
  'chest-pain': 'high',
  breathing: 'high',
  'severe-bleeding': 'high',
  'serious-injury': 'high',
  'self-harm': 'high',
  'passive-ideation': 'high',
  threat: 'critical',
  'sustained-abuse': 'high',
  insult: 'moderate',
};

const ORDER: readonly EscalationSeverity[] = ['moderate', 'high', 'critical'];

// Said of the finding itself: "crushing", "won't stop", "the worst".
const INTENSE =
  /(?:^|[ ,])(?:crushing|severe|severely|really bad|so bad|very bad|terrible|horrible|worst|unbearable|excruciating|can't|cant|cannot|won't stop|wont stop|everywhere|gushing|pouring|spurting|heavily|soaking|soaked|getting worse|radiating|going down my (?:left )?arm|turning blue|passed out)(?=[ ,.?!;]|$)/;
// Mild words or a guess lower it: "a little", "I think I might have taken too much".
const MILD =
  /(?:^|[ ,])(?:a little|a little bit|a bit|a wee bit|wee bit|slight|slightly|mild|mildly|kind of|kinda|sort of|somewhat)(?=[ ,.?!;]|$)/;
const UNSURE =
  /(?:^|[ ,])(?:i think|maybe|might have|might've|may have|not sure|i'm not sure|probably)(?=[ ,.?!;]|$)/;

export interface Graded {
  severity: EscalationSeverity;
  reason: string;
}

/** Grades a finding from its signal and its sentence (normalised, squashed). */
export function grade(signal: string, sentence: string, acuityWhy: string): Graded {
  const base = BASE[signal] ?? 'high';
  let step = 0;
  const notes: string[] = [acuityWhy];
  const s = ' ' + sentence + ' ';
  const intense = INTENSE.exec(s);
  const mild = MILD.exec(s);
  const unsure = signal === 'overdose' ? UNSURE.exec(s) : null;
  if (intense && !mild) {
    step++;
    notes.push(`intensified: "${intense[0].trim()}"`);
  }
  if (mild && !intense) {
    step--;
    notes.push(`mild: "${mild[0].trim()}"`);
  }
  if (unsure) {
    step--;
    notes.push(`uncertain: "${unsure[0].trim()}"`);
  }
  const at = Math.max(0, Math.min(ORDER.length - 1, ORDER.indexOf(base) + step));
  const severity = ORDER[at]!;
  return { severity, reason: `${signal} (${base}), ${notes.join('; ')} -> ${severity}` };
}
