import { createHash } from 'node:crypto';
import type { Interaction, RecordingRef } from '@teachback/core';
import type {
  CheckpointStore,
  InteractionSink,
  PipelineJob,
  PipelineScheduler,
  QuarantineEntry,
  QuarantineSink,
  RecordingLedger,
  RecordingLedgerEntry,
  TranscriptionPort,
  TranscriptionRequest,
  UpsertResult,
} from './ports';

/** In-memory ports for tests and the demo. Same semantics as the real store's. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly values = new Map<string, unknown>();
  saves = 0;
  async load(key: string): Promise<unknown> {
    return structuredClone(this.values.get(key));
  }
  async save(key: string, value: unknown): Promise<void> {
    this.saves++;
    this.values.set(key, structuredClone(value));
  }
}

function contentHash(i: Interaction): string {
  const { recordings: _recordings, ...rest } = i;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export class MemoryInteractionSink implements InteractionSink {
  readonly byKey = new Map<string, { interaction: Interaction; hash: string }>();
  writes = 0;
  /** Set to make the next upsert fail (crash-between-write-and-checkpoint tests). */
  failNextUpsert: Error | undefined;

  private key(tenantId: string | undefined, externalId: string): string {
    return `${tenantId ?? ''}|five9|${externalId}`;
  }

  async upsert(interactions: readonly Interaction[]): Promise<UpsertResult> {
    if (this.failNextUpsert) {
      const err = this.failNextUpsert;
      this.failNextUpsert = undefined;
      throw err;
    }
    const out: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    for (const i of interactions) {
      const key = this.key(i.tenantId, i.source.externalId);
      const hash = contentHash(i);
      const existing = this.byKey.get(key);
      if (!existing) out.inserted++;
      else if (existing.hash === hash) {
        out.unchanged++;
        continue;
      } else out.updated++;
      this.writes++;
      this.byKey.set(key, {
        interaction: { ...i, recordings: existing?.interaction.recordings ?? i.recordings },
        hash,
      });
    }
    return out;
  }

  async findBySourceId(tenantId: string, _platform: 'five9', id: string): Promise<Interaction | undefined> {
    const direct = this.byKey.get(this.key(tenantId, id));
    if (direct) return direct.interaction;
    for (const { interaction } of this.byKey.values()) {
      if (interaction.tenantId === tenantId && interaction.source.aliases?.includes(id)) return interaction;
    }
    return undefined;
  }

  async attachRecording(interactionId: string, recording: RecordingRef): Promise<void> {
    for (const entry of this.byKey.values()) {
      if (entry.interaction.id !== interactionId) continue;
      if (!entry.interaction.recordings.some((r) => r.id === recording.id))
        entry.interaction.recordings.push(recording);
      return;
    }
    throw new Error(`no interaction ${interactionId}`);
  }

  all(): Interaction[] {
    return [...this.byKey.values()].map((e) => e.interaction);
  }
}

export class MemoryQuarantine implements QuarantineSink {
  readonly entries: QuarantineEntry[] = [];
  async add(entry: QuarantineEntry): Promise<void> {
    this.entries.push(entry);
  }
}

export class MemoryRecordingLedger implements RecordingLedger {
  readonly entries = new Map<string, RecordingLedgerEntry>();
  async has(tenantId: string, fileName: string): Promise<boolean> {
    return this.entries.has(`${tenantId}|${fileName}`);
  }
  async record(tenantId: string, entry: RecordingLedgerEntry): Promise<void> {
    this.entries.set(`${tenantId}|${entry.fileName}`, entry);
  }
}

export class MemoryTranscription implements TranscriptionPort {
  readonly requests: TranscriptionRequest[] = [];
  async submit(request: TranscriptionRequest): Promise<void> {
    this.requests.push(request);
  }
}

export class MemoryScheduler implements PipelineScheduler {
  readonly jobs = new Map<string, PipelineJob>();
  async schedule(job: PipelineJob): Promise<boolean> {
    if (this.jobs.has(job.key)) return false;
    this.jobs.set(job.key, job);
    return true;
  }
}
