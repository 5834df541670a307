import type { Role } from '../access/roles';

/*
 * The access-anomaly report: who reads far more patient records than their peers, who reads in
 * bulk outside working hours, and who reads patients they have no call with. Pure: the store
 * hands in aggregated reads (per reader, patient and UTC hour), never the audit rows themselves.
 */

/** Reads of one patient by one reader within one UTC hour (`2026-11-20T14`). */
export interface PatientReadBucket {
  actorId: string;
  contactId: string;
  hour: string;
  count: number;
}

export interface ReaderFacts {
  roles: readonly Role[];
  agentIds: readonly string[];
  teamIds: readonly string[];
  displayName?: string;
}

/** The agents and team of one of a patient's interactions. */
export interface PatientInteractionOwner {
  agentIds: readonly string[];
  teamId: string | null;
}

export interface AnomalyOptions {
  /** Working hours in the tenant's local time, [start, end). Default 7 to 19. */
  businessHours?: { start: number; end: number };
  /** The tenant's offset from UTC in minutes (e.g. -300 for US Eastern standard time). */
  tzOffsetMinutes?: number;
  /** Saturdays and Sundays count as off-hours (default true). */
  weekendsOff?: boolean;
  /** Distinct patients read off-hours on one local day that make a bulk read (default 20). */
  bulkThreshold?: number;
  /** Robust z-score above which a reader's patient count is an outlier (default 3.5, Iglewicz-Hoaglin). */
  zThreshold?: number;
}

export type AnomalyFlag = 'volume' | 'off-hours-bulk' | 'unassigned-patients';

export interface ReaderAnomalies {
  actorId: string;
  displayName: string | null;
  roles: Role[];
  /** Distinct patients read in the window. */
  patients: number;
  reads: number;
  /** Robust z-score of `patients` against every reader of the tenant; null with fewer than 3 readers. */
  z: number | null;
  offHours: { reads: number; patients: number; bulkDays: Array<{ date: string; patients: number }> };
  /** Patients read with no interaction handled by this reader or their team. */
  unassignedPatients: number;
  /** Compliance officers and system jobs read across the tenant by design; they are listed, not flagged, for unassigned reads. */
  broadAccessByRole: boolean;
  flags: AnomalyFlag[];
}

export interface AccessAnomalyReport {
  readers: ReaderAnomalies[];
  /** Median and MAD of distinct patients per reader: the peer baseline. */
  baseline: { readers: number; median: number; mad: number };
  options: Required<AnomalyOptions>;
}

const DEFAULTS: Required<AnomalyOptions> = {
  businessHours: { start: 7, end: 19 },
  tzOffsetMinutes: 0,
  weekendsOff: true,
  bulkThreshold: 20,
  zThreshold: 3.5,
};

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Modified z-scores (Iglewicz and Hoaglin): 0.6745 (x - median) / MAD. A median and MAD do not
 * move when one reader reads ten thousand records, which is exactly the reader to catch; a mean
 * and standard deviation would be dragged toward them. When more than half the readers share one
 * value the MAD is 0; the mean absolute deviation (scaled to match) stands in, as is usual.
 */
export function robustZScores(xs: readonly number[]): { z: number[]; median: number; mad: number } {
  const med = median(xs);
  const dev = xs.map((x) => Math.abs(x - med));
  const mad = median(dev);
  if (mad > 0) return { z: xs.map((x) => (0.6745 * (x - med)) / mad), median: med, mad };
  const meanAd = dev.reduce((a, b) => a + b, 0) / (xs.length || 1);
  if (meanAd > 0) return { z: xs.map((x) => (x - med) / (1.2533 * meanAd)), median: med, mad };
  return { z: xs.map(() => 0), median: med, mad };
}

function localTime(hour: string, offsetMinutes: number): Date {
  return new Date(Date.parse(`${hour}:00:00.000Z`) + offsetMinutes * 60_000);
}

export function accessAnomalies(
  reads: readonly PatientReadBucket[],
  readers: ReadonlyMap<string, ReaderFacts>,
  owners: ReadonlyMap<string, readonly PatientInteractionOwner[]>,
  options: AnomalyOptions = {},
): AccessAnomalyReport {
  const o: Required<AnomalyOptions> = { ...DEFAULTS, ...options };
  const byActor = new Map<string, PatientReadBucket[]>();
  for (const r of reads) {
    const list = byActor.get(r.actorId) ?? [];
    list.push(r);
    byActor.set(r.actorId, list);
  }
  const actorIds = [...byActor.keys()].sort();
  const patientCounts = actorIds.map((a) => new Set(byActor.get(a)!.map((r) => r.contactId)).size);
  const scored = actorIds.length >= 3 ? robustZScores(patientCounts) : null;
  const out: ReaderAnomalies[] = actorIds.map((actorId, i) => {
    const rows = byActor.get(actorId)!;
    const facts = readers.get(actorId);
    const roles = [...(facts?.roles ?? [])];
    const broad = actorId.startsWith('system:') || roles.includes('compliance');
    const offDays = new Map<string, Set<string>>();
    let offReads = 0;
    const offPatients = new Set<string>();
    for (const r of rows) {
      const t = localTime(r.hour, o.tzOffsetMinutes);
      const h = t.getUTCHours();
      const weekend = t.getUTCDay() === 0 || t.getUTCDay() === 6;
      if (h >= o.businessHours.start && h < o.businessHours.end && !(o.weekendsOff && weekend)) continue;
      offReads += r.count;
      offPatients.add(r.contactId);
      const day = t.toISOString().slice(0, 10);
      const set = offDays.get(day) ?? new Set<string>();
      set.add(r.contactId);
      offDays.set(day, set);
    }
    const bulkDays = [...offDays.entries()]
      .filter(([, s]) => s.size >= o.bulkThreshold)
      .map(([date, s]) => ({ date, patients: s.size }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const patients = new Set(rows.map((r) => r.contactId));
    let unassigned = 0;
    for (const c of patients) {
      const mine = (owners.get(c) ?? []).some(
        (ow) =>
          ow.agentIds.some((a) => facts?.agentIds.includes(a)) ||
          (ow.teamId !== null && (facts?.teamIds.includes(ow.teamId) ?? false)),
      );
      if (!mine) unassigned++;
    }
    const z = scored ? Math.round(scored.z[i]! * 100) / 100 : null;
    const flags: AnomalyFlag[] = [];
    if (z !== null && z > o.zThreshold) flags.push('volume');
    if (bulkDays.length > 0) flags.push('off-hours-bulk');
    if (unassigned > 0 && !broad) flags.push('unassigned-patients');
    return {
      actorId,
      displayName: facts?.displayName ?? null,
      roles,
      patients: patients.size,
      reads: rows.reduce((a, r) => a + r.count, 0),
      z,
      offHours: { reads: offReads, patients: offPatients.size, bulkDays },
      unassignedPatients: unassigned,
      broadAccessByRole: broad,
      flags,
    };
  });
  // Flagged readers first, then by how far above their peers they read.
  out.sort((a, b) => b.flags.length - a.flags.length || (b.z ?? 0) - (a.z ?? 0) || b.patients - a.patients);
  return {
    readers: out,
    baseline: {
      readers: actorIds.length,
      median: scored?.median ?? median(patientCounts),
      mad: scored?.mad ?? 0,
    },
    options: o,
  };
}
