import { formatClock, type ScoreResult } from '@teachback/core';

/** The `teachback score --format json` line for one interaction (contract documented in the README). */
export interface ScoreLine {
  file: string;
  interaction: { id: string; callDate: string | null; durationMs: number | null };
  playbook: { id: string; version: string };
  score: number;
  compliant: boolean;
  needsReview: boolean;
  reviewReasons: string[];
  criteria: Array<{
    id: string;
    title: string;
    category: string;
    status: string;
    confidence: number;
    evidence: Array<{ utterance: number; startMs: number | null; speaker: string; quote: string }>;
    explanation: string;
  }>;
  escalations: Array<{
    type: string;
    severity: string;
    utterance: number;
    startMs: number | null;
    quote: string;
  }>;
  coaching: Array<{ atMs: number | null; text: string }>;
}

export function toScoreLine(
  file: string,
  interaction: { id: string; callDate: string | null; durationMs: number | null },
  result: ScoreResult,
): ScoreLine {
  const card = result.scorecard;
  return {
    file,
    interaction,
    playbook: card.playbook,
    score: card.score,
    compliant: card.compliant,
    needsReview: card.needsReview,
    reviewReasons: card.reviewReasons,
    criteria: card.findings.map((f) => ({
      id: f.criterionId,
      title: f.title,
      category: f.category,
      status: f.status,
      confidence: f.confidence,
      evidence: f.evidence.map((e) => ({
        utterance: e.utterance,
        startMs: e.startMs,
        speaker: e.speaker,
        quote: e.quote,
      })),
      explanation: f.explanation,
    })),
    escalations: result.escalations.map((e) => ({
      type: e.type,
      severity: e.severity,
      utterance: e.utterance,
      startMs: e.startMs,
      quote: e.quote,
    })),
    coaching: result.coaching.map((c) => ({ atMs: c.atMs, text: c.text })),
  };
}

const MARK: Record<string, string> = { met: 'MET   ', missed: 'MISSED', not_applicable: 'N/A   ' };

/** A report a person reads: one block per interaction. */
export function toTextReport(line: ScoreLine): string {
  const out: string[] = [];
  const dur =
    line.interaction.durationMs === null ? 'unknown length' : formatClock(line.interaction.durationMs);
  out.push(`${line.file}`);
  out.push(
    `  interaction ${line.interaction.id}  date ${line.interaction.callDate ?? 'unknown'}  length ${dur}`,
  );
  out.push(
    `  playbook ${line.playbook.id} v${line.playbook.version}  score ${line.score}/100  ${line.compliant ? 'COMPLIANT' : 'NOT COMPLIANT'}${line.needsReview ? '  NEEDS HUMAN REVIEW' : ''}`,
  );
  for (const r of line.reviewReasons) out.push(`  review: ${r}`);
  out.push('  criteria:');
  for (const c of line.criteria) {
    out.push(`    ${MARK[c.status] ?? c.status} ${c.title} [${c.category}] (confidence ${c.confidence})`);
    out.push(`           ${c.explanation}`);
    for (const e of c.evidence.slice(0, 3))
      out.push(`           ${formatClock(e.startMs)} ${e.speaker}: "${e.quote}"`);
  }
  if (line.escalations.length) {
    out.push('  escalations:');
    for (const e of line.escalations)
      out.push(`    ${e.severity.toUpperCase()} ${e.type} at ${formatClock(e.startMs)}: "${e.quote}"`);
  }
  if (line.coaching.length) {
    out.push('  coaching:');
    for (const c of line.coaching) out.push(`    - ${c.text}`);
  }
  return out.join('\n');
}
