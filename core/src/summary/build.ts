import type { Judge } from '../judge/port';
import type { Utterance } from '../model/transcript';
import type { CallSummary, FollowUpPromise } from './types';

export interface SummaryInput {
  interactionId: string;
  /** ISO start of the call: due times ("tomorrow") count from it. */
  startedAt?: string | undefined;
  utterances: readonly Utterance[];
  /** Call type label, when known, leads the reason. */
  callType?: string | undefined;
}

export interface SummaryOptions {
  /** The contact center's offset from UTC in minutes (e.g. −300 for US Eastern); default 0. */
  utcOffsetMinutes?: number;
  /** Hour of day (local) a promise "by tomorrow" is due at; default 17 (end of business). */
  dueHour?: number;
}

const MAX_TEXT = 1000;

function shorten(text: string, n: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : `${t.slice(0, n - 1).replace(/\s+\S*$/, '')}…`;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z']*/g) ?? [];
}

// Small talk carries no reason for the call; the first customer turn with substance does.
const CHATTER = new Set([
  'hi',
  'hello',
  'hey',
  'yes',
  'yeah',
  'no',
  'ok',
  'okay',
  'thanks',
  'thank',
  'you',
  'good',
  'morning',
  'afternoon',
  'sure',
  'um',
  'uh',
  'this',
  'is',
  'speaking',
  'fine',
  'great',
]);

function reasonOf(utterances: readonly Utterance[]): { text: string; index: number } | undefined {
  for (let i = 0; i < utterances.length; i++) {
    const u = utterances[i]!;
    if (u.speaker !== 'customer') continue;
    const content = words(u.text).filter((w) => !CHATTER.has(w));
    if (content.length >= 4) return { text: shorten(u.text, 200), index: i };
  }
  return undefined;
}

/**
 * What was done: the agent's first-person statements in the past or present perfect ("I've sent",
 * "I booked", "we updated") — the grammar of a completed action, not a list of phrases.
 */
