import { z } from 'zod';
import type { AccessContext } from '../store/records';
import type { CompiledPlaybook } from './compile';
import type { Playbook } from './schema';

/*
 * The playbook catalog: each tenant's playbooks, versioned. Every save is a new version numbered
 * 1, 2, 3... per (tenant, playbook id); a version never changes once saved, so a scorecard that
 * names `{ id, version }` can always be traced to the exact rules it was scored with. The built-in
 * playbooks are each tenant's version 1 until the tenant saves its own.
 */

/** What a scorecard records and what every catalog answer is keyed by. */
export interface PlaybookVersionRef {
  id: string;
  version: number;
}

const isoDate = z.iso.date('a date as YYYY-MM-DD');
const queueName = z.string().min(1, 'a queue name must not be empty').max(200, 'at most 200 characters');

/** When and where a version applies, and why it was saved: the part of a save the caller writes. */
export const PlaybookVersionTerms = z.strictObject({
  /** Why this version exists; shown in the history. */
  note: z.string().trim().min(1, 'say what changed').max(2000, 'at most 2,000 characters'),
  /**
   * First call date (inclusive, UTC) this version scores. Default: from the start for a
   * playbook's first version, today for later ones, so calls already taken keep their rules.
   */
  effectiveFrom: isoDate.nullable().optional(),
  /** Only calls on these queues; absent or null = every queue. */
  queues: z
    .array(queueName)
    .min(1, 'give at least one queue, or leave queues out')
    .max(100)
    .nullable()
    .optional(),
  /**
   * The number this save must get. A client that read version N sends N + 1, so two admins
   * editing the same version cannot both win: the second gets `PLAYBOOK.VERSION_EXISTS`.
   */
  version: z.number().int().positive().optional(),
});
export type PlaybookVersionTerms = z.infer<typeof PlaybookVersionTerms>;

/** One saved version's facts, without the rules themselves (history and list rows). */
export interface PlaybookVersionInfo extends PlaybookVersionRef {
  title: string;
  /** Actor id of whoever saved it; `teachback` for the built-in seed. */
  author: string;
  savedAt: string;
  note: string;
  effectiveFrom: string | null;
  queues: string[] | null;
  /** Set when this version was made by rolling back to an older one. */
  rollbackOf: number | null;
  source: 'builtin' | 'tenant';
}

/** A saved version with its playbook; `playbook.version` is the catalog version as text. */
export interface PlaybookVersion extends PlaybookVersionInfo {
  playbook: Playbook;
}

/** The version in force for a call, compiled and ready to score. */
export interface ResolvedPlaybook {
  playbook: Playbook;
  compiled: CompiledPlaybook;
  ref: PlaybookVersionRef;
}

export interface PlaybookQuery {
  /** Without it, a playbook whose version in force names the queue, else the tenant's default. */
  playbookId?: string | undefined;
  /** The call's date, YYYY-MM-DD (UTC). */
  date: string;
  queue?: string | undefined;
}

export interface PlaybookCatalog {
  /** The newest version of each of the tenant's playbooks, by id. */
  list(tenantId: string): Promise<PlaybookVersionInfo[]>;
  /** The newest version (not necessarily the one in force for a given date). */
  latest(tenantId: string, id: string): Promise<PlaybookVersion>;
  /** Every version, newest first. */
  history(tenantId: string, id: string): Promise<PlaybookVersionInfo[]>;
  version(tenantId: string, id: string, version: number): Promise<PlaybookVersion>;
  /** Validates, compiles and saves as a new version; audited with the actor, id and version. */
  save(
    ctx: AccessContext,
    tenantId: string,
    playbook: Playbook,
    terms: PlaybookVersionTerms,
  ): Promise<PlaybookVersion>;
  /** A new version copying `toVersion`'s rules (the old one stays as it was). */
  rollback(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    toVersion: number,
    terms: Partial<PlaybookVersionTerms>,
  ): Promise<PlaybookVersion>;
  /** The version in force for the call's date and queue. */
  resolve(tenantId: string, query: PlaybookQuery): Promise<ResolvedPlaybook>;
}

/** The call date a catalog query uses for an interaction: its start, as a UTC date. */
export function callDateOf(startedAt: string | undefined, now: () => Date = () => new Date()): string {
  const t = startedAt ? new Date(startedAt) : now();
  return (Number.isNaN(t.getTime()) ? now() : t).toISOString().slice(0, 10);
}
