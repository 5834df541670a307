import type { Escalation, EscalationSeverity, EscalationType } from '../model/escalation';
import type { Utterance } from '../model/transcript';
import {
  ABUSE_TRIGGERS,
  DIRECTED_ABUSE,
  LAWFUL,
  NOT_AT_AGENT,
  THREAT,
  THREAT_BENIGN,
  THREAT_TRIGGERS,
  VIOLENT,
} from './abuse';
import { assess, questionFrom, type Acuity, type Question } from './acuity';
import type { EscalationModel } from './classifier';
import {
  candidateFeatures,
  questionFeatures,
  turnFeatures,
  type Candidate,
  type TurnFeatures,
} from './features';
import { mayBeFramed } from './frame-gate';
import {
  framesOf,
  hasCandidateFrame,
  insultSentencesAtYou,
  redFlagSignal,
  STRICT_FRAMES,
  type Frame,
} from './frames';
import { candidateTypes, conceptsIn, mayHoldConcept, type Concept } from './recall';
import { negated } from './context';
import { CUES, GIVING_UP, INTENT, NO_POINT, TIMING, type Cue } from './cues';
import {
  bleedingResolved,
  crisisMeans,
  deniesSuicidalIntent,
  grade,
  protocolGrade,
  selfInjury,
} from './severity';
import {
  BLEEDING_CONSEQUENCE_BIT,
  bleedingByConsequence,
  insultClausesAtYou,
  STANDING_TRIGGERS,
  standingFindings,
  TOTAL_INGESTION_BIT,
  totalIngestion,
} from './standing';
import { answersAlarmingly, probeIn, PROBE_GATE, YES, type Probe } from './probes';
import { clauseAround, isSpace, normalise, quoteAround, squash } from './text';
import { TriggerIndex } from './triggers';

/** The types a frame can propose by itself (frames.ts CANDIDATE_FRAMES). */
const FRAMED_TYPES = ['abusive_caller', 'mental_health_crisis', 'medical_emergency'] as const;

export interface EscalationMonitor {
  /** Feeds the next utterance of the call; returns the escalations it raised (usually none). */
  push(utterance: Utterance): Escalation[];
}

/**
 * ASR cuts turns at pauses ("i want to kill" / "myself"), so a caller turn that directly follows
 * another caller turn (no agent turn between, at most this gap) is read together with it; only
 * matches that end in the new turn count, the rest were judged with the earlier turn.
 */
const JOIN_GAP_MS = 3000;

// A question about now has one of these words; agent turns without them skip the yes check.
const NOW_GATE =
  /right now|at the moment|currently|as we speak|still|this (?:minute|second)|breathing|conscious|awake|respon/i;
const YES_LIKE =
  /^\W*(?:y|i |i'|uh|mhm|correct|right|definitely|absolutely|it is|it's|he is|he's|she is|she's|sort|kind|a bit|a little|honestly|actually|sometimes|every|all the|pretty|more or|maybe|lately)/i;

const QUESTION_FORM =
  /^(?:(?:and|so|okay|ok|now|alright|sir|ma'am|just|to confirm) )*(?:is|are|am|do|does|have|has|can|could|any|how|what|where)(?= )/;

/** The same type again within this span is the same episode, not a new escalation. */
const REPEAT_SPAN_MS = 120_000;
const REPEAT_SPAN_UTTERANCES = 10;

const RANK: Readonly<Record<EscalationSeverity, number>> = { moderate: 1, high: 2, critical: 3 };

// One index over every cue and the two abuse patterns: targets 0..n-1 are the cues, then THREAT
// and DIRECTED_ABUSE.
const THREAT_ID = CUES.length;
const ABUSE_ID = CUES.length + 1;
// Round 13: the words of standing.ts's rules share the one scan, one target per rule above the
// cues'; they are taken off the list before anything else reads it, so which turns the monitor
// reads is as before.
const STANDING_BASE = CUES.length + 2;
const TRIGGERS = new TriggerIndex(STANDING_BASE + STANDING_TRIGGERS.length);
CUES.forEach((cue, i) => TRIGGERS.add(cue.triggers, i));
TRIGGERS.add(THREAT_TRIGGERS, THREAT_ID);
TRIGGERS.add(ABUSE_TRIGGERS, ABUSE_ID);
TRIGGERS.maskedTarget = ABUSE_ID;
STANDING_TRIGGERS.forEach((words, i) => TRIGGERS.add(words, STANDING_BASE + i));

/**
 * The cue layer's ConText scopes applied to the recall layer's concepts: a paraphrase no cue
 * knows ("my ribs feel crushed") still gets negation, history, hypothetical, chronic and
 * denial scopes, as features for the classifier.
 */
function conceptAcuity(
  n: string,
  turnStart: number,
  concepts: readonly Concept[],
  type: 'medical_emergency' | 'mental_health_crisis',
  question: Question | undefined,
): { concept: string; acuity: Acuity }[] {
  const out: { concept: string; acuity: Acuity }[] = [];
  for (const c of concepts) {
    if (c.type !== type) continue;
    c.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = c.re.exec(n)) !== null) {
      const s = m.index;
      const e = s + m[0].length;
      if (e === s) {
        c.re.lastIndex++;
        continue;
      }
      if (e <= turnStart) continue;
      const cue: Cue = {
        type,
        signal: c.signal,
        triggers: '',
        re: c.re,
        generic: false,
        history: type === 'mental_health_crisis' ? 'mental' : 'medical',
      };
      out.push({
        concept: c.name,
        acuity: assess(n, clauseAround(n, s, e), s, e, cue, question, turnStart).acuity,
      });
      break;
    }
  }
  return out;
}

/** The agent's last turn, with what the learned decision reads from it, filled in once. */
interface AgentTurn {
  text: string;
  question?: Question | null;
  n?: string;
  asked?: Question | null;
  hashes?: Int32Array;
  /** Whether it asks about now, and may name a concept: read when a caller turn first needs them. */
  asksNow?: boolean;
  hasConcept?: boolean;
}

function asksNow(turn: AgentTurn | undefined): boolean {
  if (turn === undefined) return false;
  return (turn.asksNow ??= NOW_GATE.test(turn.text));
}

