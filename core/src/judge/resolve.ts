import { TeachbackError } from '../errors';
import type { Evidence, Finding, Scorecard } from '../model/scorecard';
import type { Utterance } from '../model/transcript';
import type { Evaluation, Failure } from '../playbook/evaluate';
import type { Criterion, Playbook } from '../playbook/schema';
import { judgeTextHash, judgeCacheKey, transcriptHash } from './hash';
import type { Judge, JudgeAnswer, JudgeCache, JudgeRequest, JudgeUtterance } from './port';
import { locateQuotes } from './quotes';
import type { JudgeSpec } from './spec';

export const JUDGE_NOT_CONFIGURED = 'judge not configured';
/** An LLM's answer, even with verified quotes, is less certain than a matched rule. */
const JUDGE_CONFIDENCE = 0.7;
const QUOTE_MAX = 240;

type JudgedCriterion = Criterion & { judge: JudgeSpec };

function isJudged(c: Criterion | undefined): c is JudgedCriterion {
  return c?.judge !== undefined;
}

/** Changes with the question and the playbook version, so an edited question is asked afresh. */
export function judgeCriterionVersion(playbook: Playbook, c: JudgedCriterion): string {
  return `${playbook.version}:${judgeTextHash(c.judge.question)}`;
}

function baseFinding(c: Criterion): Omit<Finding, 'status' | 'confidence' | 'evidence' | 'explanation'> {
  return { criterionId: c.id, title: c.title, category: c.category, severity: c.severity, weight: c.weight };
}

/** What the offline engine reports for a `judge: llm` criterion: it cannot answer it. */
export function pendingJudgeFinding(c: Criterion): Finding {
  return {
    ...baseFinding(c),
    status: 'not_applicable',
    confidence: 0,
    evidence: [],
    explanation: `Not applicable: ${JUDGE_NOT_CONFIGURED} (this criterion is answered by an LLM judge).`,
  };
}

export function judgeUtterances(utterances: readonly Utterance[]): JudgeUtterance[] {
  return utterances.map((u, index) => ({ index, speaker: u.speaker, text: u.text }));
}

export interface ApplyJudgeOptions {
  judge: Judge;
  /** Answers kept across processes (a store); checked before the judge is asked. */
  cache?: JudgeCache;
}

interface Verdict {
  finding: Finding;
  /** Set for a judged miss: what its coaching note says. */
  failure?: Failure;
  review?: string;
}

