import {
  fieldPath,
  Interaction,
  nameTokens,
  normalizeEmail,
  PersonProfile,
  phoneToE164,
  type Channel,
  type Direction,
  type ContactCenterFacts,
  type InteractionInput,
  type Participant,
  type SourceRef,
} from '@teachback/core';
import type { z } from 'zod';
import type { SalesforceAdapterConfig } from './config';
import type { SalesforceCase, SalesforcePerson } from './ports';
import {
  RawCase,
  RawContact,
  RawEmailMessage,
  RawLiveChatTranscript,
  RawMessagingSession,
  RawPersonAccount,
  RawTask,
  RawVoiceCall,
} from './raw';

export type StreamName =
  | 'Contact'
  | 'PersonAccount'
  | 'Case'
  | 'Task'
  | 'VoiceCall'
  | 'EmailMessage'
  | 'MessagingSession'
  | 'LiveChatTranscript';

export type Mapped =
  | { kind: 'interaction'; interaction: Interaction }
  | { kind: 'person'; person: SalesforcePerson }
  | { kind: 'case'; record: SalesforceCase }
  | { kind: 'rejected'; id: string | undefined; reason: string };

export interface StreamSpec {
  name: StreamName;
  sobject: string;
  /** Fields wanted; those the org lacks (by describe) are left out of the query, except `required`. */
  fields(config: SalesforceAdapterConfig): string[];
  /** Without these (besides Id and SystemModstamp) the stream cannot run: it is skipped. */
  required: readonly string[];
  /** Extra WHERE conditions besides the SystemModstamp window; `has` tells which fields exist. */
  filter(config: SalesforceAdapterConfig, has: (field: string) => boolean): string[];
  map(record: unknown, config: SalesforceAdapterConfig): Mapped;
}

/** Key prefix of VoiceCall ids: a Task whose WhatId is one is that call's log. */
export const VOICE_CALL_PREFIX = '0LQ';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which platform a vendor call key belongs to: Genesys ids are UUIDs, Five9 call ids are digits. */
export function vendorKeyPlatform(key: string, setting: SalesforceAdapterConfig['vendorKeyPlatform']) {
  if (setting !== 'auto') return setting;
  if (UUID.test(key)) return 'genesys' as const;
  if (/^\d{6,}$/.test(key)) return 'five9' as const;
  return undefined;
}

/** Salesforce ids carry their object in the first three characters. */
const isContactId = (id: string | null | undefined): id is string => !!id && id.startsWith('003');
const isAccountId = (id: string | null | undefined): id is string => !!id && id.startsWith('001');
const isCaseId = (id: string | null | undefined): id is string => !!id && id.startsWith('500');
const isUserId = (id: string | null | undefined): id is string => !!id && id.startsWith('005');

const interactionId = (tenantId: string, sfId: string) => `salesforce:${tenantId}:${sfId}`;

function directionOf(callType: string | null | undefined): Direction {
  switch ((callType ?? '').toLowerCase()) {
    case 'inbound':
    case 'callback':
      return 'inbound';
    case 'outbound':
      return 'outbound';
    case 'internal':
    case 'transfer':
      return 'internal';
    default:
      return 'unknown';
  }
}

function reject(record: unknown, error: z.ZodError): Mapped {
  const issue = error.issues[0]!;
  const id = (record as { Id?: unknown } | null)?.Id;
  // Field path and zod's message only: never the value, which may be PHI.
  return {
    kind: 'rejected',
    id: typeof id === 'string' ? id : undefined,
    reason: `${fieldPath(issue.path)}: ${issue.message}`,
  };
}

/** The org's own contact-center fields named in config (selected when describe shows them). */
export function contactCenterFieldNames(c: SalesforceAdapterConfig): string[] {
  const cc = c.contactCenter;
  return [
    cc.holdSecondsField,
    cc.holdCountField,
    cc.wrapUpSecondsField,
    cc.transfersField,
    cc.stageField,
  ].filter((f): f is string => !!f);
}

const numberField = (record: unknown, field: string | undefined): number | undefined => {
  if (!field) return undefined;
  const v = (record as Record<string, unknown>)[field];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
};

