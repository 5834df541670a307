/**
 * Screening questions the agent asks and the caller answers in one word: "Are you having
 * thoughts of hurting yourself right now?" "Yeah." The cue is split across two turns, so the
 * last agent question is remembered for the next caller turn.
 */
import type { EscalationType } from '../model/escalation';

export interface Probe {
  type: Extract<EscalationType, 'medical_emergency' | 'mental_health_crisis'>;
  signal: string;
  /** The answer that means trouble: "yes" to "are you having chest pain", "no" to "is he breathing". */
  alarmingAnswer: 'yes' | 'no';
}

/**
 * A word every probe contains. Agent turns are half of a call and only need this test, and a
 * short regex is cheaper here than the caller-side trigger index.
 */
export const PROBE_GATE =
  /yourself|suicid|chest|breath|conscious|awake|respon|numb|weak|droop|slur|your (?:own )?life|dead|die|alive/i;

const PROBES: readonly { re: RegExp; probe: Probe }[] = [
  {
    re: /\b(?:are you|you're|have you been|do you|you|been|any)\b(?: [a-z']+){0,4}? (?:thinking|thoughts|thought|feeling|felt|having|have|plans?|planning|want|wanting|intend|intending)\b(?: [a-z']+){0,3}? (?:suicide|suicidal|(?:kill|killing|end|ending|take|taking) (?:yourself|your (?:own )?life))/,
    probe: { type: 'mental_health_crisis', signal: 'suicidal-ideation', alarmingAnswer: 'yes' },
  },
  {
    // A wish to be dead (PHQ-9 item 9, C-SSRS item 1): "thoughts that you would be better off dead".
    re: /\b(?:are you|you're|have you been|do you|you|been|any)\b(?: [a-z']+){0,4}? (?:thinking|thoughts|thought|feeling|felt|having|have|wish|wishing|wished)\b(?: [a-z']+){0,4}? (?:better off dead|(?:were|was|being) dead|want(?:ed)? to die|wanting to die|(?:not )?(?:want(?:ed)?|wanting) to (?:be alive|live|wake up)|not (?:be|being) alive|not wake up|go to sleep and not wake)/,
    probe: { type: 'mental_health_crisis', signal: 'passive-ideation', alarmingAnswer: 'yes' },
  },
  {
    re: /\b(?:are you|you're|have you been|do you|you|been|any)\b(?: [a-z']+){0,4}? (?:thinking|thoughts|thought|feeling|felt|having|have|plans?|planning|want|wanting|intend|intending|urges?)\b(?: [a-z']+){0,3}? (?:hurt|hurting|harm|harming|cut|cutting) yourself/,
    probe: { type: 'mental_health_crisis', signal: 'self-harm', alarmingAnswer: 'yes' },
  },
  {
    re: /\b(?:are you|do you|you|is (?:he|she|they)|does (?:he|she))\b(?: [a-z']+){0,3}? (?:having|have|experiencing|feeling|got|has)\b(?: [a-z']+){0,2}? (?:chest pain|pain in (?:your|his|her) chest|trouble breathing|difficulty breathing|shortness of breath|short of breath|numbness|weakness) ?(?:on one side|in (?:your|his|her) (?:face|arm|leg))?/,
    probe: { type: 'medical_emergency', signal: 'chest-pain', alarmingAnswer: 'yes' },
  },
  {
    re: /(?:^|[ ,.?])(?:any|having any|still having|still have) (?:chest pain|pain in your chest|chest pressure|trouble breathing|difficulty breathing|shortness of breath)\b/,
    probe: { type: 'medical_emergency', signal: 'chest-pain', alarmingAnswer: 'yes' },
  },
  {
    re: /\b(?:is|are) (?:he|she|they|the baby|your [a-z]+) (?:still |even )?(?:breathing|conscious|awake|responsive|responding)\b/,
    probe: { type: 'medical_emergency', signal: 'unresponsive', alarmingAnswer: 'no' },
  },
];

// History questions ("have you ever...") are not about now; recency words bring them back.
const EVER = /\bever\b/;
const NOW =
  /\b(?:now|right now|currently|today|tonight|lately|recently|these days|at the moment|this week|past (?:two |few )?(?:weeks?|days?))\b/;

export function probeIn(agentText: string): Probe | undefined {
  for (const { re, probe } of PROBES) {
    const m = re.exec(agentText);
    if (!m) continue;
    // "you're not feeling suicidal, just to confirm that" — a yes confirms the negative.
    if (
      probe.alarmingAnswer === 'yes' &&
      /(?:^|[ ,])(?:not|no|never|don't|dont|aren't|arent)(?=[ ,]|$)/.test(m[0])
    )
      return undefined;
    if (EVER.test(agentText) && !NOW.test(agentText)) return undefined;
    if (probe.signal === 'chest-pain' && /breath/.test(agentText)) return { ...probe, signal: 'breathing' };
    if (probe.signal === 'chest-pain' && /numbness|weakness/.test(agentText))
      return { ...probe, signal: 'stroke-signs' };
    return probe;
  }
  return undefined;
}

export const YES =
  /^(?:yes|yeah|yea|yep|yup|ya|yah|uh huh|mhm|i am|i do|i have|i think so|i guess|i guess so|sometimes|kind of|kinda|a little|a bit|honestly|actually|i have been|i've been|ive been|lately|right now|definitely|correct|that's right|thats right|absolutely|every day|all the time|sort of|maybe|more or less|pretty much|i'm afraid so|im afraid so|it is|he is|she is|they are)(?=[ ,.?!;]|$)/;
const YES_THEN_NO =
  /(?:^|[ ,])(?:no|not|never|nope|don't|dont|isn't|isnt|wasn't|wasnt|anymore)(?=[ ,.?!;]|$)/;
const NO =
  /^(?:no|nope|nah|not really|i don't think so|i dont think so|not at all|he's not|hes not|she's not|shes not|he isn't|he isnt|she isn't|she isnt|they're not|they aren't|i can't tell|i cant tell|i don't know|i dont know|barely|not that i can tell|i'm not sure|im not sure)(?=[ ,.?!;]|$)/;

/** True when the caller's normalised turn answers the probe the alarming way. */
export function answersAlarmingly(probe: Probe, n: string): boolean {
  // A hesitant answer starts with a pause the transcript writes as dots ("...yeah.").
  const t = n.trim().replace(/^[.,;!?\s]+/, '');
  if (probe.alarmingAnswer === 'yes') {
    if (!YES.test(t)) return false;
    if (probe.type === 'medical_emergency' && /^(?:sometimes|lately)/.test(t)) return false;
    return !YES_THEN_NO.test(t.slice(0, 60));
  }
  return NO.test(t) && !/\b(?:is|he's|hes|she's|shes) (?:breathing|awake|fine|okay|ok|responding)\b/.test(t);
}