function errorCode(err: unknown): string {
  if (err instanceof TeachbackError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'JUDGE.FAILED';
}

function verdict(
  c: JudgedCriterion,
  answer: JudgeAnswer,
  utterances: readonly Utterance[],
  judged: readonly JudgeUtterance[],
  judgeName: string,
): Verdict {
  const located = locateQuotes(answer.quotes, judged);
  const missing = located.filter((q) => q.utterance < 0).length;
  const dropped = (why: string, review: string): Verdict => ({
    finding: {
      ...pendingJudgeFinding(c),
      explanation: `Not applicable: the judge's answer was dropped: ${why}.`,
    },
    review: `${review} (${c.id})`,
  });
  if (missing > 0)
    return dropped(
      `${missing} of ${located.length} quotes are not in the transcript`,
      `judge-unverified-quote: ${missing} of ${located.length} quotes the judge gave are not in the transcript`,
    );
  if (answer.answer !== 'not_applicable' && located.length === 0)
    return dropped(
      `it answered ${answer.answer} without quoting the transcript`,
      `judge-no-evidence: the judge answered ${answer.answer} without quoting the transcript`,
    );
  const evidence: Evidence[] = [];
  for (const q of located) {
    if (evidence.some((e) => e.utterance === q.utterance)) continue;
    const u = utterances[q.utterance]!;
    const text = q.quote.trim();
    evidence.push({
      utterance: q.utterance,
      startMs: u.startMs,
      speaker: u.speaker,
      quote: text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text,
      label: 'judge quote',
    });
  }
  const word = { met: 'Met', missed: 'Missed', not_applicable: 'Not applicable' }[answer.answer];
  const finding: Finding = {
    ...baseFinding(c),
    status: answer.answer,
    confidence: JUDGE_CONFIDENCE,
    evidence,
    explanation: `${word} (${judgeName}): ${answer.rationale.trim() || 'no rationale given'}`,
  };
  if (answer.answer === 'missed') {
    // The coaching note is built from this, not from the judge's rationale, which may repeat the caller's words.
    const first = evidence[0]!;
    const failure = {
      what: `the answer to "${c.judge.question}" was no`,
      atUtterance: first.utterance,
      atMs: first.startMs,
    };
    return { finding, failure };
  }
  return { finding };
}

async function ask(request: JudgeRequest, opts: ApplyJudgeOptions): Promise<JudgeAnswer> {
  const cached = await opts.cache?.get(request.cacheKey);
  if (cached) return cached;
  const answer = await opts.judge.judge(request);
  await opts.cache?.set(request.cacheKey, answer);
  return answer;
}

/** Score, compliance and review flag as the engine computes them, after findings changed. */
function rescore(card: Scorecard, findings: Finding[], reviews: string[]): Scorecard {
  let earned = 0;
  let possible = 0;
  for (const f of findings) {
    if (f.status === 'not_applicable') continue;
    possible += f.weight;
    if (f.status === 'met') earned += f.weight;
  }
  return {
    ...card,
    findings,
    score: possible === 0 ? 100 : Math.round((1000 * earned) / possible) / 10,
    compliant: findings.every((f) => f.category !== 'compliance' || f.status !== 'missed'),
    needsReview: card.needsReview || reviews.length > 0,
    reviewReasons: [...card.reviewReasons, ...reviews],
  };
}

/**
 * Fills the `judge: llm` criteria of a scorecard the offline engine made. Every quote in an
 * answer must be found in the transcript; an answer with a quote that is not there (or a met/missed
 * answer with no quote) is dropped, and the scorecard is flagged for review with the reason. A
 * judge that fails (unreachable, malformed answer) leaves its criterion not_applicable and flags
 * the scorecard too. Answers are cached by (transcript hash, criterion id + version).
 */
export async function applyJudge(
  evaluation: Evaluation,
  utterances: readonly Utterance[],
  playbook: Playbook,
  opts: ApplyJudgeOptions,
): Promise<Evaluation> {
  const card = evaluation.scorecard;
  const criteria = new Map(playbook.criteria.map((c) => [c.id, c]));
  if (!card.findings.some((f) => isJudged(criteria.get(f.criterionId)))) return evaluation;
  const judged = judgeUtterances(utterances);
  const hash = transcriptHash(judged);
  const reviews: string[] = [];
  const findings: Finding[] = [];
  // A judged criterion's old explanation (none: the offline engine leaves it pending) is replaced.
  const explanations: Record<string, Failure> = { ...evaluation.explanations };
  for (const f of card.findings) {
    const c = criteria.get(f.criterionId);
    if (!isJudged(c)) {
      findings.push(f);
      continue;
    }
    const criterionVersion = judgeCriterionVersion(playbook, c);
    const request: JudgeRequest = {
      criterionId: c.id,
      criterionVersion,
      question: c.judge.question,
      utterances: judged,
      cacheKey: judgeCacheKey(hash, c.id, criterionVersion),
    };
    try {
      const v = verdict(c, await ask(request, opts), utterances, judged, opts.judge.name);
      findings.push(v.finding);
      if (v.failure) explanations[c.id] = v.failure;
      if (v.review) reviews.push(v.review);
    } catch (err) {
      const code = errorCode(err);
      findings.push({
        ...pendingJudgeFinding(c),
        explanation: `Not applicable: the judge failed (${code}).`,
      });
      reviews.push(`judge-failed: ${code} (${c.id})`);
    }
  }
  return { scorecard: rescore(card, findings, reviews), explanations };
}
