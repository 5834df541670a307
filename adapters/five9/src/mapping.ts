import {
  Interaction,
  fieldPath,
  type Channel,
  type ContactCenterFacts,
  type Direction,
  type Participant,
  type SurveyResponse,
} from '@teachback/core';
import { pacificToUtc, parseReportTimestamp } from '@teachback/connector-five9';
import { z } from 'zod';

/**
 * Five9 call-log report row → core Interaction (toDomain). Works for the stock Call Log and for a
 * custom report that adds SESSION ID, MEDIA TYPE, SKILL, HANDLE TIME and NOTES; column names are
 * configurable because custom reports are built by the customer.
 */
export const ReportColumns = z.strictObject({
  callId: z.string().default('CALL ID'),
  sessionId: z.string().default('SESSION ID'),
  timestamp: z.string().default('TIMESTAMP'),
  mediaType: z.string().default('MEDIA TYPE'),
  callType: z.string().default('CALL TYPE'),
  campaign: z.string().default('CAMPAIGN'),
  skill: z.string().default('SKILL'),
  agent: z.string().default('AGENT'),
  agentName: z.string().default('AGENT NAME'),
  disposition: z.string().default('DISPOSITION'),
  ani: z.string().default('ANI'),
  dnis: z.string().default('DNIS'),
  customerName: z.string().default('CUSTOMER NAME'),
  handleTime: z.string().default('HANDLE TIME'),
  callTime: z.string().default('CALL TIME'),
  talkTime: z.string().default('TALK TIME'),
  recordings: z.string().default('RECORDINGS'),
  notes: z.string().default('NOTES'),
  // Contact-center facts (stock Call Log columns, platforms/five9.md §1.3).
  queueWaitTime: z.string().default('QUEUE WAIT TIME'),
  holdTime: z.string().default('HOLD TIME'),
  afterCallWorkTime: z.string().default('AFTER CALL WORK TIME'),
  transfers: z.string().default('TRANSFERS'),
  holds: z.string().default('HOLDS'),
  abandoned: z.string().default('ABANDONED'),
});
export type ReportColumns = z.infer<typeof ReportColumns>;

export const REQUIRED_COLUMNS = ['callId', 'timestamp'] as const;

/**
 * How a tenant's dispositions and skills map to its funnel stages and call types, and which report
 * columns carry the post-call IVR survey (call variables the survey flow sets, added to the custom
 * report). All optional: nothing is mapped that the tenant did not map.
 */
export const Five9Mappings = z.strictObject({
  /** Disposition name → funnel stage (e.g. `Appointment Booked` → `booked`). */
  dispositionStages: z.record(z.string().min(1), z.string().min(1).max(200)).default({}),
  /** Disposition name → call type; wins over the skill's. */
  dispositionCallTypes: z.record(z.string().min(1), z.string().min(1).max(100)).default({}),
  /** Skill (or campaign) name → call type. */
  skillCallTypes: z.record(z.string().min(1), z.string().min(1).max(100)).default({}),
  /** Survey answers: one report column per question (a call variable such as `Survey.CSAT`). */
  surveyColumns: z
    .array(
      z.strictObject({
        column: z.string().min(1),
        questionId: z.string().min(1).max(200),
        kind: z.enum(['csat', 'nps', 'yes_no']),
      }),
    )
    .default([]),
});
export type Five9Mappings = z.input<typeof Five9Mappings>;

export interface MappingContext {
  tenantId: string;
  columns: ReportColumns;
  mappings?: z.output<typeof Five9Mappings>;
  /** The report window the row came from; used to resolve the fall-back hour that happens twice. */
  windowStartMs: number;
  windowEndMs: number;
}

export type MappingResult = { ok: true; interaction: Interaction } | { ok: false; reason: string };

const MEDIA: Record<string, Channel> = {
  VOICE: 'voice',
  CHAT: 'chat',
  EMAIL: 'email',
  SOCIAL: 'messaging',
  SMS: 'sms',
  VIDEO: 'voice',
  CASE: 'email',
};

