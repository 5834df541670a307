import type { TeachbackError } from '../errors';
import type { Platform } from '../model';
import type {
  AccessContext,
  InteractionDetail,
  InteractionFilter,
  InteractionRecord,
  InteractionSaveOptions,
  InteractionSummary,
  Page,
  PageRequest,
  RecordingRef,
  SaveResult,
} from './records';

/** Calls, chats, emails and texts with what was scored and detected on them. */
export interface InteractionStore {
  /** Upsert on (tenant, platform, externalId) with a content hash; one transaction. */
  save(
    ctx: AccessContext,
    tenantId: string,
    record: InteractionRecord,
    options?: InteractionSaveOptions,
  ): Promise<SaveResult>;
  /** Many records in one transaction, each atomic on its own; a failed record is reported, not thrown. */
  saveMany(
    ctx: AccessContext,
    tenantId: string,
    records: readonly InteractionRecord[],
  ): Promise<Array<SaveResult | { error: TeachbackError }>>;
  list(
    ctx: AccessContext,
    tenantId: string,
    filter?: InteractionFilter,
    page?: PageRequest,
  ): Promise<Page<InteractionSummary>>;
  get(ctx: AccessContext, tenantId: string, id: string): Promise<InteractionDetail>;
  findBySource(
    ctx: AccessContext,
    tenantId: string,
    platform: Platform,
    externalId: string,
  ): Promise<InteractionSummary | null>;
  /** One recording with its URI (the list in `get` leaves URIs out for who may not play them). */
  readRecording(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    recordingId: string,
  ): Promise<RecordingRef>;
}