function mayNameConcept(turn: AgentTurn | undefined): boolean {
  if (turn === undefined) return false;
  return (turn.hasConcept ??= mayHoldConcept(turn.text));
}

/** The screening question of an agent turn that an alarming answer would raise, if any. */
function screeningProbe(turn: AgentTurn): Probe | undefined {
  const text = turn.text;
  const probe = PROBE_GATE.test(text) ? probeIn(squash(normalise(text))) : undefined;
  // A medical screening question answered "yes" is only an alarm when it asks about now;
  // "any chest pain?" in a routine visit is a review of symptoms.
  if (probe?.type === 'medical_emergency' && probe.alarmingAnswer === 'yes' && !questionOf(turn)?.now)
    return undefined;
  return probe;
}

const NO_QUESTION = questionFeatures(undefined);

const SHORT_ANSWER_WORDS = 6;

/** One to SHORT_ANSWER_WORDS whitespace-separated words; counted in place, as it runs on every caller turn. */
function isShortAnswer(text: string, from = 0): boolean {
  let words = 0;
  let inWord = false;
  for (let i = from; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord && ++words > SHORT_ANSWER_WORDS) return false;
    inWord = !space;
  }
  return words > 0;
}

function lastSentenceOf(text: string): string {
  const parts = text.split(/(?<=[.!?;])\s+/).filter((p) => p.trim() !== '');
  return parts.length === 0 ? text : parts[parts.length - 1]!;
}

/** A cue match and the acuity the cue layer assessed, raised or not. */
interface SeenCue {
  type: EscalationType;
  signal: string;
  acuity: Acuity;
}

interface Hit {
  type: EscalationType;
  severity: EscalationSeverity;
  signal: string;
  reason: string;
  s: number;
  e: number;
}

/** One candidate the classifier judged (or, without a model, would judge), for training and review. */
export interface CandidateRecord {
  utterance: number;
  type: EscalationType;
  features: Int32Array;
  /** What the cue rules alone decided for this type on this turn. */
  ruleSeverity: EscalationSeverity | undefined;
  /** A frame (frames.ts) made it a candidate of this type by itself. */
  framed: boolean;
  /** A strict frame (frames.ts STRICT_FRAMES) raised it where no cue rule did. */
  strict?: boolean;
  /**
   * For a framed candidate a cue rule also saw: the same candidate as the classifier would see it
   * had no cue pattern matched (no cue verdicts, rule grade or abuse pattern). Training adds it as
   * a second view, so the frame and the words carry the decision, not only the rules' verdict —
   * which is all a paraphrase the cue rules do not know will have.
   */
  quietFeatures?: Int32Array;
}

export interface EscalationMonitorOptions {
  /**
   * The learned condition + acuity classifier (config's `builtinEscalationModel()`). With it, the
   * cue rules and the broad recall layer only propose candidates and the model decides each one
   * and its severity; without it the cue rules decide alone.
   */
  model?: EscalationModel;
  /** Called with every candidate (training reads these). */
  onCandidate?: (c: CandidateRecord) => void;
}

/**
 * A live detector for one call. Only the caller's words (customer or unknown speaker) trigger;
 * the agent's turns are read only to pair a screening question with a one-word answer.
 */
