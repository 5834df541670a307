import { decideAccess } from '../access/policy';
import { TeachbackError, fieldPath } from '../errors';
import type { AccessContext } from '../store/records';
import {
  PlaybookVersionTerms,
  type PlaybookCatalog,
  type PlaybookQuery,
  type PlaybookVersion,
  type PlaybookVersionInfo,
  type ResolvedPlaybook,
} from './catalog';
import { playbookInForce } from './catalog-rule';
import { compilePlaybook, parsePlaybook, type CompiledPlaybook } from './compile';
import type { Playbook } from './schema';

/**
 * Where versions are kept: the store's table, or a Map in tests. It only reads and inserts; the
 * numbering, defaults and the resolution rule live once, in `VersionedPlaybookCatalog`.
 */
export interface PlaybookVersionTable {
  /** Facts of every version of the tenant's playbooks (one playbook's with `playbookId`). */
  versions(tenantId: string, playbookId?: string): Promise<PlaybookVersionInfo[]>;
  get(tenantId: string, id: string, version: number): Promise<PlaybookVersion | undefined>;
  /**
   * Numbers the draft (`numberVersion`) and inserts it with its audit event (actor, playbook id,
   * version) in one transaction that no other save of the same playbook can interleave with. A
   * taken (tenant, id, version) fails with `PLAYBOOK.VERSION_EXISTS`: the key is the guarantee.
   */
  insert(
    ctx: AccessContext,
    tenantId: string,
    draft: UnnumberedVersion,
    expected: number | undefined,
  ): Promise<PlaybookVersion>;
  /** Inserts each given version 1 the tenant does not have yet; `STORE.NOT_FOUND` for no tenant. */
  seed(tenantId: string, versions: readonly PlaybookVersion[]): Promise<void>;
}

export interface VersionedCatalogOptions {
  /** The built-in playbooks: every tenant's version 1 of each. */
  seeds?: () => readonly Playbook[];
  /** Compiles for scoring (the config package attaches the act model); default `compilePlaybook`. */
  compile?: (playbook: Playbook) => CompiledPlaybook;
  /** Used when a query names no playbook and no queue routes the call. */
  defaultPlaybookId?: string;
  clock?: () => Date;
}

/** Compiled versions kept per catalog; versions never change, so an entry is never stale. */
const COMPILED_CACHE_SIZE = 64;

/** A save before the table has given it its number. */
export interface UnnumberedVersion extends Omit<PlaybookVersion, 'version' | 'effectiveFrom'> {
  /** Undefined: the default for the number it gets (see PlaybookVersionTerms.effectiveFrom). */
  effectiveFrom: string | null | undefined;
}

/**
 * Gives a draft the next number after `newest` (or `expected`, which must be exactly that), and
 * the playbook's own `version` field the same text: the catalog owns the number.
 */
export function numberVersion(
  draft: UnnumberedVersion,
  newest: number,
  expected: number | undefined,
): PlaybookVersion {
  const number = expected ?? newest + 1;
  if (number <= newest) throw versionExists(draft.id, number);
  if (number > newest + 1)
    throw new TeachbackError(
      'PLAYBOOK.VERSION_INVALID',
      `version: the next version of playbook ${draft.id} is ${newest + 1}`,
      { details: { field: 'version' } },
    );
  return {
    ...draft,
    version: number,
    effectiveFrom:
      draft.effectiveFrom !== undefined
        ? draft.effectiveFrom
        : number === 1
          ? null
          : draft.savedAt.slice(0, 10),
    playbook: { ...draft.playbook, version: String(number) },
  };
}

export function versionExists(id: string, version: number): TeachbackError {
  return new TeachbackError(
    'PLAYBOOK.VERSION_EXISTS',
    `version: playbook ${id} already has version ${version}; read the newest version and save again`,
    { details: { field: 'version' } },
  );
}

function parseTerms(input: unknown): PlaybookVersionTerms {
  const r = PlaybookVersionTerms.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new TeachbackError('PLAYBOOK.INVALID', `${fieldPath(issue.path)}: ${issue.message}`, {
    details: { field: fieldPath(issue.path) },
  });
}

export class VersionedPlaybookCatalog implements PlaybookCatalog {
  private readonly seeded = new Map<string, Promise<void>>();
  private readonly compiled = new Map<string, Promise<ResolvedPlaybook>>();
  private readonly compile: (playbook: Playbook) => CompiledPlaybook;
  private readonly clock: () => Date;

  constructor(
    private readonly table: PlaybookVersionTable,
    private readonly opts: VersionedCatalogOptions = {},
  ) {
    this.compile = opts.compile ?? ((p) => compilePlaybook(p));
    this.clock = opts.clock ?? (() => new Date());
  }

