import { callDateOf, type Interaction, type PlaybookCatalog } from '@teachback/core';
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
): PlaybookFor {
  return async (tenantId, interaction) => {
    const resolved = await catalog.resolve(tenantId, {
      playbookId: await playbookIdOf(tenantId, interaction),
      date: callDateOf(interaction.startedAt),
      // Admins name queues as they see them; a platform that gives no name gives an id.
      queue: interaction.queue?.name ?? interaction.queue?.id,
    });
    return resolved.compiled;
  };
}
