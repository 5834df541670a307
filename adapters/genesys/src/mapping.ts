import { createHash } from 'node:crypto';
import {
  Interaction,
  importTranscript,
  type Channel,
  type Direction,
  type InteractionInput,
  type Participant,
  type RecordingRef,
  type Speaker,
  type Transcript,
  type Utterance,
} from '@teachback/core';
import type { Models, RawConversation } from '@teachback/connector-genesys';
import { callTypeHint, contactCenterFacts, type CallTypeMap } from './contact-center';

type RawParticipant = NonNullable<RawConversation['participants']>[number];
type RawSession = NonNullable<RawParticipant['sessions']>[number];

/** Interaction ids are namespaced so ids from other platforms never collide. */
export const interactionIdFor = (conversationId: string): string => `genesys:${conversationId}`;

const CUSTOMER_PURPOSES = new Set(['customer', 'external']);
const AGENT_PURPOSES = new Set(['agent', 'user']);

export function channelOf(
  mediaType: string | undefined,
  messageType: string | undefined,
): Channel | undefined {
  switch ((mediaType ?? '').toLowerCase()) {
    case 'voice':
    case 'callback':
      return 'voice';
    case 'chat':
      return 'chat';
    case 'email':
      return 'email';
    case 'message':
      return (messageType ?? '').toLowerCase() === 'sms' ? 'sms' : 'messaging';
    default:
      return undefined;
  }
}

const directionOf = (d: string | undefined): Direction =>
  d === 'inbound' || d === 'outbound' ? d : d === 'internal' ? 'internal' : 'unknown';

const stripTel = (a: string | undefined): string | undefined => (a ? a.replace(/^tel:/i, '') : undefined);
const isEmail = (a: string | undefined): boolean => !!a && /^[^@\s]+@[^@\s]+$/.test(a);

/**
 * The customer participant's media session. Its session id is the communication id that keys the
 * STA transcript and the recording's `sessionId` (platforms/genesys.md §3); the agent's session
 * has another id, and Genesys answers 404 for a transcript asked by it. A transfer adds agents, not
 * customers, so one customer session covers the whole call.
 */
export function customerSession(c: RawConversation) {
  let first: { participant: RawParticipant; session: RawSession } | undefined;
  for (const p of c.participants ?? []) {
    if (!CUSTOMER_PURPOSES.has((p.purpose ?? '').toLowerCase())) continue;
    for (const s of p.sessions ?? []) {
      if (!s.sessionId) continue;
      // A callback's customer may have the callback request and the voice leg it became: the
      // voice leg is what was recorded and transcribed (assumed; see the README).
      if ((s.mediaType ?? '').toLowerCase() === 'voice') return { participant: p, session: s };
      first ??= { participant: p, session: s };
    }
  }
  return first;
}

/** The first media session an agent handled (media type, and an alias for live/webhook lookups). */
export function agentSession(c: RawConversation) {
  for (const p of c.participants ?? []) {
    if (!AGENT_PURPOSES.has((p.purpose ?? '').toLowerCase())) continue;
    for (const s of p.sessions ?? []) if (s.sessionId) return { participant: p, session: s };
  }
  return undefined;
}

/** The media type of the conversation: the agent's session, else the first session with one. */
export function mediaOf(c: RawConversation): { mediaType?: string; messageType?: string } {
  const a = agentSession(c)?.session;
  if (a?.mediaType)
    return { mediaType: a.mediaType, ...(a.messageType ? { messageType: a.messageType } : {}) };
  for (const p of c.participants ?? []) {
    for (const s of p.sessions ?? []) {
      if (s.mediaType)
        return { mediaType: s.mediaType, ...(s.messageType ? { messageType: s.messageType } : {}) };
    }
  }
  return {};
}

/**
 * A details-query conversation → core Interaction (without transcript; the sync adds it). Returns
 * undefined for media we do not score (cobrowse, video, screenshare).
 */
