import type { Interaction } from '../model';
import type { QuarantineEntry, QuarantineSink } from './quarantine';
import type { CheckpointStore, InteractionSink, PushReceipt, PushReceipts, UpsertOutcome } from './ports';

/*
 * The one set of in-memory sync ports, for tests of every platform adapter. Same semantics as the
 * store-backed ones in adapters/jobs; not durable.
 */

export class MemoryCheckpoints implements CheckpointStore {
  readonly values = new Map<string, unknown>();
  saves = 0;
  async load(tenantId: string, stream: string): Promise<unknown> {
    return structuredClone(this.values.get(`${tenantId}|${stream}`));
  }
  async save(tenantId: string, stream: string, value: unknown): Promise<void> {
    this.saves++;
    this.values.set(`${tenantId}|${stream}`, structuredClone(value));
  }
}

/** Interactions by `tenant|platform|externalId`; each row also answers `.interaction`. */
export class MemoryInteractions implements InteractionSink {
  readonly rows = new Map<string, { interaction: Interaction; hash: string; writes: number }>();
  created = 0;
  updated = 0;
  unchanged = 0;
  /** Set to make the next upsert fail (crash-between-write-and-checkpoint tests). */
  failNextUpsert: Error | undefined;

  static key(tenantId: string, platform: string, externalId: string): string {
    return `${tenantId}|${platform}|${externalId}`;
  }

  async upsert(tenantId: string, interaction: Interaction, contentHash?: string): Promise<UpsertOutcome> {
    if (this.failNextUpsert) {
      const err = this.failNextUpsert;
      this.failNextUpsert = undefined;
      throw err;
    }
    const key = MemoryInteractions.key(tenantId, interaction.source.platform, interaction.source.externalId);
    // Without the adapter's hash the whole record is the content (core has no hash function).
    const hash = contentHash ?? JSON.stringify(interaction);
    const row = this.rows.get(key);
    if (!row) {
      this.rows.set(key, { interaction, hash, writes: 1 });
      this.created++;
      return 'created';
    }
    if (row.hash === hash) {
      this.unchanged++;
      return 'unchanged';
    }
    this.rows.set(key, { interaction, hash, writes: row.writes + 1 });
    this.updated++;
    return 'updated';
  }

  values(): Interaction[] {
    return [...this.rows.values()].map((r) => r.interaction);
  }
}

export class MemoryPushReceipts implements PushReceipts {
  readonly records = new Map<string, PushReceipt>();
  async get(key: string): Promise<PushReceipt | undefined> {
    const r = this.records.get(key);
    return r ? { ...r } : undefined;
  }
  async put(receipt: PushReceipt): Promise<void> {
    this.records.set(receipt.key, { ...receipt });
  }
}

/** Quarantine kept in memory, keyed like the real one: (tenant, platform, kind, ref). */
export class MemoryQuarantine implements QuarantineSink {
  readonly entries = new Map<string, QuarantineEntry>();
  async add(e: QuarantineEntry): Promise<void> {
    this.entries.set(`${e.tenantId}|${e.platform}|${e.kind}|${e.ref}`, { ...e });
  }
  values(): QuarantineEntry[] {
    return [...this.entries.values()];
  }
}
