// Formatting shared by every page: times, durations, scores.

export function clock(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : String(Math.round(v));
}

export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${Math.round(v * 100)} %`;
}

export function compliance(v: boolean | null | undefined): string {
  return v === null || v === undefined ? 'Not scored' : v ? 'Compliant' : 'Not compliant';
}