const DONE =
  /\b(?:i|we)(?:'ve| have| just)?\s+(?:already\s+)?([a-z]+ed|sent|made|put|set|got|done|found|taken|took|gave|given|booked|paid|sent out)\b/i;

/**
 * A promise: a first-person future ("I'll", "I will", "we're going to") of someone contacting,
 * sending or finding out, or any first-person future with a due time. In-call steps ("I'll pull
 * up your chart") have neither and are left out.
 */
const FUTURE =
  /\b(i|we)(?:'ll| will| am going to|'m going to| are going to|'re going to)\s+(?:\w+\s+){0,2}?(\w+)/i;
const CONTACT_VERBS = new Set([
  'call',
  'ring',
  'phone',
  'send',
  'email',
  'text',
  'mail',
  'fax',
  'follow',
  'get',
  'reach',
  'let',
  'contact',
  'update',
  'notify',
  'check',
  'find',
  'confirm',
  'submit',
  'forward',
  'message',
]);

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The due time a sentence gives, relative to `start`; undefined when it gives none. */
export function dueTimeOf(text: string, start: Date, opts: SummaryOptions = {}): string | undefined {
  const t = text.toLowerCase();
  const offset = (opts.utcOffsetMinutes ?? 0) * 60_000;
  const dueHour = opts.dueHour ?? 17;
  const local = new Date(start.getTime() + offset);
  const atDay = (addDays: number, hour = dueHour): string =>
    new Date(
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + addDays, hour) - offset,
    ).toISOString();
  let m: RegExpExecArray | null;
  if (
    (m =
      /\bin (?:the next |about )?(\d+|an?|one|two|three|four|five|six|seven|eight) (hour|day|week)s?\b/.exec(
        t,
      ))
  ) {
    const nums: Record<string, number> = {
      a: 1,
      an: 1,
      one: 1,
      two: 2,
      three: 3,
      four: 4,
      five: 5,
      six: 6,
      seven: 7,
      eight: 8,
    };
    const n = nums[m[1]!] ?? Number(m[1]);
    const unit = m[2] === 'hour' ? 3_600_000 : m[2] === 'day' ? 86_400_000 : 7 * 86_400_000;
    return new Date(start.getTime() + n * unit).toISOString();
  }
  if ((m = /\bwithin (\d+|one|two|three|four|five) (?:business |working )?days?\b/.exec(t))) {
    const nums: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
    let left = nums[m[1]!] ?? Number(m[1]);
    let d = 0;
    while (left > 0) {
      d++;
      const dow = (local.getUTCDay() + d) % 7;
      if (dow !== 0 && dow !== 6) left--;
    }
    return atDay(d);
  }
  if (/\btomorrow\b/.test(t)) return atDay(1, /\bmorning\b/.test(t) ? 12 : dueHour);
  if (/\b(today|this afternoon|this evening|later on|by end of day|end of the day)\b/.test(t))
    return atDay(0);
  if (/\bnext week\b/.test(t)) return atDay(7);
  if (/\b(this week|end of the week)\b/.test(t)) return atDay((5 - local.getUTCDay() + 7) % 7 || 0);
  for (let i = 0; i < 7; i++) {
    if (new RegExp(`\\b${WEEKDAYS[i]}\\b`).test(t)) return atDay((i - local.getUTCDay() + 7) % 7 || 7);
  }
  return undefined;
}

/** Promises made on the call, each with its owner and due time when the call gave one. */
export function promisesOf(input: SummaryInput, opts: SummaryOptions = {}): FollowUpPromise[] {
  const start = new Date(input.startedAt ? Date.parse(input.startedAt) : 0);
  const out: FollowUpPromise[] = [];
  input.utterances.forEach((u, i) => {
    if (u.speaker !== 'agent' && u.speaker !== 'customer') return;
    // A question ("will you call me?") is not a promise.
    for (const sentence of u.text.split(/(?<=[.!])\s+/)) {
      if (/\?\s*$/.test(sentence)) continue;
      const m = FUTURE.exec(sentence);
      if (!m) continue;
      const due = dueTimeOf(sentence, start, opts);
      const verbs = words(sentence.slice(m.index));
      if (!due && !verbs.some((w) => CONTACT_VERBS.has(w))) continue;
      out.push({
        id: `${input.interactionId}:promise:${i}:${out.length}`,
        owner: u.speaker === 'agent' ? 'agent' : 'customer',
        text: shorten(sentence, 200),
        ...(due ? { dueAt: due } : {}),
        atOffsetMs: u.startMs ?? 0,
      });
    }
  });
  return out;
}

/**
 * The offline summary: reason (the first customer turn with substance), what was done (the
 * agent's completed-action statements, at most 3), what was promised (promisesOf), and one short
 * paragraph of at most 1,000 characters for a notes field.
 */
export function buildSummary(input: SummaryInput, opts: SummaryOptions = {}): CallSummary {
  const reason = reasonOf(input.utterances);
  const done = input.utterances
    .filter((u) => u.speaker === 'agent' && DONE.test(u.text) && !/\?\s*$/.test(u.text))
    .slice(0, 3)
    .map((u) => shorten(u.text, 160));
  const promised = promisesOf(input, opts);
  const label = input.callType ? `${input.callType.replace(/-/g, '/')}: ` : '';
  const parts = [
    `Reason: ${label}${reason ? reason.text : 'not stated'}`,
    done.length ? `Done: ${done.join(' ')}` : 'Done: nothing recorded',
    promised.length
      ? `Promised: ${promised.map((p) => `${p.owner} — ${p.text}${p.dueAt ? ` (due ${p.dueAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}`).join('; ')}`
      : 'Promised: nothing',
  ];
  return {
    interactionId: input.interactionId,
    reason: reason ? reason.text : 'not stated',
    done,
    promised,
    text: shorten(parts.join('\n'), MAX_TEXT),
    method: 'offline',
  };
}

/**
 * With a judge (an LLM behind the judge port) the reason and paragraph come from it and the
 * promises from the offline builder (they need exact due times). Any judge failure, or a quote
 * that is not in the transcript, falls back to the offline summary.
 */
export async function buildSummaryWithJudge(
  input: SummaryInput,
  judge: Judge,
  opts: SummaryOptions = {},
): Promise<CallSummary> {
  const offline = buildSummary(input, opts);
  try {
    const answer = await judge.judge({
      criterionId: 'call-summary',
      criterionVersion: 'summary-1',
      question:
        'Summarize this call for the notes field in at most 600 characters in `rationale`: why the person contacted us, what was done, and anything promised with its time. Quote in `quotes` the customer sentence that states the reason. Answer "met" when the call had a reason, else "not_applicable".',
      utterances: input.utterances.map((u, index) => ({ index, speaker: u.speaker, text: u.text })),
      cacheKey: `summary:${input.interactionId}`,
    });
    const quote = answer.quotes[0];
    const verbatim = quote !== undefined && input.utterances.some((u) => u.text.includes(quote));
    if (!answer.rationale.trim() || (quote !== undefined && !verbatim)) return offline;
    return {
      ...offline,
      reason: quote ? shorten(quote, 200) : offline.reason,
      text: shorten(answer.rationale, MAX_TEXT),
      method: 'llm',
    };
  } catch {
    return offline;
  }
}
