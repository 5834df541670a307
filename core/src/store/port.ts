import type { PlaybookCatalog } from '../playbook/catalog';
import type { AuditStore } from './audit';
import type { CoachingStore } from './coaching';
import type { InteractionStore } from './interactions';
import type { FollowUpStore } from './follow-ups';
import type { KeyStore } from './keys';
import type { LiveStore } from './live';
import type { MiningStore } from './mining';
import type { MetricsStore } from './metrics';
import type { MigrationReport } from './records';
import type { OversightStore } from './oversight';
import type { RetentionStore } from './retention';
import type { ReviewStore } from './reviews';
import type { ScorecardStore } from './scorecards';
import type { SurveyStore } from './surveys';
import type { SyncStateStore } from './sync-state';
import type { TenantStore } from './tenants';
import type { TimelineStore } from './timeline';

/**
 * The persistence port, one role per property; code that needs one role takes that role's type.
 * Every method that touches PHI takes an AccessContext, checks the access policy, and writes the
 * audit event in the same transaction as the data it covers. Reads of another tenant's data fail
 * with `STORE.NOT_FOUND`, exactly as a missing record does; a denied request fails with
 * `ACCESS.DENIED` and is audited.
 */
export interface Store {
  readonly tenants: TenantStore;
  readonly interactions: InteractionStore;
  readonly scorecards: ScorecardStore;
  readonly coaching: CoachingStore;
  readonly timeline: TimelineStore;
  readonly sync: SyncStateStore;
  readonly audit: AuditStore;
  readonly retention: RetentionStore;
  readonly keys: KeyStore;
  /** Escalation queue and reviews, audit search and anomalies, API keys, connection checks. */
  readonly oversight: OversightStore;
  /** Call search, disputes, calibration, saved views and dashboards for the web app. */
  readonly reviews: ReviewStore;
  /** Per tenant, versioned playbooks; scoring asks it for the version in force. */
  readonly playbooks: PlaybookCatalog;
  /** Live guidance: utterances as they arrive, prompts shown, outcomes, supervisor actions. */
  readonly live: LiveStore;
  /** Mined suggestions, the new-hire library and monthly reviews (core/src/mining). */
  readonly mining: MiningStore;
  /** Contact-center metrics aggregated in SQL (metrics), survey answers + links, promised follow-ups. */
  readonly metrics: MetricsStore;
  readonly surveys: SurveyStore;
  readonly followUps: FollowUpStore;
  migrate(): Promise<MigrationReport>;
  close(): Promise<void>;
}
