import {
  callDateOf,
  classifyCallType,
  playbookForCallType,
  type CallType,
  type CallTypeMapping,
  type CallTypeModel,
  type Interaction,
  type PlaybookCatalog,
} from '@teachback/core';
import type { PlaybookFor } from './pipeline/steps';

/**
 * Asks the catalog on every call for the version in force on the interaction's date and queue, so
 * a version saved through the API scores the next job with no restart. The lookup is one small
 * query; compiling happens once per version (the catalog keeps compiled versions).
 * `playbookIdOf` names the playbook when the call's connection settings do; otherwise the
 * interaction's queue or the catalog's default decides.
 */
export function catalogPlaybookFor(
  catalog: PlaybookCatalog,
  playbookIdOf: (tenantId: string, interaction: Interaction) => Promise<string | undefined> = async () =>
    undefined,
  /** The tenant's call type → playbook mapping (see `callTypePlaybookOf`); asked after the connection. */
  byCallType?: (tenantId: string, interaction: Interaction) => Promise<string | undefined>,
): PlaybookFor {
  return async (tenantId, interaction) => {
    const resolved = await catalog.resolve(tenantId, {
      playbookId: (await playbookIdOf(tenantId, interaction)) ?? (await byCallType?.(tenantId, interaction)),
      date: callDateOf(interaction.startedAt),
      // Admins name queues as they see them; a platform that gives no name gives an id.
      queue: interaction.queue?.name ?? interaction.queue?.id,
    });
    return resolved.compiled;
  };
}

/**
 * Each call scored against its type's process: the interaction's call type (as the platform gave
 * it, else classified from the tenant's queue/disposition mapping or the conversation) looked up
 * in the tenant's call type → playbook mapping. A type with no playbook leaves the choice to the
 * queue and the catalog's default.
 */
export function callTypePlaybookOf(
  definitionsFor: (
    tenantId: string,
  ) => Promise<{ playbooks: Partial<Record<CallType, string>>; mapping?: CallTypeMapping } | undefined>,
  model?: CallTypeModel,
): (tenantId: string, interaction: Interaction) => Promise<string | undefined> {
  return async (tenantId, interaction) => {
    const defs = await definitionsFor(tenantId);
    if (!defs) return undefined;
    const type =
      interaction.callType ??
      classifyCallType(interaction, {
        ...(defs.mapping ? { mapping: defs.mapping } : {}),
        ...(model ? { model } : {}),
      }).callType;
    return playbookForCallType(defs.playbooks, type);
  };
}
