import type { Interaction, QuarantineEntry, QuarantineSink } from '@teachback/core';
import type {
  CallLogIndex,
  CheckpointStore,
  DirectorySink,
  InteractionSink,
  OutboxStore,
  PushRecord,
  SalesforceCase,
  SalesforcePerson,
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

class HashedRows<T> {
  readonly rows = new Map<string, { value: T; hash: string; writes: number }>();
  created = 0;
  updated = 0;
  unchanged = 0;
  put(key: string, value: T, hash: string): UpsertOutcome {
    const row = this.rows.get(key);
    if (!row) {
      this.rows.set(key, { value, hash, writes: 1 });
      this.created++;
      return 'created';
    }
    if (row.hash === hash) {
      this.unchanged++;
      return 'unchanged';
    }
    this.rows.set(key, { value, hash, writes: row.writes + 1 });
    this.updated++;
    return 'updated';
  }
  values(): T[] {
    return [...this.rows.values()].map((r) => r.value);
  }
}

export class MemoryInteractions extends HashedRows<Interaction> implements InteractionSink {
  async upsert(tenantId: string, interaction: Interaction, hash: string): Promise<UpsertOutcome> {
    return this.put(
      `${tenantId}|${interaction.source.platform}|${interaction.source.externalId}`,
      interaction,
      hash,
    );
  }
}

export class MemoryDirectory implements DirectorySink {
  readonly people = new HashedRows<SalesforcePerson>();
  readonly cases = new HashedRows<SalesforceCase>();
  async upsertPerson(tenantId: string, person: SalesforcePerson, hash: string): Promise<UpsertOutcome> {
    return this.people.put(`${tenantId}|${person.contactId}`, person, hash);
  }
  async upsertCase(tenantId: string, record: SalesforceCase, hash: string): Promise<UpsertOutcome> {
    return this.cases.put(`${tenantId}|${record.id}`, record, hash);
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

export class MemoryQuarantine implements QuarantineSink {
  readonly entries = new Map<string, QuarantineEntry>();
  async add(e: QuarantineEntry): Promise<void> {
    this.entries.set(`${e.tenantId}|${e.platform}|${e.kind}|${e.ref}`, { ...e });
  }
  values(): QuarantineEntry[] {
    return [...this.entries.values()];
  }
}

export class MemoryCallLogs implements CallLogIndex {
  readonly owners = new Map<string, string>();
  async put(tenantId: string, taskId: string, voiceCallId: string): Promise<void> {
    this.owners.set(`${tenantId}|${taskId}`, voiceCallId);
  }
  async get(tenantId: string, taskId: string): Promise<string | undefined> {
    return this.owners.get(`${tenantId}|${taskId}`);
  }
}
