import type { Platform } from '../model';

/**
 * A record a platform returned that Teachback could not take in. It is kept (never skipped) with
 * its reason, so nothing is lost silently: a checkpoint never moves past a record that was neither
 * stored nor quarantined, and a sync that quarantined anything says so and exits non-zero.
 */
export interface QuarantineEntry {
  tenantId: string;
  platform: Exclude<Platform, 'teachback'>;
  /** What kind of record: `report-row`, `recording-file`, `web-connector-event`, `conversation`, `Task`, `VoiceCall`, ... */
  kind: string;
  /** Where it came from, without PHI: the platform's record id, a report line number, a file name hash. */
  ref: string;
  /** Why it could not be taken in: names the field and the rule, never echoes the value. */
  reason: string;
  /** ISO time it was quarantined. */
  at: string;
}

export interface QuarantineSink {
  /** Adding the same (tenant, platform, kind, ref) again replaces its reason and time. */
  add(entry: QuarantineEntry): Promise<void>;
}

/** Formats the one-line summary a sync prints when it quarantined anything. */
export function quarantineSummary(platform: string, count: number): string {
  return `${platform}: ${count} record${count === 1 ? '' : 's'} quarantined (see \`teachback sync --quarantine\`)`;
}
