import type { AccessContext, PurgeReport, RetentionSettings, Tenant } from './records';

/** How long PHI is kept, what is held back from deletion, and the purge itself. */
export interface RetentionStore {
  /** Retention days and the tenant-wide legal hold. */
  configure(ctx: AccessContext, tenantId: string, settings: RetentionSettings): Promise<Tenant>;
  /** Legal hold on one interaction (`hold: false` releases it). */
  setHold(ctx: AccessContext, tenantId: string, interactionId: string, hold: boolean): Promise<void>;
  /** The retention job; only a `system` actor may run it. */
  purge(ctx: AccessContext, tenantId: string, now?: Date): Promise<PurgeReport>;
}