/**
 * Five9's call types (its reference's callType list: AGENT = dialled manually by an agent,
 * AUTODIAL, INBOUND, INBOUND_VOICEMAIL, INTERNAL, INTERNAL_VOICEMAIL, OUTBOUND, OUTBOUND_PREVIEW,
 * OUTBOUND_VOICEMAIL, TEST), as the report spells them ("Outbound Preview", "Manual", ...).
 */
export function directionOf(callType: string, channel: Channel): Direction {
  const t = callType.toLowerCase();
  if (t.includes('inbound')) return 'inbound';
  if (t.includes('internal')) return 'internal';
  if (/outbound|manual|preview|autodial|progressive|predictive|callback|agent/.test(t)) return 'outbound';
  return channel === 'voice' ? 'unknown' : 'inbound';
}

/** `H:MM:SS`, `HH:MM:SS` or `MM:SS` → ms. */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)$/.exec(text.trim());
  if (!m) return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
}

/** US numbers to E.164; anything else is kept as digits with a leading + when it had one. */
export function toE164(raw: string): string | undefined {
  const digits = raw.replace(/[^\d]/g, '');
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (raw.trim().startsWith('+') && digits.length >= 8) return `+${digits}`;
  return undefined;
}

export function rowToInteraction(row: Record<string, string>, ctx: MappingContext): MappingResult {
  const c = ctx.columns;
  const get = (col: string): string => (row[col.toUpperCase()] ?? '').trim();
  const has = (col: string): boolean => row[col.toUpperCase()] !== undefined;
  const fail = (reason: string): MappingResult => ({ ok: false, reason });

  const callId = get(c.callId);
  if (!callId) return fail(`${c.callId}: missing`);
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(callId)) return fail(`${c.callId}: not a Five9 call id`);

  const wall = parseReportTimestamp(get(c.timestamp));
  if (!wall) return fail(`${c.timestamp}: not a Five9 report timestamp`);
  const early = pacificToUtc(wall, 'earlier');
  let startedMs = early.epochMs;
  let ambiguous = early.ambiguous;
  if (early.ambiguous) {
    // The report was asked for [windowStart, windowEnd); if only one reading falls inside, it is that one.
    const late = pacificToUtc(wall, 'later').epochMs;
    const inside = (t: number) => t >= ctx.windowStartMs && t < ctx.windowEndMs;
    if (inside(late) && !inside(early.epochMs)) startedMs = late;
    ambiguous = inside(late) && inside(early.epochMs);
  }

  let channel: Channel;
  const media = get(c.mediaType).toUpperCase();
  if (has(c.mediaType) && media) {
    const mapped = MEDIA[media];
    if (!mapped) return fail(`${c.mediaType}: unknown media type`);
    channel = mapped;
  } else {
    const t = get(c.callType).toLowerCase();
    channel = t.includes('chat') ? 'chat' : t.includes('email') ? 'email' : 'voice';
  }

  let durationMs: number | undefined;
  for (const col of [c.handleTime, c.callTime, c.talkTime]) {
    const text = get(col);
    if (!text) continue;
    const ms = parseDuration(text);
    if (ms === undefined) return fail(`${col}: not a duration (H:MM:SS)`);
    durationMs = ms;
    break;
  }

  const participants: Participant[] = [];
  const agent = get(c.agent);
  if (agent) {
    const p: Participant = { role: 'agent', userId: agent };
    const name = get(c.agentName);
    if (name) p.name = name;
    participants.push(p);
  }
  const direction = directionOf(get(c.callType), channel);
  // The patient is whoever is not the contact center: the caller (ANI) on inbound calls, the number
  // dialled (DNIS) on outbound, manual and callback calls, where ANI is the center's own caller id.
  const patientAddress = direction === 'outbound' ? get(c.dnis) : get(c.ani);
  const ourNumber = direction === 'outbound' ? get(c.ani) : get(c.dnis);
  const customerName = get(c.customerName);
  const phones: string[] = [];
  const emails: string[] = [];
  if (patientAddress) {
    if (patientAddress.includes('@')) emails.push(patientAddress.toLowerCase());
    else {
      const e164 = toE164(patientAddress);
      if (e164) phones.push(e164);
    }
  }
  const customer: Participant = { role: 'customer' };
  if (phones[0]) customer.phone = phones[0];
  if (emails[0]) customer.email = emails[0];
  if (customerName) customer.name = customerName;
  if (phones[0] || emails[0] || customerName) participants.push(customer);

  const attributes: Record<string, string> = {};
  const attr = (key: string, col: string) => {
    const v = get(col);
    if (v) attributes[key] = v;
  };
  attr('campaign', c.campaign);
  attr('skill', c.skill);
  attr('callType', c.callType);
  attr('mediaType', c.mediaType);
  attr('dnis', c.dnis);
  if (ourNumber) attributes['centerNumber'] = ourNumber;
  attr('recordingTimes', c.recordings);
  if (ambiguous) attributes['pacificTimeAmbiguous'] = 'true';

  const facts = contactCenterFacts(get, c, durationOf(get, c.handleTime), agent !== '');
  if (typeof facts === 'string') return fail(facts);
  const sessionId = get(c.sessionId);
  const disposition = get(c.disposition);
  const stage = disposition ? ctx.mappings?.dispositionStages[disposition] : undefined;
  if (stage) facts.stage = stage;
  const callType =
    (disposition ? ctx.mappings?.dispositionCallTypes[disposition] : undefined) ??
    (queueNameFor(get, c) ? ctx.mappings?.skillCallTypes[queueNameFor(get, c)] : undefined);
  const notes = get(c.notes);
  const queueName = get(c.skill) || get(c.campaign);
  const candidate: Record<string, unknown> = {
    id: `five9:${ctx.tenantId}:${callId}`,
    tenantId: ctx.tenantId,
    source: { platform: 'five9', externalId: callId, ...(sessionId ? { aliases: [sessionId] } : {}) },
    channel,
    direction,
    startedAt: new Date(startedMs).toISOString(),
    participants,
    attributes,
  };
  if (durationMs !== undefined) {
    candidate['durationMs'] = durationMs;
    candidate['endedAt'] = new Date(startedMs + durationMs).toISOString();
  }
  if (queueName) candidate['queue'] = { name: queueName };
  if (disposition) {
    candidate['disposition'] = disposition;
    candidate['wrapUp'] = { name: disposition, ...(notes ? { notes } : {}) };
  } else if (notes) candidate['wrapUp'] = { notes };
  if (phones.length || emails.length || customerName) {
    candidate['contact'] = { phones, emails, ...(customerName ? { name: customerName } : {}) };
  }
  if (Object.keys(facts).length > 0) candidate['contactCenter'] = facts;
  if (callType) candidate['callType'] = callType;
  const parsed = Interaction.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${fieldPath(issue.path)}: ${issue.message}`);
  }
  return { ok: true, interaction: parsed.data };
}

const queueNameFor = (get: (col: string) => string, c: ReportColumns): string =>
  get(c.skill) || get(c.campaign);

/** A duration column: undefined when absent or empty, 'bad' when it is not H:MM:SS. */
function durationOf(get: (col: string) => string, col: string): number | undefined | 'bad' {
  const text = get(col);
  if (!text) return undefined;
  return parseDuration(text) ?? 'bad';
}

/** A count column (`TRANSFERS`, `HOLDS`): undefined when absent or empty. */
function countOf(get: (col: string) => string, col: string): number | undefined | 'bad' {
  const text = get(col);
  if (!text) return undefined;
  return /^\d{1,6}$/.test(text) ? Number(text) : 'bad';
}

/**
 * Call-log columns → ContactCenterFacts. A column the report lacks (or leaves empty) leaves its
 * fact unknown. Handle time is the report's HANDLE TIME when there is one, else talk + hold +
 * after-call work when all three are there. ABANDONED is Five9's 0/1 flag; an abandoned call was
 * not answered, and a call with an agent and talk time was. Returns the reason when a value is
 * unreadable.
 */
export function contactCenterFacts(
  get: (col: string) => string,
  c: ReportColumns,
  handle: number | undefined | 'bad',
  hasAgent: boolean,
): ContactCenterFacts | string {
  const facts: ContactCenterFacts = {};
  const durations: [keyof ContactCenterFacts, string][] = [
    ['waitMs', c.queueWaitTime],
    ['talkMs', c.talkTime],
    ['holdMs', c.holdTime],
    ['wrapUpMs', c.afterCallWorkTime],
  ];
  for (const [key, col] of durations) {
    const v = durationOf(get, col);
    if (v === 'bad') return `${col}: not a duration (H:MM:SS)`;
    if (v !== undefined) (facts as Record<string, number>)[key] = v;
  }
  if (handle === 'bad') return `${c.handleTime}: not a duration (H:MM:SS)`;
  if (handle !== undefined) facts.handleMs = handle;
  else if (facts.talkMs !== undefined && facts.holdMs !== undefined && facts.wrapUpMs !== undefined)
    facts.handleMs = facts.talkMs + facts.holdMs + facts.wrapUpMs;
  for (const [key, col] of [
    ['transfers', c.transfers],
    ['holdCount', c.holds],
  ] as const) {
    const v = countOf(get, col);
    if (v === 'bad') return `${col}: not a count`;
    if (v !== undefined) facts[key] = v;
  }
  const abandoned = get(c.abandoned).toLowerCase();
  if (abandoned) {
    if (!['0', '1', 'yes', 'no', 'true', 'false'].includes(abandoned)) return `${c.abandoned}: not 0/1`;
    facts.abandoned = ['1', 'yes', 'true'].includes(abandoned);
    if (facts.abandoned) facts.answered = false;
  }
  if (facts.answered === undefined && hasAgent && (facts.talkMs ?? 0) > 0) facts.answered = true;
  return facts;
}

/**
 * The post-call IVR survey answers on a call-log row (the call variables the survey flow set,
 * one report column each) → SurveyResponse. An empty or out-of-range answer is left out; a row
 * with no answer gives none. The survey is submitted when the call ended (the IVR runs after the
 * agent leg), so `submittedAt` is the interaction's end, else its start.
 */
export function rowToSurveyResponse(
  row: Record<string, string>,
  interaction: Pick<Interaction, 'source' | 'startedAt' | 'endedAt'>,
  mappings: Pick<z.output<typeof Five9Mappings>, 'surveyColumns'>,
): SurveyResponse | undefined {
  const answers: SurveyResponse['answers'] = [];
  for (const q of mappings.surveyColumns) {
    const text = (row[q.column.toUpperCase()] ?? '').trim();
    if (!text) continue;
    let value: number | undefined;
    if (q.kind === 'yes_no') {
      const t = text.toLowerCase();
      value = ['1', 'yes', 'y', 'true'].includes(t)
        ? 1
        : ['0', 'no', 'n', 'false'].includes(t)
          ? 0
          : undefined;
    } else if (/^\d{1,2}$/.test(text)) {
      const n = Number(text);
      const [lo, hi] = q.kind === 'csat' ? [1, 5] : [0, 10];
      value = n >= lo && n <= hi ? n : undefined;
    }
    if (value !== undefined) answers.push({ questionId: q.questionId, kind: q.kind, value });
  }
  const at = interaction.endedAt ?? interaction.startedAt;
  if (answers.length === 0 || !at) return undefined;
  return {
    id: `five9:survey:${interaction.source.externalId}`,
    interaction: { platform: 'five9', externalId: interaction.source.externalId },
    source: 'five9',
    submittedAt: at,
    answers,
  };
}