/**
 * VoiceCall / Task → contactCenter and callType. From the standard VoiceCall fields: the wait is
 * CallAcceptDateTime − CallQueuedDateTime; an inbound call queued, ended and never accepted was
 * abandoned (Salesforce: "an inbound call that is never accepted by an agent remains [new]").
 * Hold, wrap-up and transfers come only from the org's fields named in config; the stage from the
 * configured stage field, else the disposition's mapped stage. Nothing known → nothing set.
 */
export function contactCenterOf(
  record: unknown,
  config: SalesforceAdapterConfig,
  call: {
    disposition?: string | null | undefined;
    queuedAt?: string | null | undefined;
    acceptedAt?: string | null | undefined;
    endedAt?: string | null | undefined;
    inbound?: boolean;
  },
): { contactCenter?: ContactCenterFacts; callType?: string } {
  const cc = config.contactCenter;
  const facts: ContactCenterFacts = {};
  const queued = call.queuedAt ? Date.parse(call.queuedAt) : NaN;
  const accepted = call.acceptedAt ? Date.parse(call.acceptedAt) : NaN;
  const ended = call.endedAt ? Date.parse(call.endedAt) : NaN;
  if (Number.isFinite(accepted)) {
    facts.answered = true;
    facts.abandoned = false;
    if (Number.isFinite(queued) && accepted >= queued) facts.waitMs = accepted - queued;
  } else if (call.inbound && Number.isFinite(queued) && Number.isFinite(ended)) {
    facts.answered = false;
    facts.abandoned = true;
    if (ended >= queued) facts.waitMs = ended - queued;
  }
  const hold = numberField(record, cc.holdSecondsField);
  if (hold !== undefined) facts.holdMs = hold * 1000;
  const holds = numberField(record, cc.holdCountField);
  if (holds !== undefined) facts.holdCount = holds;
  const wrap = numberField(record, cc.wrapUpSecondsField);
  if (wrap !== undefined) facts.wrapUpMs = wrap * 1000;
  const transfers = numberField(record, cc.transfersField);
  if (transfers !== undefined) facts.transfers = transfers;
  const stageValue = cc.stageField ? (record as Record<string, unknown>)[cc.stageField] : undefined;
  const stage =
    (typeof stageValue === 'string' && stageValue.trim() ? stageValue.trim().slice(0, 200) : undefined) ??
    (call.disposition ? cc.dispositionStages[call.disposition] : undefined);
  if (stage) facts.stage = stage;
  const callType = call.disposition ? cc.dispositionCallTypes[call.disposition] : undefined;
  return {
    ...(Object.keys(facts).length > 0 ? { contactCenter: facts } : {}),
    ...(callType ? { callType } : {}),
  };
}

function finish(candidate: InteractionInput, record: unknown): Mapped {
  const parsed = Interaction.safeParse(candidate);
  return parsed.success ? { kind: 'interaction', interaction: parsed.data } : reject(record, parsed.error);
}

function callKeyRefs(
  sfId: string,
  keys: (string | null | undefined)[],
  config: SalesforceAdapterConfig,
): { source: SourceRef; links: SourceRef[] } {
  const present = [...new Set(keys.filter((k): k is string => !!k && k.trim() !== '').map((k) => k.trim()))];
  const links: SourceRef[] = [];
  for (const key of present) {
    const platform = vendorKeyPlatform(key, config.vendorKeyPlatform);
    if (platform) links.push({ platform, externalId: key });
  }
  return {
    source: { platform: 'salesforce', externalId: sfId, ...(present.length ? { aliases: present } : {}) },
    links,
  };
}

const agent = (ownerId: string | null | undefined): Participant[] =>
  isUserId(ownerId) ? [{ role: 'agent', userId: ownerId }] : [];

const contactOf = (id: string | null | undefined, phones: string[] = [], emails: string[] = []) =>
  isContactId(id) || isAccountId(id) || phones.length || emails.length
    ? { contact: { ...(isContactId(id) || isAccountId(id) ? { crmId: id } : {}), phones, emails } }
    : {};

const caseAttr = (id: string | null | undefined): Record<string, string> =>
  isCaseId(id) ? { caseId: id } : {};

const extraKeys = (record: unknown, fields: readonly string[]) =>
  fields.map((f) => {
    const v = (record as Record<string, unknown>)[f];
    return typeof v === 'string' ? v : undefined;
  });

