// Drill-down from a dashboard point to the calls behind it: the filter is handed over in memory,
// never in the URL (a filter is one edit away from holding patient data).
import type { CallFilter } from './types';

let pending: { filter: CallFilter; label: string } | null = null;

export function drillTo(filter: CallFilter, label: string): void {
  pending = { filter, label };
}

export function takeDrill(): { filter: CallFilter; label: string } | null {
  const p = pending;
  pending = null;
  return p;
}
