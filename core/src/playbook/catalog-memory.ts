import type { AccessContext } from '../store/records';
import type { PlaybookVersion, PlaybookVersionInfo } from './catalog';
import {
  VersionedPlaybookCatalog,
  numberVersion,
  versionExists,
  type UnnumberedVersion,
  type PlaybookVersionTable,
  type VersionedCatalogOptions,
} from './versioned-catalog';

/** What an in-memory save records, standing in for the store's audit event. */
export interface RecordedPlaybookSave {
  tenantId: string;
  actorId: string;
  playbookId: string;
  version: number;
}

/** Versions in a Map, for tests and the demo: same numbering and unique key as the store's table. */
export class InMemoryPlaybookVersions implements PlaybookVersionTable {
  private readonly rows = new Map<string, PlaybookVersion & { tenantId: string }>();
  readonly saves: RecordedPlaybookSave[] = [];

  private static key(tenantId: string, id: string, version: number): string {
    return `${tenantId}\u0000${id}\u0000${version}`;
  }

  async versions(tenantId: string, playbookId?: string): Promise<PlaybookVersionInfo[]> {
    return [...this.rows.values()]
      .filter((r) => r.tenantId === tenantId && (playbookId === undefined || r.id === playbookId))
      .map(({ playbook: _playbook, tenantId: _tenantId, ...info }) => info);
  }

  async get(tenantId: string, id: string, version: number): Promise<PlaybookVersion | undefined> {
    const r = this.rows.get(InMemoryPlaybookVersions.key(tenantId, id, version));
    if (!r) return undefined;
    const { tenantId: _tenantId, ...v } = r;
    return structuredClone(v);
  }

  async insert(
    ctx: AccessContext,
    tenantId: string,
    draft: UnnumberedVersion,
    expected: number | undefined,
  ): Promise<PlaybookVersion> {
    const newest = (await this.versions(tenantId, draft.id)).reduce((n, v) => Math.max(n, v.version), 0);
    const v = numberVersion(draft, newest, expected);
    const key = InMemoryPlaybookVersions.key(tenantId, v.id, v.version);
    if (this.rows.has(key)) throw versionExists(v.id, v.version);
    this.rows.set(key, { ...structuredClone(v), tenantId });
    this.saves.push({ tenantId, actorId: ctx.actor.id, playbookId: v.id, version: v.version });
    return v;
  }

  async seed(tenantId: string, versions: readonly PlaybookVersion[]): Promise<void> {
    for (const v of versions) {
      const key = InMemoryPlaybookVersions.key(tenantId, v.id, v.version);
      if (!this.rows.has(key)) this.rows.set(key, { ...structuredClone(v), tenantId });
    }
  }
}

/** A catalog over an in-memory table (the table is returned too, to inspect saves). */
export function inMemoryPlaybookCatalog(opts: VersionedCatalogOptions = {}): {
  catalog: VersionedPlaybookCatalog;
  table: InMemoryPlaybookVersions;
} {
  const table = new InMemoryPlaybookVersions();
  return { catalog: new VersionedPlaybookCatalog(table, opts), table };
}
