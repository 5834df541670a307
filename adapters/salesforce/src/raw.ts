import { z } from 'zod';

/*
 * Raw Salesforce records, loose (unknown fields are kept and ignored). REST gives typed JSON;
 * Bulk API 2.0 gives every value as a string with '' for null, so `fromBulkRow` converts first.
 */
const id = z.string().min(15).max(18);
const optId = id.nullish();
const str = z.string().nullish();
const stamp = z.string().datetime({ offset: true });
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

const NUMERIC = new Set(['CallDurationInSeconds']);
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