export function conversationToInteraction(
  tenantId: string,
  c: RawConversation,
  options: { callTypes?: CallTypeMap } = {},
): InteractionInput | undefined {
  const { mediaType, messageType } = mediaOf(c);
  const channel = channelOf(mediaType, messageType);
  if (!channel) return undefined;
  const participants: Participant[] = [];
  const phones = new Set<string>();
  const emails = new Set<string>();
  let queueId: string | undefined;
  let wrapUp: { code?: string; notes?: string } | undefined;
  let externalContactId: string | undefined;
  let customerName: string | undefined;
  let orgAddress: string | undefined;
  for (const p of c.participants ?? []) {
    const purpose = (p.purpose ?? '').toLowerCase();
    if (p.externalContactId) externalContactId = p.externalContactId;
    for (const s of p.sessions ?? []) {
      for (const seg of s.segments ?? []) {
        if (seg.queueId && !queueId) queueId = seg.queueId;
        if (AGENT_PURPOSES.has(purpose) && (seg.wrapUpCode || seg.wrapUpNote)) {
          wrapUp = {
            ...(seg.wrapUpCode ? { code: seg.wrapUpCode } : {}),
            ...(seg.wrapUpNote ? { notes: seg.wrapUpNote } : {}),
          };
        }
      }
    }
    if (AGENT_PURPOSES.has(purpose) && p.userId) {
      if (!participants.some((x) => x.role === 'agent' && x.userId === p.userId)) {
        participants.push({ role: 'agent', userId: p.userId });
      }
    } else if (CUSTOMER_PURPOSES.has(purpose)) {
      const s = p.sessions?.[0];
      // On an outbound leg the patient is the dialled party (DNIS / addressTo); inbound, the caller.
      const outbound = (s?.direction ?? c.originatingDirection) === 'outbound';
      const address = outbound
        ? (s?.dnis ?? s?.addressTo ?? s?.addressOther)
        : (s?.ani ?? s?.addressFrom ?? s?.addressOther);
      // The other end is our own number or queue address: not PHI, useful for routing reports.
      const ours = outbound ? (s?.ani ?? s?.addressFrom) : (s?.dnis ?? s?.addressTo);
      if (ours) orgAddress = stripTel(ours);
      const customer: Participant = { role: 'customer' };
      // The caller's name is what tells household members on one shared line apart (identity
      // resolution needs phone + name). PHI: the store encrypts it; it is never logged.
      const name = p.participantName?.trim();
      if (name) {
        customer.name = name;
        customerName ??= name;
      }
      if (channel === 'voice' || channel === 'sms') {
        const phone = stripTel(address);
        if (phone) {
          customer.phone = phone;
          phones.add(phone);
        }
      } else if (channel === 'email' && isEmail(address)) {
        customer.email = address!;
        emails.add(address!);
      } else if (address) customer.address = address;
      participants.push(customer);
    } else if (purpose === 'ivr' || purpose === 'acd') {
      // Routing legs are not people; the queue id is all we keep from them.
    }
  }
  const startedAt = c.conversationStart;
  const endedAt = c.conversationEnd;
  const durationMs =
    startedAt && endedAt ? Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)) : undefined;
  const attributes: Record<string, string> = { mediaType: mediaType ?? 'unknown' };
  if (messageType) attributes['messageType'] = messageType;
  if (c.divisionIds?.[0]) attributes['divisionId'] = c.divisionIds[0];
  if (orgAddress) attributes['orgAddress'] = orgAddress;
  const contactCenter = contactCenterFacts(c);
  const callType = callTypeHint(options.callTypes, { wrapUpCode: wrapUp?.code, queueId });
  const aliases = [customerSession(c)?.session.sessionId, agentSession(c)?.session.sessionId].filter(
    (x): x is string => !!x,
  );
  return {
    id: interactionIdFor(c.conversationId),
    tenantId,
    source: {
      platform: 'genesys',
      externalId: c.conversationId,
      ...(aliases.length ? { aliases: [...new Set(aliases)] } : {}),
    },
    channel,
    direction: directionOf(c.originatingDirection),
    ...(startedAt ? { startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    participants,
    ...(queueId ? { queue: { id: queueId } } : {}),
    ...(wrapUp ? { wrapUp } : {}),
    ...(externalContactId || customerName || phones.size || emails.size
      ? {
          contact: {
            ...(externalContactId ? { externalContactId } : {}),
            ...(customerName ? { name: customerName } : {}),
            phones: [...phones],
            emails: [...emails],
          },
        }
      : {}),
    attributes,
    ...(contactCenter ? { contactCenter } : {}),
    ...(callType ? { callType } : {}),
  };
}

/** Parses the STA transcript document with core's Genesys importer. */
export function staTranscript(json: string): Transcript {
  return importTranscript(json, { format: 'genesys' }).transcript;
}

const purposeSpeaker = (purpose: string | undefined): Speaker => {
  const p = (purpose ?? '').toLowerCase();
  if (p === 'agent' || p === 'internal' || p === 'user') return 'agent';
  if (p === 'customer' || p === 'external') return 'customer';
  if (p === 'acd' || p === 'ivr' || p === 'workflow' || p === 'bot') return 'system';
  return 'unknown';
};

function relative(at: string | undefined, startMs: number | undefined): number | null {
  if (!at || startMs === undefined) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : Math.max(0, t - startMs);
}

function finish(utterances: Utterance[], engine: string): Transcript | undefined {
  const kept = utterances.filter((u) => u.text.trim() !== '');
  if (kept.length === 0) return undefined;
  kept.sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0));
  return { utterances: kept, source: 'platform', engine };
}