export function createEscalationMonitor(options: EscalationMonitorOptions = {}): EscalationMonitor {
  const { model, onCandidate } = options;
  const learned = model !== undefined || onCandidate !== undefined;
  let index = -1;
  let abusiveTurns = 0;
  let learnedAbusiveTurns = 0;
  // The agent's last turn, read (screening question, normalised text) only when a caller turn
  // needs it: an agent turn followed by another agent turn is never read at all.
  let agentTurn: AgentTurn | undefined;
  // Its screening question is answered by the next caller turn only.
  let probePending = false;
  let crisisSeen = false;
  let previous:
    { text: string; n: string | undefined; targets: readonly number[]; endMs: number | null } | undefined;
  const last = new Map<
    EscalationType,
    { index: number; startMs: number | null; severity: EscalationSeverity }
  >();

  function isRepeat(
    type: EscalationType,
    severity: EscalationSeverity,
    i: number,
    startMs: number | null,
  ): boolean {
    const prev = last.get(type);
    if (!prev || RANK[severity] > RANK[prev.severity]) return false;
    if (prev.startMs !== null && startMs !== null) return startMs - prev.startMs < REPEAT_SPAN_MS;
    return i - prev.index < REPEAT_SPAN_UTTERANCES;
  }

  /**
   * The learned decision: every type the cue rules or the recall layer make a candidate on this
   * turn is scored by the classifier; it raises or drops what the rules found and may raise what
   * they missed. Without a model (training) the rules' hits stand and candidates are reported.
   */
  function decide(
    n: string,
    turnStart: number,
    full: string,
    seen: readonly SeenCue[],
    ruleHits: readonly Hit[],
    agent: AgentTurn | undefined,
    abuse: string | undefined,
  ): Hit[] {
    const concepts = conceptsIn(n);
    const types = new Set<EscalationType>();
    candidateTypes(n, concepts, types);
    // A frame aimed at the agent, or a wish not to exist, means with a plan, makes a candidate.
    const framedTypes = mayBeFramed(n, FRAMED_TYPES).filter((t) => hasCandidateFrame(n, t));
    for (const t of framedTypes) types.add(t);
    for (const c of seen) types.add(c.type);
    for (const h of ruleHits) types.add(h.type);
    if (abuse) types.add('abusive_caller');
    const short = agent !== undefined && isShortAnswer(n, turnStart);
    // Most caller turns end here: nothing specific enough to score, and no question to answer.
    if (types.size === 0 && !short) return [];
    const frames = framesOf(n);
    // A strict frame (frames.ts STRICT_FRAMES) stands as a rule where no cue rule raised its type.
    let rules: readonly Hit[] = ruleHits;
    for (const f of STRICT_FRAMES)
      if (frames.includes(f.frame) && !rules.some((h) => h.type === f.type)) {
        rules = [
          ...rules,
          {
            type: f.type,
            severity: f.severity,
            signal: f.frame === 'red-flag-now' ? redFlagSignal(n.slice(turnStart)) : f.signal,
            reason: `frame ${f.frame} -> ${f.severity}`,
            s: turnStart,
            e: full.length,
          },
        ];
        types.add(f.type);
      }
    // The agent's turn is read once for all the caller turns that answer it.
    if (agent && agent.hashes === undefined) {
      agent.n = normalise(agent.text);
      agent.asked = questionFrom(squash(agent.n)) ?? null;
      agent.hashes = questionFeatures(agent.n);
    }
    const question = agent?.n;
    const questionAsked = agent?.asked ?? undefined;
    const questionHashes = agent?.hashes ?? NO_QUESTION;
    const asked = question !== undefined && short ? conceptsIn(lastSentenceOf(question)) : [];
    for (const c of asked) types.add(c.type);
    const out: Hit[] = [];
    let turn: TurnFeatures | undefined;
    for (const type of types) {
      const rule = rules.find((h) => h.type === type);
      const cueRule = ruleHits.some((h) => h.type === type);
      const strict = rule !== undefined && !cueRule;
      const framed = (framedTypes as readonly EscalationType[]).includes(type);
      const candidate: Candidate = {
        type,
        n,
        turnStart,
        conceptAcuity:
          type === 'abusive_caller' ? [] : conceptAcuity(n, turnStart, concepts, type, questionAsked),
        concepts: concepts.filter((c) => c.type === type),
        asked: asked.filter((c) => c.type === type),
        cues: seen.filter((c) => c.type === type),
        ruleSeverity: rule?.severity,
        abuse: type === 'abusive_caller' ? abuse : undefined,
      };
      turn ??= turnFeatures(n, turnStart, questionHashes, frames);
      const features = candidateFeatures(candidate, turn);
      if (onCandidate) {
        const quiet =
          framed && (candidate.cues.length > 0 || rule !== undefined || candidate.abuse !== undefined)
            ? candidateFeatures({ ...candidate, cues: [], ruleSeverity: undefined, abuse: undefined }, turn)
            : undefined;
        onCandidate({
          utterance: index,
          type,
          features,
          ruleSeverity: rule?.severity,
          framed,
          ...(strict ? { strict } : {}),
          ...(quiet ? { quietFeatures: quiet } : {}),
        });
      }
      if (!model) {
        if (rule) out.push(rule);
        continue;
      }
      const d = model.decide(features, type, cueRule, framed, strict);
      // Round 10: an insult the rules aimed at the agent (a cue or the strict you-insult frame)
      // counts toward sustained abuse even when the classifier leaves that turn alone, so the next
      // insult it raises is graded as the second turn it is.
      if (!d.raise && type === 'abusive_caller' && rule !== undefined && rule.signal !== 'threat')
        learnedAbusiveTurns++;
      if (!d.raise) continue;
      const severity = model.severity(features);
      const why = `classifier p=${d.probability.toFixed(2)}`;
      if (type === 'abusive_caller') {
        const threat = rule?.signal === 'threat' || severity === 'critical';
        // One insult at the agent is raised for review; a second turn of it is sustained abuse.
        if (!threat) learnedAbusiveTurns++;
        // Round 12: insults in two or more sentences of one turn are sustained too; a tirade is not
        // one insult because the caller did not pause for the agent.
        const sustained =
          !threat &&
          (learnedAbusiveTurns >= 2 ||
            insultSentencesAtYou(n.slice(turnStart)) >= 2 ||
            // Round 13: three or more insulting clauses run together with commas are a tirade too.
            insultClausesAtYou(n.slice(turnStart)) >= 3);
        const signal = threat ? 'threat' : sustained ? 'sustained-abuse' : 'insult';
        const graded: EscalationSeverity = threat ? 'critical' : sustained ? 'high' : 'moderate';
        out.push({
          type,
          severity: graded,
          signal,
          reason: `${signal} aimed at the agent (${why}) -> ${graded}`,
          s: rule?.s ?? turnStart,
          e: rule?.e ?? full.length,
        });
        continue;
      }
      // A red-flag pair names the finding better than any one word of it ("got into Grandma's pill
      // organizer ... her heart pills" is a poisoning, not chest pain).
      const pair =
        type === 'medical_emergency' && frames.includes('red-flag')
          ? redFlagSignal(n.slice(turnStart))
          : 'red-flag';
      const signal = lowSugarNotStroke(
        rule?.signal ??
          (pair !== 'red-flag' ? pair : undefined) ??
          seen.find((c) => c.type === type)?.signal ??
          candidate.concepts[0]?.signal ??
          type,
        n.slice(turnStart),
      );
      const graded =
        type === 'medical_emergency'
          ? protocolGrade(signal, squash(n.slice(turnStart)).replace(NOT_INTENSE, ' ')).severity
          : capSeverity(severity, signal, frames, n.slice(turnStart));
      out.push({
        type,
        severity: graded,
        // Round 17: hurting oneself with suicide denied in the turn is self-harm, not ideation.
        signal:
          type === 'mental_health_crisis' &&
          signal === 'suicidal-ideation' &&
          graded === 'high' &&
          selfInjury(n.slice(turnStart)) &&
          deniesSuicidalIntent(squash(n.slice(turnStart)))
            ? 'self-harm'
            : signal,
        reason: `${signal}, current (${why}) -> ${graded}`,
        s: rule?.s ?? turnStart,
        e: rule?.e ?? full.length,
      });
    }
    return out;
  }

  return {
    push(u: Utterance): Escalation[] {
      index++;
      const text = u.text;
      if (u.speaker === 'system') return [];
      if (u.speaker === 'agent') {
        previous = undefined;
        agentTurn = { text };
        probePending = true;
        return [];
      }
      let own = TRIGGERS.scan(text);
      // Targets come ascending, so the standing rules' (the highest ids) are last.
      let standingWords = 0;
      let cut = own.length;
      while (cut > 0 && own[cut - 1]! >= STANDING_BASE) standingWords |= 1 << (own[--cut]! - STANDING_BASE);
      if (cut < own.length) own = own.slice(0, cut);
      const probe = probePending ? screeningProbe(agentTurn!) : undefined;
      probePending = false;
      const before = joinable(previous, u) ? previous : undefined;
      const targets = before && before.targets.length > 0 ? union(before.targets, own) : own;

      const hits: Hit[] = [];
      let n: string | undefined;
      let screened: Hit | undefined;
      let rulesSawAbuse = false;
      // Offsets of this turn inside the (possibly joined) text the cues run on.
      let offset = 0;
      let full = text;
      // Turns with no cue word still matter after a crisis ("tonight's the night") or as a yes to
      // the agent's question; a cheap look at the first word keeps the rest of the call fast.
      const yesLike = YES_LIKE.test(text) && asksNow(agentTurn);
      // A short answer ("yes, a lot") takes its condition from the agent's question.
      const recall = learned && (mayHoldConcept(text) || (isShortAnswer(text) && mayNameConcept(agentTurn)));
      if (targets.length > 0 || probe || crisisSeen || yesLike || recall) {
        n = normalise(text);
        const seen: SeenCue[] = [];
        let joined = n;
        if (before && targets.length > 0) {
          before.n ??= normalise(before.text);
          offset = before.n.length + 1;
          joined = before.n + ' ' + n;
          full = before.text + ' ' + text;
        }
        // The agent's question is normalised only when a cue matched.
        const asked = agentTurn;
        crisisHits(joined, targets, hits, offset, before ? () => undefined : () => questionOf(asked), seen);
        intentionalOverdose(joined, hits, offset);
        if (crisisSeen || hits.some((h) => h.type === 'mental_health_crisis'))
          timingHit(joined, hits, offset);
        const abuse = abuseHit(joined, targets, offset);
        const abuseSignal = abuse?.signal;
        rulesSawAbuse = abuse !== undefined;
        if (abuse?.signal === 'threat') hits.push(abuse);
        else if (abuse) {
          // One insult at the agent is raised for review; a second turn of it is sustained abuse.
          abusiveTurns++;
          if (abusiveTurns >= 2)
            hits.push({
              ...abuse,
              signal: 'sustained-abuse',
              severity: 'high',
              reason: 'insults at the agent in two or more turns -> high',
            });
          else hits.push(abuse);
        }
        if (probe && !hits.some((h) => h.type === probe.type) && answersAlarmingly(probe, squash(n!))) {
          const g = grade(probe.signal, '', `answered "${probe.alarmingAnswer}" to a screening question`);
          screened = {
            type: probe.type,
            severity: g.severity,
            signal: probe.signal,
            reason: g.reason,
            s: offset,
            e: full.length,
          };
          hits.push(screened);
        }
        const answer = squash(n!).trim();
        if (
          yesLike &&
          agentTurn &&
          !probe &&
          hits.length === 0 &&
          YES.test(answer) &&
          answer.split(' ').length <= 6
        ) {
          const affirmed = affirmedQuestion(agentTurn);
          if (affirmed) hits.push({ ...affirmed, s: offset, e: full.length });
        }
        if (learned) {
          const decided = decide(joined, offset, full, seen, hits, asked, abuseSignal);
          hits.length = 0;
          hits.push(...decided);
          // Round 9: a yes to a crisis screening question stands whatever the classifier says: the
          // caller has answered the question a crisis protocol asks, in words the model never sees.
          if (screened?.type === 'mental_health_crisis' && !hits.some((h) => h.type === screened!.type))
            hits.push(screened);
          intentionalOverdose(joined, hits, offset, true);
          dropSelfWaking(joined, hits, offset);
          dropPastResolvedWish(n!, hits);
          dropReportedInsult(n!, hits);
          dropResolvedBleeding(n!, hits);
          dropBloodlessSoak(n!, hits);
          wishBesideDeniedPlan(joined, n!, hits, offset, full.length);
        }
        if (hits.some((h) => h.type === 'mental_health_crisis')) crisisSeen = true;
      }
      // Round 13: protocol findings stated by their parts stand after the decision (standing.ts),
      // for a type the classifier did not raise in the turn; the classifier's inputs are as trained.
      if (learned && standingWords !== 0) {
        const raised = new Set(hits.map((h) => h.type));
        // An insult the cue rules saw is the classifier's to judge (it was trained on them); the
        // lexicon here adds only pejoratives the cue rules do not know.
        if (rulesSawAbuse) raised.add('abusive_caller');
        // Round 14: a whole supply swallowed is an overdose even when the classifier read the turn
        // as another emergency ("every one of my wife's heart pills" read as chest pain): that
        // finding is raised to the overdose (never lowered) instead of a second one being added.
        const wholeSupply = n !== undefined && (standingWords & TOTAL_INGESTION_BIT) !== 0;
        const other = wholeSupply
          ? hits.find(
              (h) => h.type === 'medical_emergency' && h.signal !== 'overdose' && h.signal !== 'poisoning',
            )
          : undefined;
        const words = other ? standingWords & ~TOTAL_INGESTION_BIT : standingWords;
        for (const f of standingFindings(text, raised, n, words)) {
          // An insult here counts toward sustained abuse like one the classifier raised.
          if (f.signal === 'insult' && ++learnedAbusiveTurns >= 2)
            hits.push({
              ...f,
              signal: 'sustained-abuse',
              severity: 'high',
              reason: `${f.reason.replace(/ -> moderate$/, '')}; insults at the agent in two or more turns -> high`,
              s: offset,
              e: full.length,
            });
          else hits.push({ ...f, s: offset, e: full.length });
        }
        // Round 19: a wound that spurts or soaks through cloths is severe bleeding, critical, even
        // when the classifier named the turn otherwise ("spurting every time my heart beats" read as
        // chest pain, `high`): a finding below critical is renamed and raised to it, never lowered.
        if (n !== undefined && (standingWords & BLEEDING_CONSEQUENCE_BIT) !== 0) {
          const named = hits.find((h) => h.type === 'medical_emergency' && h.severity !== 'critical');
          const bleed = named ? bleedingByConsequence(n) : undefined;
          if (named && bleed && named.signal !== 'overdose' && named.signal !== 'poisoning')
            Object.assign(named, { signal: bleed.signal, severity: bleed.severity, reason: bleed.reason });
        }
        const whole = other ? totalIngestion(n!) : undefined;
        if (other && whole)
          Object.assign(other, { signal: whole.signal, severity: whole.severity, reason: whole.reason });
        // Its stated reason makes it intentional, a crisis as well (as for one the classifier
        // raised); `n` is this turn alone, so every intent in it is recent (minEnd 0).
        if (wholeSupply && hits.some((h) => h.signal === 'overdose')) intentionalOverdose(n!, hits, 0, true);
        if (hits.some((h) => h.type === 'mental_health_crisis')) crisisSeen = true;
      }

      previous = { text, n, targets: own, endMs: u.endMs ?? u.startMs };

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
          quote: quoteAround(full, h.s, h.e),
          signal: h.signal,
          reason: h.reason,
          actions: [],
        });
      }
      return out;
    },
  };
}

