import type { Interaction } from '@teachback/core';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import type { SalesforceAdapterConfig } from './config';
import { selectIn } from './soql';

/** Key prefix of Opportunity ids (Salesforce ids carry their object in the first three characters). */
export const OPPORTUNITY_PREFIX = '006';

/** Where a call record names the Opportunity it is about: Task.WhatId, VoiceCall.RelatedRecordId. */
const OPPORTUNITY_FIELD: Readonly<Record<string, string>> = { Task: 'WhatId', VoiceCall: 'RelatedRecordId' };

/** The Opportunity id a raw Task / VoiceCall is logged against, if any. */
export function opportunityOf(sobject: string, record: Record<string, unknown>): string | undefined {
  const field = OPPORTUNITY_FIELD[sobject];
  const v = field ? record[field] : undefined;
  return typeof v === 'string' && v.startsWith(OPPORTUNITY_PREFIX) ? v : undefined;
}

/** Opportunity.StageName of each id, read in batched `IN` queries (an id the org lacks is absent). */
export async function readOpportunityStages(
  client: SalesforceClient,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const rows = await selectIn(client, { fields: ['Id', 'StageName'], from: 'Opportunity', field: 'Id', ids });
  const out = new Map<string, string>();
  for (const r of rows) {
    if (typeof r['Id'] === 'string' && typeof r['StageName'] === 'string' && r['StageName'].trim() !== '')
      out.set(r['Id'], r['StageName'].trim());
  }
  return out;
}

/** StageName → the tenant's funnel stage (`contactCenter.stageNames`), else StageName itself. */
export function funnelStage(stageName: string, config: SalesforceAdapterConfig): string {
  return (config.contactCenter.stageNames[stageName] ?? stageName).slice(0, 200);
}

/**
 * The interaction with its Opportunity's stage, unless the org's own stage field (configured
 * `stageField`) already gave one: a value on the call itself is the most specific. The
 * Opportunity's stage outranks a disposition mapped to a stage.
 */
export function withOpportunityStage(
  interaction: Interaction,
  record: Record<string, unknown>,
  stageName: string | undefined,
  config: SalesforceAdapterConfig,
): Interaction {
  if (!stageName) return interaction;
  const own = config.contactCenter.stageField ? record[config.contactCenter.stageField] : undefined;
  if (typeof own === 'string' && own.trim() !== '') return interaction;
  return {
    ...interaction,
    contactCenter: { ...interaction.contactCenter, stage: funnelStage(stageName, config) },
  };
}
