import { z } from 'zod';

/*
 * Raw Salesforce records, loose (unknown fields are kept and ignored). REST gives typed JSON;
 * Bulk API 2.0 gives every value as a string with '' for null, so `fromBulkRow` converts first.
 */
const id = z.string().min(15).max(18);
const optId = id.nullish();
const str = z.string().nullish();
/**
 * Every datetime form Salesforce emits: REST `2026-10-07T03:29:52.000+0000` (no colon in the
 * offset), Bulk API 2.0 CSV `2026-10-07T03:29:52.000Z`, and `+hh:mm` offsets from other tools.
 */
const SALESFORCE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A Salesforce datetime as ISO 8601 UTC with milliseconds (`…000Z`), or undefined if it is not one. */
export function salesforceDatetime(value: string): string | undefined {
  if (!SALESFORCE_DATETIME.test(value)) return undefined;
  // Date.parse needs the offset's colon; Salesforce REST leaves it out.
  const t = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const stamp = z
  .string()
  .refine((v) => salesforceDatetime(v) !== undefined, 'not a Salesforce datetime')
  .transform((v) => salesforceDatetime(v)!);
const optStamp = stamp.nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();

export const RawTask = z.looseObject({
  Id: id,
  TaskSubtype: str,
  CallType: str,
  CallDurationInSeconds: num,
  CallObject: str,
  CallDisposition: str,
  WhoId: optId,
  WhatId: optId,
  OwnerId: optId,
  CompletedDateTime: optStamp,
  CreatedDate: optStamp,
  SystemModstamp: stamp,
});

export const RawVoiceCall = z.looseObject({
  Id: id,
  CallStartDateTime: optStamp,
  CallEndDateTime: optStamp,
  CallDurationInSeconds: num,
  CallType: str,
  CallDisposition: str,
  FromPhoneNumber: str,
  ToPhoneNumber: str,
  VendorCallKey: str,
  RelatedRecordId: optId,
  ActivityId: optId,
  OwnerId: optId,
  SystemModstamp: stamp,
  CallQueuedDateTime: optStamp,
  CallAcceptDateTime: optStamp,
});

export const RawEmailMessage = z.looseObject({
  Id: id,
  MessageDate: optStamp,
  Incoming: bool,
  FromAddress: str,
  ToAddress: str,
  RelatedToId: optId,
  ParentId: optId,
  ActivityId: optId,
  CreatedById: optId,
  SystemModstamp: stamp,
});

export const RawMessagingSession = z.looseObject({
  Id: id,
  StartTime: optStamp,
  EndTime: optStamp,
  ChannelType: str,
  Origin: str,
  EndUserContactId: optId,
  CaseId: optId,
  OwnerId: optId,
  SystemModstamp: stamp,
});

export const RawLiveChatTranscript = z.looseObject({
  Id: id,
  StartTime: optStamp,
  EndTime: optStamp,
  ContactId: optId,
  CaseId: optId,
  OwnerId: optId,
  SystemModstamp: stamp,
});

export const RawCase = z.looseObject({
  Id: id,
  CaseNumber: str,
  Status: str,
  Origin: str,
  ContactId: optId,
  AccountId: optId,
  SystemModstamp: stamp,
});

export const RawContact = z.looseObject({
  Id: id,
  FirstName: str,
  LastName: str,
  Phone: str,
  MobilePhone: str,
  HomePhone: str,
  Email: str,
  AccountId: optId,
  SystemModstamp: stamp,
});

export const RawPersonAccount = z.looseObject({
  Id: id,
  PersonContactId: id,
  FirstName: str,
  LastName: str,
  Phone: str,
  PersonMobilePhone: str,
  PersonHomePhone: str,
  PersonEmail: str,
  SystemModstamp: stamp,
});

/** One line of a voice call's or messaging session's conversation (Service Cloud Voice / Messaging). */
export const RawConversationEntry = z.looseObject({
  Id: id,
  ConversationId: id,
  ActorType: str,
  EntryType: str,
  Message: str,
  EntryTime: optStamp,
  Seq: num,
});
export type RawConversationEntry = z.infer<typeof RawConversationEntry>;

const NUMERIC = new Set(['CallDurationInSeconds', 'Seq']);
const BOOLEAN = new Set(['Incoming', 'IsPersonAccount']);

/** Bulk CSV row → the JSON shape REST would have returned. */
export function fromBulkRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '') out[k] = null;
    else if (NUMERIC.has(k)) out[k] = Number(v);
    else if (BOOLEAN.has(k)) out[k] = v === 'true';
    else out[k] = v;
  }
  return out;
}