  async list(tenantId: string): Promise<PlaybookVersionInfo[]> {
    const newest = new Map<string, PlaybookVersionInfo>();
    for (const v of await this.versions(tenantId)) {
      const seen = newest.get(v.id);
      if (!seen || v.version > seen.version) newest.set(v.id, v);
    }
    return [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async history(tenantId: string, id: string): Promise<PlaybookVersionInfo[]> {
    const all = await this.versions(tenantId, id);
    if (all.length === 0) throw notFound(id);
    return all.sort((a, b) => b.version - a.version);
  }

  async latest(tenantId: string, id: string): Promise<PlaybookVersion> {
    const [newest] = await this.history(tenantId, id);
    return this.version(tenantId, id, newest!.version);
  }

  async version(tenantId: string, id: string, version: number): Promise<PlaybookVersion> {
    await this.ensureSeeded(tenantId);
    const v = await this.table.get(tenantId, id, version);
    if (!v) throw notFound(id, version);
    return v;
  }

  async save(
    ctx: AccessContext,
    tenantId: string,
    playbook: Playbook,
    terms: PlaybookVersionTerms,
  ): Promise<PlaybookVersion> {
    return this.append(ctx, tenantId, playbook, parseTerms(terms), null);
  }

  async rollback(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    toVersion: number,
    terms: Partial<PlaybookVersionTerms>,
  ): Promise<PlaybookVersion> {
    this.authorizeWrite(ctx, tenantId);
    const old = await this.version(tenantId, id, toVersion);
    const t = parseTerms({ note: `rollback to version ${toVersion}`, queues: old.queues, ...terms });
    return this.append(ctx, tenantId, old.playbook, t, toVersion);
  }

  async resolve(tenantId: string, query: PlaybookQuery): Promise<ResolvedPlaybook> {
    const chosen = playbookInForce(await this.versions(tenantId), query, this.opts.defaultPlaybookId);
    if (!chosen.found) {
      if (chosen.reason === 'not-yet-in-force')
        throw new TeachbackError(
          'PLAYBOOK.NOT_IN_FORCE',
          `playbook ${chosen.playbookId}: no version is in force on ${query.date}`,
        );
      if (chosen.reason === 'no-default')
        throw new TeachbackError('PLAYBOOK.NOT_FOUND', 'playbookId: name a playbook (no default is set)');
      throw notFound(chosen.playbookId!);
    }
    const { id, version } = chosen.ref;
    const key = `${tenantId}\u0000${id}\u0000${version}`;
    let hit = this.compiled.get(key);
    if (!hit) {
      hit = this.version(tenantId, id, version).then((v) => ({
        playbook: v.playbook,
        compiled: this.compile(v.playbook),
        ref: { id, version },
      }));
      hit.catch(() => this.compiled.delete(key));
      this.compiled.set(key, hit);
      if (this.compiled.size > COMPILED_CACHE_SIZE) this.compiled.delete(this.compiled.keys().next().value!);
    }
    return hit;
  }

  private async versions(tenantId: string, id?: string): Promise<PlaybookVersionInfo[]> {
    await this.ensureSeeded(tenantId);
    return this.table.versions(tenantId, id);
  }

  private async append(
    ctx: AccessContext,
    tenantId: string,
    input: Playbook,
    terms: PlaybookVersionTerms,
    rollbackOf: number | null,
  ): Promise<PlaybookVersion> {
    this.authorizeWrite(ctx, tenantId);
    const playbook = parsePlaybook(input, `playbook ${input.id}`);
    // Compiling is the full check (unknown intents, unusable phrases); a bad playbook never lands.
    this.compile(playbook);
    await this.ensureSeeded(tenantId);
    return this.table.insert(
      ctx,
      tenantId,
      {
        id: playbook.id,
        title: playbook.title,
        author: ctx.actor.id,
        savedAt: this.clock().toISOString(),
        note: terms.note,
        effectiveFrom: terms.effectiveFrom,
        queues: terms.queues ?? null,
        rollbackOf,
        source: 'tenant',
        playbook,
      },
      terms.version,
    );
  }

  private authorizeWrite(ctx: AccessContext, tenantId: string): void {
    const d = decideAccess(ctx.actor, 'write', { type: 'playbook', tenantId });
    if (d.allowed) return;
    if (d.outcome === 'not_found') throw new TeachbackError('STORE.NOT_FOUND', 'tenant not found');
    throw new TeachbackError('ACCESS.DENIED', 'not allowed to write playbook', {
      details: { reason: d.reason },
    });
  }

  /** Built-ins become version 1 the first time a tenant's catalog is used (once per process). */
  private ensureSeeded(tenantId: string): Promise<void> {
    let p = this.seeded.get(tenantId);
    if (!p) {
      p = this.table.seed(tenantId, this.seedVersions());
      p.catch(() => this.seeded.delete(tenantId));
      this.seeded.set(tenantId, p);
    }
    return p;
  }

  private seedVersions(): PlaybookVersion[] {
    const savedAt = this.clock().toISOString();
    return (this.opts.seeds?.() ?? []).map((p) => ({
      id: p.id,
      version: 1,
      title: p.title,
      author: 'teachback',
      savedAt,
      note: `built-in playbook, release ${p.version}`,
      effectiveFrom: null,
      queues: null,
      rollbackOf: null,
      source: 'builtin' as const,
      playbook: { ...p, version: '1' },
    }));
  }
}

function notFound(id: string, version?: number): TeachbackError {
  return new TeachbackError(
    'PLAYBOOK.NOT_FOUND',
    version === undefined ? `playbook ${id} not found` : `playbook ${id} has no version ${version}`,
  );
}