/** Chat/message/email transcripts carried on the recordings API. */
export function recordingTranscript(
  recordings: readonly Models.Recording[],
  startedAt: string | undefined,
  agentEmails: ReadonlySet<string> = new Set(),
): Transcript | undefined {
  const startMs = startedAt ? Date.parse(startedAt) : undefined;
  const out: Utterance[] = [];
  let engine = 'genesys-recording';
  for (const r of recordings) {
    for (const m of r.transcript ?? []) {
      const at = relative(m.utc, startMs);
      out.push({ speaker: purposeSpeaker(m.participantPurpose), startMs: at, endMs: at, text: m.body ?? '' });
      engine = 'genesys-chat';
    }
    for (const m of r.messagingTranscript ?? []) {
      const at = relative(m.timestamp, startMs);
      out.push({ speaker: purposeSpeaker(m.purpose), startMs: at, endMs: at, text: m.messageText ?? '' });
      engine = 'genesys-messaging';
    }
    for (const m of r.emailTranscript ?? []) {
      const at = relative(m.time, startMs);
      const from = m.from?.email?.toLowerCase();
      const speaker: Speaker =
        from && (agentEmails.has(from) || /support@|noreply@/.test(from)) ? 'agent' : 'customer';
      out.push({ speaker, startMs: at, endMs: at, text: m.textBody ?? '' });
      engine = 'genesys-email';
    }
  }
  return finish(out, engine);
}

/** Message bodies from the bulk messages API (when the conversation was not recorded). */
export function messagesTranscript(
  messages: readonly Models.MessageData[],
  startedAt: string | undefined,
): Transcript | undefined {
  const startMs = startedAt ? Date.parse(startedAt) : undefined;
  return finish(
    messages.map((m) => {
      const at = relative(m.timestamp, startMs);
      return {
        speaker: m.direction === 'outbound' ? 'agent' : m.direction === 'inbound' ? 'customer' : 'unknown',
        startMs: at,
        endMs: at,
        text: m.normalizedMessage?.text ?? '',
      } satisfies Utterance;
    }),
    'genesys-messages',
  );
}

/** Email bodies from the email messages API. Agent mail is the mail sent from the queue address. */
export function emailTranscript(
  messages: readonly Models.EmailMessage[],
  startedAt: string | undefined,
  customerEmails: ReadonlySet<string>,
): Transcript | undefined {
  const startMs = startedAt ? Date.parse(startedAt) : undefined;
  return finish(
    messages.map((m) => {
      const at = relative(m.time, startMs);
      const from = m.from?.email?.toLowerCase() ?? '';
      return {
        speaker: customerEmails.has(from) ? 'customer' : 'agent',
        startMs: at,
        endMs: at,
        text: m.textBody ?? '',
      } satisfies Utterance;
    }),
    'genesys-email',
  );
}

export function recordingRefs(recordings: readonly Models.Recording[]): RecordingRef[] {
  return recordings
    .filter((r) => r.id && (r.media === 'audio' || r.media === undefined))
    .map((r) => ({
      id: r.id!,
      mediaType: r.media ?? 'audio',
      ...(r.outputDurationMs ? { durationMs: r.outputDurationMs } : {}),
      channels: 2,
      customerChannel: 0,
    }));
}

/** Validates against the strict domain schema and hashes the canonical form. */
export function finalizeInteraction(input: InteractionInput): { interaction: Interaction; hash: string } {
  const interaction = Interaction.parse(input);
  return { interaction, hash: contentHash(interaction) };
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Whether the details say the conversation was recorded: true/false when a session carries the
 * flag, undefined when none does (then we ask the recordings API rather than assume).
 */
export function sessionRecorded(c: RawConversation): boolean | undefined {
  let seen: boolean | undefined;
  for (const p of c.participants ?? []) {
    for (const s of p.sessions ?? []) {
      if (s.recording === true) return true;
      if (s.recording === false) seen = false;
    }
  }
  return seen;
}