// Round 18: confusion or nonsense speech in a person with diabetes is hypoglycaemia until shown
// otherwise (the stroke-fast frame reads "talking nonsense" as a speech sign, the recall layer
// "clammy" as a heart). With no one-sided sign and no chest named (a droop, one arm or one side weak) it is named `low-blood-sugar`
// and graded by its own protocol: `high` while the person is awake and swallowing, `critical` when
// they are not (severity.ts protocolGrade, the danger signs of any finding).
const DIABETIC =
  /(?:^|[ ,])(?:diabetic|diabetes|type (?:one|1|two|2)|insulin|hypo|hypoglyc\w*|(?:blood )?sugars? (?:is |are |was )?(?:low|dropping|crashing)|low sugar)(?=[ ,.?!;]|$)/;
const ONE_SIDED =
  /(?:^|[ ,])(?:droop\w*|one side|left side|right side|one arm|(?:left|right) arm|lopsided|can't (?:lift|raise)|cant (?:lift|raise)|face (?:has )?(?:dropped|fallen))(?=[ ,.?!;]|$)/;
const CHANGED_MIND =
  /(?:^|[ ,])(?:nonsense|(?:not|doesn't|doesnt|don't|dont) make (?:any )?sense|confused|muddled|mixed up|disoriented|slurr\w*|not (?:himself|herself|themselves)|(?:wrong|my|his|her) name|thought (?:i|we) (?:was|were))(?=[ ,.?!;]|$)/;
function lowSugarNotStroke(signal: string, turn: string): string {
  if (signal !== 'stroke-signs' && signal !== 'chest-pain' && signal !== 'acute-confusion') return signal;
  const t = squash(turn);
  if (
    !DIABETIC.test(t) ||
    !CHANGED_MIND.test(t) ||
    ONE_SIDED.test(t) ||
    /(?:^|[ ,])chest(?=[ ,.?!;]|$)/.test(t)
  )
    return signal;
  return 'low-blood-sugar';
}

const INTENT_FRAMES: readonly Frame[] = ['means-plan', 'means-plan-time', 'meant-ingestion', 'intent-self'];
// "not terrible" is not an intensifier; severity.ts reads the words without their negation.
const NOT_INTENSE =
  /(?:^|[ ,])not (?:that |so |too |very |really )?(?:terrible|bad|severe|horrible)(?=[ ,.?!;]|$)/g;

/**
 * The grade the classifier gives, capped by what the rules know about the grade of a finding
 * (round 7): a wish to be dead with no means, plan or act in the turn is passive ideation, at most
 * `high` (route to crisis staff, not 911); and the caller's own mild words ("a bit of pressure,
 * it's mild") cap a finding at the grade severity.ts gives it with them.
 */
function capSeverity(
  severity: EscalationSeverity,
  signal: string,
  frames: readonly Frame[],
  turn: string,
): EscalationSeverity {
  // Round 9 protocol: a stated act, plan or means makes a crisis critical.
  if (crisisMeans(squash(turn))) return 'critical';
  // Round 18: self-injury now with a bleed that is itself critical (will not stop, soaks through)
  // is a suicidal act under way, whatever the caller calls it: critical.
  if (
    selfInjury(turn) &&
    /(?:^|[ ,])(?:bleed\w*|bled|blood\w*|soaked|soaking)(?=[ ,.?!;]|$)/.test(squash(turn)) &&
    protocolGrade('severe-bleeding', squash(turn)).severity === 'critical'
  )
    return 'critical';
  let cap: EscalationSeverity = 'critical';
  const noIntent = !frames.some((f) => INTENT_FRAMES.includes(f));
  if (signal === 'passive-ideation' && noIntent && !frames.includes('third-now')) cap = 'high';
  // Round 17: the caller denies wanting to die (in the first person) and states no means: `high`.
  if (noIntent && deniesSuicidalIntent(squash(turn))) cap = 'high';
  const g = grade(signal, squash(turn).replace(NOT_INTENSE, ' '), '');
  if (g.reason.includes('mild:') && RANK[g.severity] < RANK[cap]) cap = g.severity;
  const capped = RANK[severity] > RANK[cap] ? cap : severity;
  // Round 11 protocol floor: a crisis is routed to crisis staff in this call at least (`high`);
  // `moderate` (a supervisor reviews) is for a single insult. Mild words about a wound ("still
  // bleeding a little") lower the wound, not the crisis.
  return RANK[capped] < RANK.high ? 'high' : capped;
}

/** Every escalation in a finished transcript, in order; the same rules as the live monitor. */
export function detectEscalations(
  utterances: readonly Utterance[],
  options: EscalationMonitorOptions = {},
): Escalation[] {
  const monitor = createEscalationMonitor(options);
  const out: Escalation[] = [];
  for (const u of utterances) {
    for (const e of monitor.push(u)) out.push(e);
  }
  return out;
}

function joinable(
  previous: { endMs: number | null } | undefined,
  u: Utterance,
): previous is { text: string; n: string | undefined; targets: readonly number[]; endMs: number | null } {
  if (previous === undefined) return false;
  return previous.endMs === null || u.startMs === null || u.startMs - previous.endMs <= JOIN_GAP_MS;
}

function union(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a.slice();
  const out = [...a];
  for (const t of b) if (!out.includes(t)) out.push(t);
  return out.sort((x, y) => x - y);
}

function questionOf(turn: { text: string; question?: Question | null } | undefined): Question | undefined {
  if (turn === undefined) return undefined;
  if (turn.question === undefined) turn.question = questionFrom(squash(normalise(turn.text))) ?? null;
  return turn.question ?? undefined;
}

// A wish to be dead without a stated act (C-SSRS item 1) is passive ideation: a crisis, graded
// below a stated intent to act.
const PASSIVE =
  /(?:want|wanted|wanna|ready|going|gonna) (?:to )?die|wish i|better off|no reason|nothing (?:left )?to live|not worth|worth living|tired of|rather be dead|what's the point|whats the point|what is the point|point (?:to|in|of)|wake up|sleep|(?:care|notice|miss me) if/;

/**
 * "Is the pain in your chest happening right now?" "Yes it is.": a yes affirms the condition the
 * agent's question names, when the question is about now. The question's own words are matched
 * with the caller cues; only the acuity comes from the question.
 */
function affirmedQuestion(turn: {
  text: string;
  question?: Question | null;
}): Omit<Hit, 's' | 'e'> | undefined {
  const q = questionOf(turn);
  if (!q?.now) return undefined;
  // The caller's cues are in the first person: "your chest" is "my chest" in the answer.
  const asked = q.text
    .replace(/(?<![a-z'])your(?![a-z'])/g, 'my')
    .replace(/(?<![a-z'])(?:you're|youre)(?![a-z'])/g, "i'm")
    .replace(/(?<![a-z'])are you(?![a-z'])/g, 'am i')
    .replace(/(?<![a-z'])you(?![a-z'])/g, 'i');
  // Only the agent's last sentence is the question the yes answers, and it must ask.
  let from = asked.length - 1;
  while (from > 0 && !/[.!;]/.test(asked[from - 1]!)) from--;
  const sentence = asked.slice(from);
  if (!QUESTION_FORM.test(squash(sentence).trim())) return undefined;
  for (const id of TRIGGERS.scan(sentence)) {
    const cue = CUES[id];
    if (cue === undefined) continue;
    cue.re.lastIndex = 0;
    const m = cue.re.exec(sentence);
    if (!m) continue;
    const clause = clauseAround(sentence, m.index, m.index + m[0].length);
    if (negated(sentence, clause, m.index)) continue;
    const g = grade(cue.signal, '', 'current: "yes" to a question about now');
    return { type: cue.type, severity: g.severity, signal: cue.signal, reason: g.reason };
  }
  return undefined;
}

/** Cue hits in `n` that end after `minEnd` (the start of the newest turn). */
function crisisHits(
  n: string,
  targets: readonly number[],
  hits: Hit[],
  minEnd: number,
  questionAt: () => Question | undefined,
  seen: SeenCue[],
): void {
  let question: Question | undefined | null = null;
  const found: Hit[] = [];
  for (const id of targets) {
    const cue = CUES[id];
    if (cue === undefined) break;
    if (found.some((h) => h.signal === cue.signal)) continue;
    cue.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = cue.re.exec(n)) !== null) {
      const s = m.index;
      const e = s + m[0].length;
      if (e === s) {
        cue.re.lastIndex++;
        continue;
      }
      if (e <= minEnd) continue;
      const clause = clauseAround(n, s, e);
      if (question === null) question = questionAt();
      const a = assess(n, clause, s, e, cue, question, minEnd);
      seen.push({ type: cue.type, signal: cue.signal, acuity: a.acuity });
      if (a.acuity !== 'current') continue;
      const signal =
        cue.signal === 'suicidal-ideation' && PASSIVE.test(n.slice(s, e)) ? 'passive-ideation' : cue.signal;
      const g = grade(signal, squash(n.slice(clause.start, clause.end)), a.why);
      found.push({ type: cue.type, severity: g.severity, signal, reason: g.reason, s, e });
      break;
    }
  }
  for (const type of ['medical_emergency', 'mental_health_crisis'] as const) {
    const mine = found.filter((h) => h.type === type);
    if (mine.length === 0) continue;
    // The first cue names the signal (the cue table is in priority order); the worst grade wins,
    // and two different signs at once ("my chest hurts and I can't breathe") are worse than either.
    const first = mine[0]!;
    const worst = mine.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
    const others = mine.slice(1).map((h) => h.signal);
    const severity: EscalationSeverity =
      others.length === 0 ? worst.severity : worst.severity === 'moderate' ? 'high' : 'critical';
    const reason =
      others.length === 0 ? first.reason : `${first.reason}; with ${others.join(', ')} -> ${severity}`;
    hits.push({ ...first, severity, reason });
  }
}

function abuseHit(n: string, targets: readonly number[], minEnd: number): Hit | undefined {
  let m: RegExpExecArray | null;
  THREAT.lastIndex = 0;
  while (targets.includes(THREAT_ID) && (m = THREAT.exec(n)) !== null) {
    const s = m.index;
    const e = s + m[0].length;
    if (e <= minEnd) continue;
    const clause = clauseAround(n, s, e);
    if (THREAT_BENIGN.test(' ' + squash(n.slice(clause.start, clause.end)))) continue;
    if (!VIOLENT.test(m[0]) && LAWFUL.test(' ' + squash(n))) continue;
    if (negated(n, clause, s)) continue;
    return {
      type: 'abusive_caller',
      severity: 'critical',
      signal: 'threat',
      reason: 'threat at the agent -> critical',
      s,
      e,
    };
  }
  DIRECTED_ABUSE.lastIndex = 0;
  while (targets.includes(ABUSE_ID) && (m = DIRECTED_ABUSE.exec(n)) !== null) {
    const s = m.index;
    const e = s + m[0].length;
    if (e <= minEnd) continue;
    const clause = clauseAround(n, s, e);
    if (negated(n, clause, s)) continue;
    if (NOT_AT_AGENT.test(squash(n.slice(clause.start, s)).trimEnd())) continue;
    // "Shut up, really?", "Go to hell? No, I said the help page": an echo or surprise, not an order.
    if (clause.question && /^(?:shut|go)/.test(n.slice(s, e))) continue;
    if (
      /^[ ,]*(?:really|no way|seriously|for real|no i said|i said)(?=[ ,.?!;]|$)/.test(
        squash(n.slice(e, e + 20)),
      )
    )
      continue;
    return {
      type: 'abusive_caller',
      severity: 'moderate',
      signal: 'insult',
      reason: 'insult aimed at the agent -> moderate',
      s,
      e,
    };
  }
  return undefined;
}

/**
 * An overdose taken on purpose is both an emergency and a crisis: "I took all my pills so I
 * wouldn't wake up" raises each type once, whichever cue fired.
 */
function intentionalOverdose(n: string, hits: Hit[], minEnd: number, decided = false): void {
  const overdose = hits.find((h) => h.signal === 'overdose' || h.signal === 'poisoning');
  // Both outcomes need an overdose; the intent pattern is read only then (it runs twice on every
  // turn the monitor reads, and almost none has one).
  if (!overdose) return;
  const crisis = hits.find((h) => h.type === 'mental_health_crisis');
  INTENT.lastIndex = 0;
  // Round 12: once the classifier has raised a current overdose, giving up as its reason is
  // intent too (GIVING_UP; not read before the decision, so the classifier's features are as
  // trained).
  const intent =
    INTENT.exec(n) ??
    (decided && overdose.type === 'medical_emergency' ? (GIVING_UP.exec(n) ?? NO_POINT.exec(n)) : null);
  if (overdose && !crisis && intent && intent.index + intent[0].length > minEnd - 200) {
    hits.push({
      ...overdose,
      type: 'mental_health_crisis',
      signal: 'intentional-overdose',
      severity: 'critical',
      reason: `overdose taken on purpose: "${intent[0].trim()}" -> critical`,
    });
  } else if (overdose && crisis && crisis.signal !== 'intentional-overdose') {
    crisis.signal = 'intentional-overdose';
    crisis.severity = 'critical';
    crisis.reason = 'overdose with suicidal intent in the same turn -> critical';
  }
}

// The caller saying "I won't wake up" is talking, so awake: about their sleep ("hope I won't wake
// up groggy"), a fear ("during the operation") or a wish, never an unresponsive person.
const SELF_WAKING =
  /(?:^|[ ,])i(?: [a-z']+){0,3}? (?:won't|wont|will not|wouldn't|wouldnt|would not|don't|dont|do not|didn't|didnt|never|not|can't|cant) (?:ever )?(?:wake|waking) up(?! (?:him|her|them|my|the|your|his|their)(?=[ ,.?!;]|$))/g;

/**
 * Round 12: an `unresponsive` finding whose every unresponsive cue in the newest turn matched
 * inside the caller's own first-person waking is dropped after the decision (the classifier's
 * features are as trained; the cue still stands for "I can't wake him up").
 */
const UNRESPONSIVE_CUES = CUES.filter((c) => c.signal === 'unresponsive');
function dropSelfWaking(n: string, hits: Hit[], minEnd: number): void {
  const at = hits.findIndex((h) => h.signal === 'unresponsive');
  if (at < 0) return;
  const spans: [number, number][] = [];
  SELF_WAKING.lastIndex = 0;
  for (let m = SELF_WAKING.exec(n); m; m = SELF_WAKING.exec(n)) spans.push([m.index, m.index + m[0].length]);
  if (spans.length === 0) return;
  let cues = 0;
  for (const cue of UNRESPONSIVE_CUES) {
    cue.re.lastIndex = 0;
    for (let m = cue.re.exec(n); m; m = cue.re.exec(n)) {
      if (m[0].length === 0) {
        cue.re.lastIndex++;
        continue;
      }
      const e = m.index + m[0].length;
      if (e <= minEnd) continue;
      cues++;
      if (!spans.some(([a, b]) => a <= m!.index && e <= b)) return;
    }
  }
  if (cues > 0) hits.splice(at, 1);
}

// Round 12, past and resolved ideation: a wish said in the past tense ("I hoped I wouldn't wake
// up", "there was a time I wanted to die") in a turn that says it is over ("that's behind me",
// "I don't anymore", "I'm in a good place now") and has no wish in the present.
const PAST_WISH =
  /(?:^|[ ,])(?:hoped|wished|wanted|prayed|used to (?:hope|wish|want|pray|think)|was hoping|was wishing|was praying)(?=[ ,.?!;]|$)/;
const PRESENT_WISH =
  /(?:^|[ ,])(?:i|i'm|im|i am|i still|i just|i really)(?: [a-z']+)? (?:want|wanna|wish|hope|hoping|wishing|pray|praying|keep (?:thinking|wishing|hoping))(?=[ ,.?!;]|$)|(?:^|[ ,])(?:still|lately|recently|these days|again|right now|tonight|today|last night|yesterday|this morning|this week|earlier|(?:an|a few|two|three|\d+) (?:hours?|minutes?) ago)(?=[ ,.?!;]|$)/;
const OVER_NOW =
  /(?:^|[ ,])(?:behind me|in the past|(?:don't|dont|do not) any ?more|not any ?more|no longer|(?:in a |a )?(?:good|better) place|doing (?:really |much |so )?(?:well|good|great|fine|better)|better now|fine now|stable|recovered|in recovery)(?=[ ,.?!;]|$)/;

/**
 * Round 12: a passive-ideation finding in a turn that tells a past, resolved wish is dropped
 * after the decision (the strict wish-self frame already reads it so; the loose frame and the
 * recall layer do not).
 */
function dropPastResolvedWish(turn: string, hits: Hit[]): void {
  const at = hits.findIndex((h) => h.signal === 'passive-ideation');
  if (at < 0) return;
  const t = squash(turn);
  if (PAST_WISH.test(t) && OVER_NOW.test(t) && !PRESENT_WISH.test(t)) hits.splice(at, 1);
}

/**
 * Round 17: a bleeding finding in a turn that says the bleeding has stopped, or puts it all in the
 * past (severity.ts `bleedingResolved`), is dropped: a resolved bleed is a question for the nurse
 * line ("it bled for a minute yesterday and stopped; do I need a tetanus shot?"), not an emergency.
 */
function dropResolvedBleeding(turn: string, hits: Hit[]): void {
  const at = hits.findIndex((h) => h.type === 'medical_emergency' && h.signal === 'severe-bleeding');
  if (at >= 0 && bleedingResolved(squash(turn))) hits.splice(at, 1);
}

// Round 19: "soaked" alone is not blood. A severe-bleeding finding in a turn that names no blood,
// bleeding, clot, wound or injury, and says what soaked it (rain, water, a spill, a drink), is a
// wet thing ("the sheet they mailed me got soaked in the rain"): dropped.
const BLOOD_OR_WOUND =
  /(?:^|[ ,])(?:blood\w*|bleed\w*|bled|clots?|haemorrhag\w*|hemorrhag\w*|wound\w*|cut|cuts|gash\w*|sliced|slashed|stabbed|bitten|injur\w*|hurt|pads?|tampons?|period|nosebleed|vomit\w*|spurt\w*|squirt\w*|pumping|labou?r|birth|miscarr\w*|pregnan\w*)(?=[ ,.?!;]|$)/;
const SOAKED_BY_WATER =
  /(?:^|[ ,])(?:soak\w*|drench\w*|wet|sodden)(?: [a-z']+){0,4}? (?:in|by|with|from) (?:the |a |my |some )?(?:rain|water|storm|puddle|sprinkler|shower|bath|sink|pool|sea|spill|coffee|tea|juice|drink|milk|wine|beer|washing|laundry|flood|leak|snow|sweat)(?=[ ,.?!;]|$)/;

function dropBloodlessSoak(turn: string, hits: Hit[]): void {
  const at = hits.findIndex((h) => h.type === 'medical_emergency' && h.signal === 'severe-bleeding');
  if (at < 0) return;
  const t = squash(turn);
  if (!BLOOD_OR_WOUND.test(t) && SOAKED_BY_WATER.test(t)) hits.splice(at, 1);
}

// Round 18, denial scope: "I'd never actually do anything, there's no plan" denies an act and a
// plan, not the wish that follows it ("... I catch myself hoping a lorry will swerve and take me
// out"). The classifier reads the negators of the whole turn and drops the wish; a denial cancels
// only what it denies, so a wish the strict wish-self frame found (itself not negated, past or
// conditional) stands as passive ideation (`high`: no plan, as the caller says).
const DENIES_ACT =
  /(?:^|[ ,])(?:(?:i'd|id|i would|i'll|ill|i will|i'm|im|i am)(?: (?:never|not))(?: (?:actually|really|ever))?(?: going to| gonna)? (?:do|act on|go through with|try) (?:anything|it|that|something)|(?:i wouldn't|i wouldnt|i would not|i won't|i wont|i will not|i'm not going to|im not going to|i am not going to|i'm not gonna|im not gonna)(?: (?:actually|really|ever))? (?:do|act on|go through with|try) (?:anything|it|that|something)|(?:there's|theres|there is|i've got|ive got|i have|i've|ive) (?:no|not got a|not got any|got no) plans?|(?:i don't|i dont|i do not|i don't have|i dont have|i do not have) (?:have )?(?:a|any) plans?|no plans? (?:to|or))(?=[ ,.?!;]|$)/;

const WISH_VERB = /(?:^|[ ,])(?:hope|hoping|hoped|wish|wishing|wished|pray|praying|prayed)(?=[ ,])/g;
const NEGATOR_WORD =
  /[ ,](?:not|no|never|don't|dont|do not|didn't|didnt|doesn't|doesnt|won't|wont|wouldn't|wouldnt|isn't|isnt|can't|cant)[ ,]/;

function wishBesideDeniedPlan(joined: string, turn: string, hits: Hit[], s: number, e: number): void {
  if (hits.some((h) => h.type === 'mental_health_crisis')) return;
  const t = squash(turn);
  if (!DENIES_ACT.test(t) || !framesOf(joined).includes('wish-self')) return;
  // The wish itself is not denied: with the denials of an act or a plan taken out, a wish verb
  // stands with no negator in the few words before it ("and I don't wish I was dead" is denied).
  const rest = t.replace(new RegExp(DENIES_ACT.source, 'g'), ' , ');
  let wish = false;
  for (const m of rest.matchAll(WISH_VERB)) {
    const head = rest
      .slice(0, m.index + 1)
      .split(/[.!?;]/)
      .pop()!
      .trim()
      .split(/\s+/)
      .slice(-4)
      .join(' ');
    if (!NEGATOR_WORD.test(' ' + head + ' ')) wish = true;
  }
  if (!wish) return;
  hits.push({
    type: 'mental_health_crisis',
    severity: 'high',
    signal: 'passive-ideation',
    reason: 'a wish to be dead; the caller denies a plan or an act, not the wish -> high',
    s,
    e,
  });
}

// Round 12, reported insults: someone else called the agent names ("my wife called you guys
// morons yesterday, I apologize for her", "my son says you're useless"): the caller reports
// abuse, and is not abusing.
const REPORTED =
  /(?:^|[ ,])(?:he|she|they|my [a-z]+|his [a-z]+|her [a-z]+|the [a-z]+)(?: [a-z']+)? (?:called|calls|said|says|told|tells|thinks|thought|keeps saying|kept saying|yelled|screamed) (?:that )?(?:you|ya|u|y'all|you're|youre|you are|you guys|you people)(?=[ ,.?!;]|$)/;

/**
 * Round 12: an insult finding (not a threat) in a turn whose every insulting clause at "you" is
 * someone else's words reported is dropped after the decision.
 */
function dropReportedInsult(turn: string, hits: Hit[]): void {
  const at = hits.findIndex((h) => h.type === 'abusive_caller' && h.signal !== 'threat');
  if (at < 0) return;
  // Clauses, not sentences: "my husband said you're useless, and he's right, you're an idiot"
  // reports one insult and makes another.
  const clauses = turn.split(/[.!?;,]+/).filter((x) => x.trim() !== '');
  const insulting = clauses.filter((x) => insultSentencesAtYou(x) > 0 || DIRECTED_ABUSE_TEST.test(x));
  if (insulting.length > 0 && insulting.every((x) => REPORTED.test(squash(x)))) hits.splice(at, 1);
}
const DIRECTED_ABUSE_TEST = new RegExp(DIRECTED_ABUSE.source);

/** "Tonight is the night" after ideation or means in this call: intent with a time. */
function timingHit(n: string, hits: Hit[], minEnd: number): void {
  TIMING.lastIndex = 0;
  const m = TIMING.exec(n);
  if (!m || m.index + m[0].length <= minEnd) return;
  const prior = hits.findIndex((h) => h.type === 'mental_health_crisis');
  const hit: Hit = {
    type: 'mental_health_crisis',
    signal: 'intent-with-means',
    severity: 'critical',
    reason: 'ideation or means with a stated time -> critical',
    s: m.index,
    e: m.index + m[0].length,
  };
  if (prior >= 0) hits[prior] = hit;
  else hits.push(hit);
}
