import type { CoachingNote } from '../model/coaching';
import type { Evidence, Finding } from '../model/scorecard';
import type { Criterion, Playbook } from '../playbook/schema';
import { formatClock } from '../playbook/evaluate';

/** How many strengths a call's notes name: enough to reinforce, few enough to stay credible. */
export const MAX_STRENGTHS = 2;
/** Agent words are quoted only this short; a longer turn is named by its moment alone. */
export const STRENGTH_QUOTE_MAX = 120;

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 3, high: 2, medium: 1, low: 0 };

/**
 * A criterion that only applies once something happened (instructions given, distress voiced, PHI
 * about to be discussed) was met because the agent rose to a moment; that is worth naming. One
 * that every call meets (a greeting, a recording line) is not much of a strength.
 */
function respondsToMoment(c: Criterion | undefined): boolean {
  if (!c) return false;
  const rules = c.rule ? [c.rule] : (c.versions ?? []).map((v) => v.rule);
  return rules.some(
    (r) =>
      r.appliesWhen !== undefined ||
      (r.require ?? []).some((e) => e.when !== undefined || e.before !== undefined || e.after !== undefined),
  );
}

/** The agent's own turn that shows the strength; never the caller's (their words are PHI). */
function agentEvidence(f: Finding): Evidence | undefined {
  return f.evidence.find(
    (e) => e.speaker === 'agent' && e.label !== 'anchor' && !/too late/.test(e.label ?? ''),
  );
}

function shortQuote(quote: string): string | undefined {
  const q = quote.trim().replace(/\s+/g, ' ');
  return q.length > 0 && q.length <= STRENGTH_QUOTE_MAX && !q.endsWith('…') ? q : undefined;
}

/**
 * One or two notes on what went well, each tied to the agent's turn that earned it: "At 1:12, well
 * done (Teach-back): you said "Humor me and tell me back how you'll take it."." Built only
 * from met findings whose evidence includes an agent utterance, so a strength always points at a
 * moment the agent can find in the recording.
 */
export function writeStrengthNotes(findings: readonly Finding[], playbook: Playbook): CoachingNote[] {
  const criteria = new Map(playbook.criteria.map((c) => [c.id, c]));
  const candidates = findings
    .filter((f) => f.status === 'met')
    .map((f) => {
      const ev = agentEvidence(f);
      const quote = ev && shortQuote(ev.quote);
      return { f, ev, quote, moment: respondsToMoment(criteria.get(f.criterionId)) };
    })
    .filter((x): x is Candidate => x.ev !== undefined)
    // A strength the agent can hear again in their own words teaches more than a bare title.
    .sort(
      (a, b) =>
        Number(b.moment) - Number(a.moment) ||
        Number(b.quote !== undefined) - Number(a.quote !== undefined) ||
        (SEVERITY_RANK[b.f.severity] ?? 0) - (SEVERITY_RANK[a.f.severity] ?? 0) ||
        b.f.weight - a.f.weight ||
        a.ev.utterance - b.ev.utterance,
    );
  return candidates.slice(0, MAX_STRENGTHS).map(({ f, ev, quote }) => ({
    atMs: ev.startMs,
    criterionId: f.criterionId,
    utterance: ev.utterance,
    kind: 'strength' as const,
    text: `At ${formatClock(ev.startMs)}, well done (${f.title})${quote ? `: you said "${quote}"` : ''}.`,
  }));
}

interface Candidate {
  f: Finding;
  ev: Evidence;
  quote: string | undefined;
  moment: boolean;
}
