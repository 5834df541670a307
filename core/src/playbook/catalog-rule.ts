import type { PlaybookQuery, PlaybookVersionRef } from './catalog';

/** What the rule needs to know of each saved version. */
export interface VersionTerms extends PlaybookVersionRef {
  effectiveFrom: string | null;
  queues: string[] | null;
  savedAt: string;
}

/** Why no version could be chosen; the catalog turns it into an error naming the playbook. */
export type InForce =
  | { found: true; ref: PlaybookVersionRef }
  | { found: false; reason: 'unknown-playbook' | 'not-yet-in-force' | 'no-default'; playbookId?: string };

const covers = (v: VersionTerms, date: string, queue: string | undefined): boolean =>
  (v.effectiveFrom === null || v.effectiveFrom <= date) &&
  (v.queues === null || (queue !== undefined && v.queues.includes(queue)));

/**
 * The version of one playbook in force for a date and queue: of the versions already effective on
 * that date and covering the queue, the one saved last (highest number). "Last save wins" keeps the
 * rule one sentence long, and it is what makes a rollback work: the copy is the newest version.
 */
export function versionOfPlaybookInForce(
  versions: readonly VersionTerms[],
  playbookId: string,
  date: string,
  queue?: string,
): VersionTerms | undefined {
  let best: VersionTerms | undefined;
  for (const v of versions) {
    if (v.id !== playbookId || !covers(v, date, queue)) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best;
}

/**
 * Chooses the playbook and version for a call. With `playbookId`, that playbook's version in force.
 * Without, a playbook whose version in force names the call's queue (queues route calls to
 * playbooks; the most recently saved wins if several do), else the tenant's default playbook.
 */
export function playbookInForce(
  versions: readonly VersionTerms[],
  query: PlaybookQuery,
  defaultPlaybookId: string | undefined,
): InForce {
  const { date, queue } = query;
  const ids = [...new Set(versions.map((v) => v.id))].sort();
  const pick = (id: string): InForce => {
    if (!ids.includes(id)) return { found: false, reason: 'unknown-playbook', playbookId: id };
    const v = versionOfPlaybookInForce(versions, id, date, queue);
    return v
      ? { found: true, ref: { id: v.id, version: v.version } }
      : { found: false, reason: 'not-yet-in-force', playbookId: id };
  };
  if (query.playbookId !== undefined) return pick(query.playbookId);
  if (queue !== undefined) {
    const routed = ids
      .map((id) => versionOfPlaybookInForce(versions, id, date, queue))
      .filter((v): v is VersionTerms => v !== undefined && v.queues !== null)
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.id.localeCompare(b.id));
    if (routed[0]) return { found: true, ref: { id: routed[0].id, version: routed[0].version } };
  }
  if (defaultPlaybookId !== undefined) return pick(defaultPlaybookId);
  // A tenant with a single playbook needs no default.
  if (ids.length === 1) return pick(ids[0]!);
  return { found: false, reason: 'no-default' };
}
