import type { Interaction, QuarantineEntry, QuarantineSink } from '@teachback/core';
import type {
  CheckpointStore,
  CredentialVault,
  GenesysCredentialsRecord,
  GenesysInstallation,
  InstallationStore,
  InteractionSink,
  OutboxStore,
  PipelineJob,
  PipelineScheduler,
  PushRecord,
  ReplayGuard,
  UpsertOutcome,
} from './ports';

/** In-memory ports for tests and the demo. Not durable; the real Store replaces them. */
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

export class MemoryInteractions implements InteractionSink {
  readonly rows = new Map<string, { interaction: Interaction; hash: string; writes: number }>();
  created = 0;
  updated = 0;
  unchanged = 0;
  async upsert(tenantId: string, interaction: Interaction, hash: string): Promise<UpsertOutcome> {
    const key = `${tenantId}|${interaction.source.platform}|${interaction.source.externalId}`;
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
}

export class MemoryOutbox implements OutboxStore {
  readonly records = new Map<string, PushRecord>();
  async get(key: string): Promise<PushRecord | undefined> {
    const r = this.records.get(key);
    return r ? { ...r } : undefined;
  }
  async put(record: PushRecord): Promise<void> {
    this.records.set(record.key, { ...record });
  }
}

/** Stands in for the encrypted vault. Keeps secrets out of enumerable output. */
export class MemoryVault implements CredentialVault {
  private readonly secrets = new Map<string, GenesysCredentialsRecord>();
  async put(tenantId: string, platform: 'genesys', secret: GenesysCredentialsRecord): Promise<void> {
    this.secrets.set(`${tenantId}|${platform}`, { ...secret });
  }
  async get(tenantId: string, platform: 'genesys'): Promise<GenesysCredentialsRecord | undefined> {
    const s = this.secrets.get(`${tenantId}|${platform}`);
    return s ? { ...s } : undefined;
  }
  get size(): number {
    return this.secrets.size;
  }
}

export class MemoryInstallations implements InstallationStore {
  readonly rows = new Map<string, GenesysInstallation>();
  async get(tenantId: string): Promise<GenesysInstallation | undefined> {
    return this.rows.get(tenantId);
  }
  async put(i: GenesysInstallation): Promise<void> {
    this.rows.set(i.tenantId, i);
  }
}

export class MemoryScheduler implements PipelineScheduler {
  readonly jobs = new Map<string, PipelineJob>();
  async schedule(job: PipelineJob): Promise<'scheduled' | 'duplicate'> {
    if (this.jobs.has(job.key)) return 'duplicate';
    this.jobs.set(job.key, job);
    return 'scheduled';
  }
}

export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}
  async remember(id: string, expiresAtMs: number): Promise<boolean> {
    const t = this.now();
    for (const [k, exp] of this.seen) if (exp < t) this.seen.delete(k);
    if (this.seen.has(id)) return false;
    this.seen.set(id, expiresAtMs);
    return true;
  }
}

/** Quarantine kept in memory, keyed like the real one: (tenant, platform, kind, ref). */
export class MemoryQuarantine implements QuarantineSink {
  readonly entries = new Map<string, QuarantineEntry>();
  async add(e: QuarantineEntry): Promise<void> {
    this.entries.set(`${e.tenantId}|${e.platform}|${e.kind}|${e.ref}`, { ...e });
  }
}
