import { Interaction, fieldPath, type Channel, type Direction, type Participant } from '@teachback/core';
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
});
export type ReportColumns = z.infer<typeof ReportColumns>;

export const REQUIRED_COLUMNS = ['callId', 'timestamp'] as const;

export interface MappingContext {
  tenantId: string;
  columns: ReportColumns;
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

  const sessionId = get(c.sessionId);
  const disposition = get(c.disposition);
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
  const parsed = Interaction.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${fieldPath(issue.path)}: ${issue.message}`);
  }
  return { ok: true, interaction: parsed.data };
}
