import type { MetricGroupBy, MetricPeriod, MetricSums } from '../metrics/contact-center';
import type { AccessContext } from './records';

export interface MetricsQuery {
  /** Inclusive start, ISO-8601. */
  from: string;
  /** Exclusive end, ISO-8601. */
  to: string;
  by: MetricGroupBy;
  period: MetricPeriod;
  fcrWindowDays?: number;
  funnelStages?: readonly string[];
  dispositionStages?: Readonly<Record<string, string>>;
  /** The moment FCR windows are judged against (default: the store's clock). */
  asOf?: string;
}

export interface MetricSumsRow {
  key: string | null;
  period: string;
  sums: MetricSums;
}

/**
 * Contact-center metrics aggregated in the database: one row of additive counts per (group,
 * period); core's `finishMetrics` turns them into rates. Aggregates only (no PHI); reading them
 * is the `metrics` resource.
 */
export interface MetricsStore {
  sums(ctx: AccessContext, tenantId: string, q: MetricsQuery): Promise<MetricSumsRow[]>;
  /**
   * Rebuilds every day rollup a write has made stale, so the next read does not pay for it (a
   * worker or cron runs it; reads rebuild what is still stale themselves). Returns how many.
   */
  refresh(ctx: AccessContext, tenantId: string): Promise<{ rebuilt: number }>;
}
