import { OBJECT_FIELDS } from './records';

type Row = Record<string, unknown>;

/**
 * What the simulated org has. The default is a standard org as Salesforce ships it today: no
 * legacy Live Agent chat (LiveChatTranscript is gone from most orgs), no member-id custom fields
 * (our own force-app does not deploy them), Service Cloud Voice and Messaging with conversation
 * entries. Tests that need a legacy or customised org say so.
 */
export interface OrgShape {
  /** Legacy chat (LiveChatTranscript). Default false. */
  liveChat?: boolean;
  /** The customer's own `Member_Id__c` on Contact and `Member_Id__pc` on Person Accounts. Default false. */
  memberIdFields?: boolean;
  /** ConversationEntry records (voice and messaging transcripts). Default true. */
  conversationEntries?: boolean;
  /** Objects the org does not have at all (e.g. a custom object never deployed). */
  missingObjects?: string[];
  /** Fields the org does not have, by object. */
  missingFields?: Record<string, string[]>;
  /** Objects the integration user may read but not create or edit (no permission). */
  readOnlyObjects?: string[];
  /**
   * Salesforce Feedback Management (Survey, SurveyQuestion, SurveyInvitation, SurveyResponse,
   * SurveyQuestionResponse, SurveySubject): a licensed add-on, so absent by default.
   */
  feedbackManagement?: boolean;
}

/** The Feedback Management objects, present only when the org has the licence. */
export const FEEDBACK_OBJECTS = [
  'Survey',
  'SurveyQuestion',
  'SurveyInvitation',
  'SurveyResponse',
  'SurveyQuestionResponse',
  'SurveySubject',
] as const;

export interface OrgSchema {
  fields: Record<string, readonly string[]>;
  readOnly: ReadonlySet<string>;
}

const MEMBER_ID_FIELDS: Record<string, string[]> = { Contact: ['Member_Id__c'], Account: ['Member_Id__pc'] };

/** The objects and fields the org has, from its shape. */
export function orgSchema(shape: OrgShape = {}): OrgSchema {
  const dropObjects = new Set(shape.missingObjects ?? []);
  if (!shape.liveChat) dropObjects.add('LiveChatTranscript');
  if (shape.conversationEntries === false) dropObjects.add('ConversationEntry');
  if (!shape.feedbackManagement) FEEDBACK_OBJECTS.forEach((o) => dropObjects.add(o));
  const dropFields = new Map<string, Set<string>>();
  const drop = (obj: string, f: string) =>
    (dropFields.get(obj) ?? dropFields.set(obj, new Set()).get(obj)!).add(f);
  if (!shape.memberIdFields)
    for (const [o, fs] of Object.entries(MEMBER_ID_FIELDS)) fs.forEach((f) => drop(o, f));
  for (const [o, fs] of Object.entries(shape.missingFields ?? {})) fs.forEach((f) => drop(o, f));
  const fields: Record<string, readonly string[]> = {};
  for (const [obj, fs] of Object.entries(OBJECT_FIELDS)) {
    if (dropObjects.has(obj)) continue;
    fields[obj] = fs.filter((f) => !dropFields.get(obj)?.has(f));
  }
  return { fields, readOnly: new Set(shape.readOnlyObjects ?? []) };
}

/** Keeps only the records and fields the org has. */
export function fitToSchema(seeded: Record<string, Row[]>, schema: OrgSchema): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const [type, rows] of Object.entries(seeded)) {
    const known = schema.fields[type];
    if (!known) continue;
    const keep = new Set([...known, 'attributes']);
    out[type] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => keep.has(k))));
  }
  return out;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Salesforce REST writes every datetime as `2026-10-07T03:29:52.000+0000`: milliseconds always,
 * offset `+0000` without a colon, never `Z` (Bulk API 2.0 CSV uses `…000Z` instead).
 */
export function restDatetime(value: unknown): unknown {
  if (typeof value !== 'string' || !DATETIME.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString().replace('Z', '+0000');
}

/** Field types for describe (what Salesforce reports; enough for capability checks). */
export function fieldType(obj: string, field: string): string {
  if (field === 'Id') return 'id';
  if (/(Date|Time|Modstamp|_At__c|_Start__c)$/.test(field) && field !== 'ActivityDate') return 'datetime';
  if (field === 'ActivityDate') return 'date';
  if (/(Seconds|Seq|Score__c)$/.test(field)) return 'double';
  if (field === 'NumberValue') return 'int';
  if (/^(Is|Has)[A-Z]|^Incoming$|_Pass__c$|^Escalation__c$|^Needs_Review__c$/.test(field)) return 'boolean';
  if (/Id$/.test(field) || /^(Contact|Account|Voice_Call|Case)__c$/.test(field)) return 'reference';
  return obj === 'ConversationEntry' && field === 'Message' ? 'textarea' : 'string';
}

/** External-id fields (for upserts) per object. */
export const EXTERNAL_ID_FIELDS: Record<string, readonly string[]> = {
  Teachback_Interaction_Score__c: ['External_Id__c'],
  Task: ['Teachback_External_Id__c'],
};

/** Formula fields: readable, never writable (Salesforce answers INVALID_FIELD_FOR_INSERT_UPDATE). */
export const FORMULA_FIELDS: Record<string, readonly string[]> = {
  Teachback_Interaction_Score__c: ['Timeline_Summary__c'],
};
