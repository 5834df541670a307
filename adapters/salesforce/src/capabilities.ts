import type { CapabilityGap } from '@teachback/core';
import type { SalesforceClient, SObjectDescribe } from '@teachback/connector-salesforce';
import type { SalesforceAdapterConfig } from './config';
import { STREAMS, type StreamSpec } from './mapping';

/** A stream as this org can run it: the fields it has and the filter it supports. */
export interface StreamPlan {
  spec: StreamSpec;
  fields: string[];
  filter: string[];
}

/** What the org has, from describe, and what the sync will do with it. */
export interface OrgPlan {
  streams: StreamPlan[];
  /** Conversation entries can be read for voice calls and messaging sessions. */
  transcripts: boolean;
  /** Calls logged against an Opportunity (Task.WhatId, VoiceCall.RelatedRecordId) get its stage. */
  opportunities: boolean;
  /** Feedback Management's survey objects are readable: post-call surveys are synced. */
  surveys: boolean;
  /** Configured but absent: the admin should fix the setting or the org. */
  missing: CapabilityGap[];
  /** Optional and absent in this org: synced without. */
  skipped: CapabilityGap[];
}

export const TRANSCRIPT_OBJECT = 'ConversationEntry';
const TRANSCRIPT_FIELDS = ['ConversationId', 'ActorType', 'EntryType', 'Message', 'EntryTime'];

/**
 * Salesforce Feedback Management objects and the fields the survey sync reads from each (a
 * licensed add-on: orgs without it have none of them).
 */
export const SURVEY_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  SurveyResponse: ['Id', 'InvitationId', 'Status', 'CompletionDateTime', 'SystemModstamp'],
  SurveySubject: ['ParentId', 'SubjectId', 'SubjectEntityType'],
  SurveyQuestionResponse: ['ResponseId', 'QuestionId', 'NumberValue', 'IsTrueOrFalse'],
  SurveyQuestion: ['Id', 'DeveloperName', 'QuestionType'],
};

/** Whether the sync reads surveys (it has somewhere to save them) and so checks the org for them. */
export interface PlanOptions {
  surveys?: boolean;
}

const wantsOpportunities = (config: SalesforceAdapterConfig) =>
  config.contactCenter.opportunityStages &&
  (!config.streams || config.streams.some((s) => s === 'Task' || s === 'VoiceCall'));

/** Objects a sync reads under this config (what each sync describes). */
export function objectsToDescribe(config: SalesforceAdapterConfig, opts: PlanOptions = {}): string[] {
  const wanted = STREAMS.filter((s) => !config.streams || config.streams.includes(s.name));
  return [
    ...new Set([
      ...wanted.map((s) => s.sobject),
      ...(config.conversationTranscripts ? [TRANSCRIPT_OBJECT] : []),
      ...(wantsOpportunities(config) ? ['Opportunity'] : []),
      ...(opts.surveys && config.surveys.enabled ? Object.keys(SURVEY_OBJECTS) : []),
    ]),
  ];
}

/**
 * Asks the org what it has: describeGlobal, then one `/composite` describe of the objects we read
 * that exist (two API calls for up to 25 objects).
 */
export async function describeOrg(
  client: SalesforceClient,
  objects: readonly string[],
): Promise<Map<string, SObjectDescribe | undefined>> {
  const global = await client.describeGlobal();
  const present = new Set(global.sobjects.filter((o) => o.queryable !== false).map((o) => o.name));
  const described = await client.describeObjects(objects.filter((o) => present.has(o)));
  return new Map(objects.map((o) => [o, described.get(o)]));
}

/** Decides, from describe, which streams and fields this org can sync, and says why not the rest. */
export function planSync(
  config: SalesforceAdapterConfig,
  org: ReadonlyMap<string, SObjectDescribe | undefined>,
  opts: PlanOptions = {},
): OrgPlan {
  const missing: CapabilityGap[] = [];
  const skipped: CapabilityGap[] = [];
  const streams: StreamPlan[] = [];
  const configured = new Set(
    [config.memberIdField, config.personAccountMemberIdField].filter((f): f is string => !!f),
  );
  for (const spec of STREAMS) {
    if (config.streams && !config.streams.includes(spec.name)) continue;
    if (spec.name === 'PersonAccount' && !config.personAccounts) continue;
    const described = org.get(spec.sobject);
    if (!described) {
      skipped.push({ what: spec.sobject, why: 'not in this org (describeGlobal): not synced' });
      continue;
    }
    const has = new Set(described.fields.map((f) => f.name));
    const lacking = ['Id', 'SystemModstamp', ...spec.required].filter((f) => !has.has(f));
    if (lacking.length) {
      const why =
        spec.name === 'PersonAccount'
          ? 'Person Accounts are not enabled in this org: not synced'
          : `${lacking.join(', ')} not in this org: stream not synced`;
      skipped.push({ what: spec.name === 'PersonAccount' ? 'PersonAccount' : spec.sobject, why });
      continue;
    }
    const fields: string[] = [];
    for (const f of spec.fields(config)) {
      if (has.has(f)) fields.push(f);
      else if (configured.has(f)) {
        missing.push({
          what: `${spec.sobject}.${f}`,
          why: 'configured as a member-id field but not a field on this object (describe): synced without member ids',
        });
      } else skipped.push({ what: `${spec.sobject}.${f}`, why: 'not in this org: synced without it' });
    }
    streams.push({ spec, fields, filter: spec.filter(config, (f) => has.has(f)) });
  }
  let transcripts = false;
  if (config.conversationTranscripts) {
    const entries = org.get(TRANSCRIPT_OBJECT);
    const lacking = entries ? TRANSCRIPT_FIELDS.filter((f) => !entries.fields.some((x) => x.name === f)) : [];
    transcripts = !!entries && lacking.length === 0;
    if (!transcripts) {
      skipped.push({
        what: TRANSCRIPT_OBJECT,
        why: `${entries ? `${lacking.join(', ')} not readable` : 'not in this org'}: voice calls and messaging sessions are synced without transcripts`,
      });
    }
  }
  let opportunities = false;
  if (wantsOpportunities(config)) {
    const o = org.get('Opportunity');
    opportunities = !!o && o.fields.some((f) => f.name === 'StageName');
    if (!opportunities) {
      skipped.push({
        what: 'Opportunity',
        why: `${o ? 'StageName not readable' : 'not in this org'}: calls are synced without Opportunity stages`,
      });
    }
  }
  let surveys = false;
  if (opts.surveys && config.surveys.enabled) {
    const lacking = Object.entries(SURVEY_OBJECTS).flatMap(([obj, fields]) => {
      const d = org.get(obj);
      if (!d) return [obj];
      const has = new Set(d.fields.map((f) => f.name));
      return fields.filter((f) => !has.has(f)).map((f) => `${obj}.${f}`);
    });
    surveys = lacking.length === 0;
    if (!surveys) {
      skipped.push({
        what: 'SurveyResponse',
        why: `Salesforce Feedback Management not readable in this org (${lacking.join(', ')} missing, describe): synced without post-call surveys`,
      });
    }
  }
  return { streams, transcripts, opportunities, surveys, missing, skipped };
}
