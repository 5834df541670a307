import { TeachbackError, fieldPath } from '@teachback/core';
import { z } from 'zod';

/** Where a vendor call key found in Salesforce comes from. `auto` reads the key's shape. */
export const VendorKeyPlatform = z.enum(['auto', 'genesys', 'five9']);

export const SalesforceAdapterConfig = z.strictObject({
  tenantId: z.string().min(1),
  /** First sync starts here (inclusive). */
  startFrom: z.string().datetime({ offset: true }).default('2000-01-01T00:00:00Z'),
  /** Off for orgs without Person Accounts: the field IsPersonAccount does not exist there. */
  personAccounts: z.boolean().default(true),
  /**
   * The org's own member-id field on Contact (e.g. `Member_Id__c`) and on Person Accounts (the
   * `__pc` twin). None by default: force-app does not deploy one, and selecting a field the org
   * lacks fails the whole query with INVALID_FIELD. Each sync checks them by describe.
   */
  memberIdField: z.string().regex(/^\w+$/).optional(),
  personAccountMemberIdField: z.string().regex(/^\w+$/).optional(),
  /** Voice-call and messaging transcripts from ConversationEntry, where the org has them. */
  conversationTranscripts: z.boolean().default(true),
  /**
   * Fields holding another platform's call id. VoiceCall.VendorCallKey and Task.CallObject by
   * default; CTI packages often add their own (e.g. a mapped `Genesys_Conversation_Id__c`).
   */
  callKeyFields: z
    .strictObject({
      VoiceCall: z.array(z.string().regex(/^\w+$/)).default(['VendorCallKey']),
      Task: z.array(z.string().regex(/^\w+$/)).default(['CallObject']),
    })
    .default({ VoiceCall: ['VendorCallKey'], Task: ['CallObject'] }),
  vendorKeyPlatform: VendorKeyPlatform.default('auto'),
  /** A stream with more changed records than this (first sync) is fetched with Bulk API 2.0. */
  bulkThreshold: z.number().int().positive().default(10_000),
  pageSize: z.number().int().min(1).max(2000).default(2000),
  /** Records from these streams are pulled; all by default. */
  streams: z
    .array(
      z.enum([
        'Contact',
        'PersonAccount',
        'Case',
        'Task',
        'VoiceCall',
        'EmailMessage',
        'MessagingSession',
        'LiveChatTranscript',
      ]),
    )
    .optional(),
  /** `platform:userId` of an agent (e.g. `genesys:<uuid>`, `five9:<username>`) → Salesforce User id. */
  agentUserMap: z
    .record(z.string(), z.string().regex(/^005\w{12}(\w{3})?$/, 'must be a Salesforce User id'))
    .default({}),
  /** Owner of coaching tasks whose agent has no mapping; without it those tasks are skipped. */
  defaultCoachingOwnerId: z
    .string()
    .regex(/^005\w{12}(\w{3})?$/, 'must be a Salesforce User id')
    .optional(),
  /**
   * Summaries of Genesys / Five9 calls are also written to the Task that logs the call in this
   * org (found by the call's id in `callKeyFields`), below the Teachback marker. No Task → none
   * is created.
   */
  linkedCallSummaries: z.boolean().default(true),
  /** Days after scoring a coaching task is due. */
  coachingDueDays: z.number().int().min(0).default(7),
  /**
   * Contact-center facts beyond the standard VoiceCall fields: the org's own fields (CTI packages
   * add hold and wrap-up fields under their own names), where the funnel stage lives, and how
   * call dispositions map to stages and call types. A field named here that the org lacks is
   * reported as skipped by the describe check, never a failed query.
   */
  contactCenter: z
    .strictObject({
      /** Numeric fields on VoiceCall and Task, in seconds / counts. */
      holdSecondsField: z.string().regex(/^\w+$/).optional(),
      holdCountField: z.string().regex(/^\w+$/).optional(),
      wrapUpSecondsField: z.string().regex(/^\w+$/).optional(),
      transfersField: z.string().regex(/^\w+$/).optional(),
      /** A field on VoiceCall and Task holding the funnel stage (e.g. a formula copying Opportunity.StageName). */
      stageField: z.string().regex(/^\w+$/).optional(),
      dispositionStages: z.record(z.string().min(1), z.string().min(1).max(200)).default({}),
      dispositionCallTypes: z.record(z.string().min(1), z.string().min(1).max(100)).default({}),
      /**
       * Read the stage of the Opportunity a call is logged against (Task.WhatId, or
       * VoiceCall.RelatedRecordId, with key prefix 006), batched per page of calls. On by default;
       * an org without Opportunity is reported as skipped.
       */
      opportunityStages: z.boolean().default(true),
      /**
       * Opportunity.StageName → the tenant's funnel stage (`metrics.funnel.stages`). A StageName not
       * listed is kept as Salesforce names it.
       */
      stageNames: z.record(z.string().min(1), z.string().min(1).max(200)).default({}),
    })
    .default({
      dispositionStages: {},
      dispositionCallTypes: {},
      opportunityStages: true,
      stageNames: {},
    }),
  /**
   * Post-call surveys from Salesforce Feedback Management, where the org has it (read only when
   * the sync is given a survey sink). A question counts as CSAT / NPS / yes-no by its QuestionType
   * (`CSAT`, `NPS`, `Boolean`) or, for other types (a `Rating` or `Slider` used as CSAT), by its
   * DeveloperName listed here. Free-text answers are never kept.
   */
  surveys: z
    .strictObject({
      enabled: z.boolean().default(true),
      csatQuestions: z.array(z.string().regex(/^\w+$/)).default([]),
      npsQuestions: z.array(z.string().regex(/^\w+$/)).default([]),
      yesNoQuestions: z.array(z.string().regex(/^\w+$/)).default([]),
    })
    .default({ enabled: true, csatQuestions: [], npsQuestions: [], yesNoQuestions: [] }),
});
export type SalesforceAdapterConfig = z.infer<typeof SalesforceAdapterConfig>;
export type SalesforceAdapterConfigInput = z.input<typeof SalesforceAdapterConfig>;

export function parseAdapterConfig(input: unknown): SalesforceAdapterConfig {
  const parsed = SalesforceAdapterConfig.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TeachbackError(
      'CONFIG.INVALID',
      `Salesforce adapter config: ${fieldPath(issue.path)} ${issue.message}`,
      {
        details: { field: fieldPath(issue.path) },
      },
    );
  }
  return parsed.data;
}
