import { MemoryInteractions, type Interaction, type RecordingRef } from '@teachback/core';
import type {
  PipelineJob,
  PipelineScheduler,
  RecordingLedger,
  RecordingLedgerEntry,
  RecordingSink,
  TranscriptionQueue,
  TranscriptionRequest,
} from './ports';

/*
 * In-memory versions of the Five9-only ports, for tests. The sync ports' in-memory versions
 * (checkpoints, interactions, quarantine) are core's; the recordings' sink extends core's.
 */

export class MemoryInteractionSink extends MemoryInteractions implements RecordingSink {
  async findBySourceId(tenantId: string, _platform: 'five9', id: string): Promise<Interaction | undefined> {
    const direct = this.rows.get(MemoryInteractions.key(tenantId, 'five9', id));
    if (direct) return direct.interaction;
    return this.values().find((i) => i.tenantId === tenantId && i.source.aliases?.includes(id));
  }

  async attachRecording(interactionId: string, recording: RecordingRef): Promise<void> {
    const row = [...this.rows.values()].find((r) => r.interaction.id === interactionId);
    if (!row) throw new Error(`no interaction ${interactionId}`);
    // Recordings are not content (the report's hash leaves them out): the row's hash stays.
    if (!row.interaction.recordings.some((r) => r.id === recording.id))
      row.interaction = { ...row.interaction, recordings: [...row.interaction.recordings, recording] };
  }

  all(): Interaction[] {
    return this.values();
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

export class MemoryTranscription implements TranscriptionQueue {
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