const minus = (iso: string, seconds: number | null | undefined) =>
  new Date(Date.parse(iso) - (seconds ?? 0) * 1000).toISOString();

export const STREAMS: readonly StreamSpec[] = [
  {
    name: 'Contact',
    sobject: 'Contact',
    fields: (c) => [
      'Id',
      'FirstName',
      'LastName',
      'Phone',
      'MobilePhone',
      'HomePhone',
      'Email',
      'AccountId',
      ...(c.memberIdField ? [c.memberIdField] : []),
      'SystemModstamp',
    ],
    required: [],
    // Person Accounts' contacts come through the PersonAccount stream with their Account id.
    filter: (c, has) => (c.personAccounts && has('IsPersonAccount') ? ['IsPersonAccount = false'] : []),
    map(record, config) {
      const parsed = RawContact.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      const member = config.memberIdField
        ? (record as Record<string, unknown>)[config.memberIdField]
        : undefined;
      return {
        kind: 'person',
        person: {
          kind: 'contact',
          contactId: r.Id,
          profile: profileOf(
            [r.Id],
            member,
            [r.FirstName, r.LastName],
            [r.Phone, r.MobilePhone, r.HomePhone],
            [r.Email],
          ),
        },
      };
    },
  },
  {
    name: 'PersonAccount',
    sobject: 'Account',
    fields: (c) => [
      'Id',
      'PersonContactId',
      'FirstName',
      'LastName',
      'Phone',
      'PersonMobilePhone',
      'PersonHomePhone',
      'PersonEmail',
      ...(c.personAccountMemberIdField ? [c.personAccountMemberIdField] : []),
      'SystemModstamp',
    ],
    required: ['IsPersonAccount', 'PersonContactId'],
    filter: () => ['IsPersonAccount = true'],
    map(record, config) {
      const parsed = RawPersonAccount.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      const member = config.personAccountMemberIdField
        ? (record as Record<string, unknown>)[config.personAccountMemberIdField]
        : undefined;
      return {
        kind: 'person',
        person: {
          kind: 'person-account',
          contactId: r.PersonContactId,
          accountId: r.Id,
          // Activities point at the PersonContactId (Task.WhoId) or the Account (VoiceCall.RelatedRecordId).
          profile: profileOf(
            [r.PersonContactId, r.Id],
            member,
            [r.FirstName, r.LastName],
            [r.Phone, r.PersonMobilePhone, r.PersonHomePhone],
            [r.PersonEmail],
          ),
        },
      };
    },
  },
  {
    name: 'Case',
    sobject: 'Case',
    fields: () => ['Id', 'CaseNumber', 'Status', 'Origin', 'ContactId', 'AccountId', 'SystemModstamp'],
    required: [],
    filter: () => [],
    map(record) {
      const parsed = RawCase.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      return {
        kind: 'case',
        record: {
          id: r.Id,
          ...(r.CaseNumber ? { caseNumber: r.CaseNumber } : {}),
          ...(r.Status ? { status: r.Status } : {}),
          ...(r.Origin ? { origin: r.Origin } : {}),
          ...(r.ContactId ? { contactId: r.ContactId } : {}),
          ...(r.AccountId ? { accountId: r.AccountId } : {}),
        },
      };
    },
  },
  {
    name: 'VoiceCall',
    sobject: 'VoiceCall',
    fields: (c) => [
      ...new Set([
        'Id',
        'CallStartDateTime',
        'CallEndDateTime',
        'CallDurationInSeconds',
        'CallType',
        'CallDisposition',
        'FromPhoneNumber',
        'ToPhoneNumber',
        'VendorCallKey',
        'RelatedRecordId',
        'ActivityId',
        'OwnerId',
        'SystemModstamp',
        'CallQueuedDateTime',
        'CallAcceptDateTime',
        ...c.callKeyFields.VoiceCall,
        ...contactCenterFieldNames(c),
      ]),
    ],
    required: [],
    filter: () => [],
    map(record, config) {
      const parsed = RawVoiceCall.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      const direction = directionOf(r.CallType);
      const customerPhone = phoneToE164(direction === 'outbound' ? r.ToPhoneNumber : r.FromPhoneNumber);
      const refs = callKeyRefs(r.Id, extraKeys(record, config.callKeyFields.VoiceCall), config);
      // The call-log Task of this VoiceCall is the same call, not a second one.
      if (r.ActivityId) refs.links.push({ platform: 'salesforce', externalId: r.ActivityId });
      const participants: Participant[] = [...agent(r.OwnerId)];
      if (customerPhone) participants.push({ role: 'customer', phone: customerPhone });
      return finish(
        {
          id: interactionId(config.tenantId, r.Id),
          tenantId: config.tenantId,
          ...refs,
          channel: 'voice',
          direction,
          ...(r.CallStartDateTime ? { startedAt: r.CallStartDateTime } : {}),
          ...(r.CallEndDateTime ? { endedAt: r.CallEndDateTime } : {}),
          ...(r.CallDurationInSeconds != null
            ? { durationMs: Math.round(r.CallDurationInSeconds * 1000) }
            : {}),
          participants,
          ...(r.CallDisposition ? { disposition: r.CallDisposition } : {}),
          ...contactOf(r.RelatedRecordId, customerPhone ? [customerPhone] : []),
          attributes: { sfObject: 'VoiceCall' },
          ...contactCenterOf(record, config, {
            disposition: r.CallDisposition,
            queuedAt: r.CallQueuedDateTime,
            acceptedAt: r.CallAcceptDateTime,
            endedAt: r.CallEndDateTime,
            inbound: direction === 'inbound',
          }),
        },
        record,
      );
    },
  },
  {
    name: 'Task',
    sobject: 'Task',
    fields: (c) => [
      ...new Set([
        'Id',
        'TaskSubtype',
        'CallType',
        'CallDurationInSeconds',
        'CallObject',
        'CallDisposition',
        'WhoId',
        'WhatId',
        'OwnerId',
        'CompletedDateTime',
        'CreatedDate',
        'SystemModstamp',
        ...c.callKeyFields.Task,
        ...contactCenterFieldNames(c),
      ]),
    ],
    required: ['TaskSubtype'],
    filter: () => ["TaskSubtype = 'Call'"],
    map(record, config) {
      const parsed = RawTask.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      const endedAt = r.CompletedDateTime ?? r.CreatedDate ?? undefined;
      const refs = callKeyRefs(r.Id, extraKeys(record, config.callKeyFields.Task), config);
      // The log of a call another record already is: a VoiceCall (WhatId) or a Genesys/Five9 call.
      const loggedCall =
        r.WhatId && r.WhatId.startsWith(VOICE_CALL_PREFIX)
          ? { platform: 'salesforce' as const, externalId: r.WhatId }
          : refs.links[0];
      if (r.WhatId?.startsWith(VOICE_CALL_PREFIX)) refs.links.push(loggedCall!);
      return finish(
        {
          id: interactionId(config.tenantId, r.Id),
          tenantId: config.tenantId,
          ...refs,
          channel: 'voice',
          direction: directionOf(r.CallType),
          ...(endedAt ? { startedAt: minus(endedAt, r.CallDurationInSeconds), endedAt } : {}),
          ...(r.CallDurationInSeconds != null
            ? { durationMs: Math.round(r.CallDurationInSeconds * 1000) }
            : {}),
          participants: agent(r.OwnerId),
          ...(r.CallDisposition ? { disposition: r.CallDisposition } : {}),
          ...contactOf(r.WhoId),
          attributes: {
            sfObject: 'Task',
            ...caseAttr(r.WhatId),
            ...(loggedCall ? { callLogOf: `${loggedCall.platform}:${loggedCall.externalId}` } : {}),
          },
          ...contactCenterOf(record, config, { disposition: r.CallDisposition }),
        },
        record,
      );
    },
  },
  {
    name: 'EmailMessage',
    sobject: 'EmailMessage',
    fields: () => [
      'Id',
      'MessageDate',
      'Incoming',
      'FromAddress',
      'ToAddress',
      'RelatedToId',
      'ParentId',
      'ActivityId',
      'CreatedById',
      'SystemModstamp',
    ],
    required: [],
    filter: () => [],
    map(record, config) {
      const parsed = RawEmailMessage.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      const customerSide = r.Incoming ? r.FromAddress : r.ToAddress;
      const emails = [
        ...new Set(
          (customerSide ?? '')
            .split(/[;,]/)
            .map((e) => normalizeEmail(e))
            .filter((e): e is string => !!e),
        ),
      ];
      return finish(
        {
          id: interactionId(config.tenantId, r.Id),
          tenantId: config.tenantId,
          source: { platform: 'salesforce', externalId: r.Id },
          links: r.ActivityId ? [{ platform: 'salesforce', externalId: r.ActivityId }] : [],
          channel: 'email',
          direction: r.Incoming == null ? 'unknown' : r.Incoming ? 'inbound' : 'outbound',
          ...(r.MessageDate ? { startedAt: r.MessageDate } : {}),
          participants: [
            ...agent(r.CreatedById),
            ...emails.map((email) => ({ role: 'customer' as const, email })),
          ],
          ...contactOf(r.RelatedToId, [], emails),
          attributes: { sfObject: 'EmailMessage', ...caseAttr(r.ParentId) },
        },
        record,
      );
    },
  },
  {
    name: 'MessagingSession',
    sobject: 'MessagingSession',
    fields: () => [
      'Id',
      'StartTime',
      'EndTime',
      'ChannelType',
      'Origin',
      'EndUserContactId',
      'CaseId',
      'OwnerId',
      'SystemModstamp',
    ],
    required: [],
    filter: () => [],
    map(record, config) {
      const parsed = RawMessagingSession.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      const channel: Channel = (r.ChannelType ?? '').toLowerCase() === 'text' ? 'sms' : 'messaging';
      const origin = (r.Origin ?? '').toLowerCase();
      return finish(
        {
          id: interactionId(config.tenantId, r.Id),
          tenantId: config.tenantId,
          source: { platform: 'salesforce', externalId: r.Id },
          channel,
          direction: origin.startsWith('inbound')
            ? 'inbound'
            : origin.startsWith('outbound')
              ? 'outbound'
              : 'unknown',
          ...(r.StartTime ? { startedAt: r.StartTime } : {}),
          ...(r.EndTime ? { endedAt: r.EndTime } : {}),
          participants: agent(r.OwnerId),
          ...contactOf(r.EndUserContactId),
          attributes: {
            sfObject: 'MessagingSession',
            ...(r.ChannelType ? { channelType: r.ChannelType } : {}),
            ...caseAttr(r.CaseId),
          },
        },
        record,
      );
    },
  },
  {
    name: 'LiveChatTranscript',
    sobject: 'LiveChatTranscript',
    fields: () => ['Id', 'StartTime', 'EndTime', 'ContactId', 'CaseId', 'OwnerId', 'SystemModstamp'],
    required: [],
    filter: () => [],
    map(record, config) {
      const parsed = RawLiveChatTranscript.safeParse(record);
      if (!parsed.success) return reject(record, parsed.error);
      const r = parsed.data;
      return finish(
        {
          id: interactionId(config.tenantId, r.Id),
          tenantId: config.tenantId,
          source: { platform: 'salesforce', externalId: r.Id },
          channel: 'chat',
          direction: 'inbound',
          ...(r.StartTime ? { startedAt: r.StartTime } : {}),
          ...(r.EndTime ? { endedAt: r.EndTime } : {}),
          participants: agent(r.OwnerId),
          ...contactOf(r.ContactId),
          attributes: { sfObject: 'LiveChatTranscript', ...caseAttr(r.CaseId) },
        },
        record,
      );
    },
  },
];

function profileOf(
  crmIds: string[],
  member: unknown,
  nameParts: (string | null | undefined)[],
  phones: (string | null | undefined)[],
  emails: (string | null | undefined)[],
): PersonProfile {
  const name = nameParts.filter((p): p is string => !!p && p.trim() !== '').join(' ');
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return PersonProfile.parse({
    personId: `salesforce:${crmIds[0]!}`,
    crmIds,
    memberIds: typeof member === 'string' && member.trim() !== '' ? [member.trim()] : [],
    names: nameTokens(name).length ? [name] : [],
    phones: uniq(phones.map((p) => phoneToE164(p))),
    emails: uniq(emails.map((e) => normalizeEmail(e))),
  });
}
