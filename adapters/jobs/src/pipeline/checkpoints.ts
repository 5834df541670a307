import type { CheckpointStore, Job, Store } from '@teachback/core';
import { JobYield, type JobContext } from '../runner';
import type { SyncedPlatform } from './plan';

/** The store's checkpoints as the sync's port; after each save a long job may hand back its worker. */
export class StoreCheckpoints implements CheckpointStore {
  constructor(
    private readonly store: Store,
    private readonly platform: SyncedPlatform,
    private readonly job: Job,
    private readonly ctx: JobContext,
    private readonly yieldsAfterSave: boolean,
  ) {}

  /** Backfill chunks run side by side, so each keeps its own checkpoint. */
  private stream(stream: string): string {
    return this.job.payload['chunk'] === true ? `${stream}@${this.job.externalId}` : stream;
  }

  async load(tenantId: string, stream: string): Promise<unknown> {
    return (await this.store.sync.readCheckpoint(tenantId, this.platform, this.stream(stream)))?.value;
  }

  async save(tenantId: string, stream: string, value: unknown): Promise<void> {
    await this.store.sync.writeCheckpoint(tenantId, this.platform, this.stream(stream), value);
    if (!this.yieldsAfterSave) return;
    // Saved first: the next run resumes after this page. A finished backfill never yields.
    const done = typeof value === 'object' && value !== null && 'done' in value && value.done === true;
    if (!done && this.ctx.shouldYield()) throw new JobYield();
  }
}
