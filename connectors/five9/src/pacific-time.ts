import { ConnectorError } from '@teachback/connector-kit';

/**
 * Five9 reports speak Pacific time. These conversions use Intl's America/Los_Angeles rules, so
 * DST is handled by the platform's tz database rather than by hand-written offsets.
 *
 * Local → UTC has two awkward cases:
 * - spring-forward gap (02:00–02:59 does not exist): read as the same wall-clock time in the
 *   offset before the change, i.e. shifted forward an hour ("compatible" in Temporal terms);
 * - fall-back overlap (01:00–01:59 happens twice): `earlier` (PDT, default) or `later` (PST).
 */
export const PACIFIC = 'America/Los_Angeles';

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

function wallClockOf(epochMs: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts['year']!,
    month: parts['month']!,
    day: parts['day']!,
    hour: parts['hour']!,
    minute: parts['minute']!,
    second: parts['second']!,
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  };
}

function asUtcMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond ?? 0);
}

/** Pacific offset from UTC in minutes at an instant (-480 for PST, -420 for PDT). */
export function pacificOffsetMinutes(epochMs: number): number {
  const w = wallClockOf(epochMs);
  return Math.round((asUtcMs(w) - epochMs) / 60_000);
}

export type Disambiguation = 'earlier' | 'later';

export interface LocalResolution {
  epochMs: number;
  /** The wall-clock time fell in the fall-back hour that happens twice. */
  ambiguous: boolean;
  /** The wall-clock time fell in the spring-forward hour that does not exist. */
  nonexistent: boolean;
}

export function pacificToUtc(w: WallClock, disambiguation: Disambiguation = 'earlier'): LocalResolution {
  const naive = asUtcMs(w);
  // Both candidate offsets around this date: the real instant uses one of them.
  const candidates = [...new Set([-420, -480].map((o) => naive - o * 60_000))].filter(
    (t) => asUtcMs(wallClockOf(t)) === naive,
  );
  candidates.sort((a, b) => a - b);
  if (candidates.length === 0) {
    // In the gap: interpret with the offset in force just before it (PST), landing an hour later.
    return { epochMs: naive + 480 * 60_000, ambiguous: false, nonexistent: true };
  }
  const pick = disambiguation === 'later' ? candidates[candidates.length - 1]! : candidates[0]!;
  return { epochMs: pick, ambiguous: candidates.length > 1, nonexistent: false };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** xs:dateTime for an instant, written in Pacific wall-clock time with its offset. */
export function toPacificDateTime(epochMs: number): string {
  const w = wallClockOf(epochMs);
  const offset = pacificOffsetMinutes(epochMs);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.` +
    `${pad(w.millisecond ?? 0, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Parses the timestamp formats Five9 reports use: `Thu, 11 Jan 2026 10:35:54`,
 * `2026/01/11 10:35:54`, `2026-01-11 10:35:54` and `01/11/2026 10:35:54` (US order).
 * Returns undefined when the text is not one of them.
 */
export function parseReportTimestamp(text: string): WallClock | undefined {
  const t = text.trim();
  let m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    if (month === 0) return undefined;
    return valid({ year: +m[3]!, month, day: +m[1]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! });
  }
  m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(t);
  if (m) {
    return valid({
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: +m[4]!,
      minute: +m[5]!,
      second: +m[6]!,
      millisecond: m[7] ? Number(m[7].padEnd(3, '0')) : 0,
    });
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (m)
    return valid({ year: +m[3]!, month: +m[1]!, day: +m[2]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! });
  return undefined;
}

function valid(w: WallClock): WallClock | undefined {
  if (w.month < 1 || w.month > 12 || w.hour > 23 || w.minute > 59 || w.second > 59) return undefined;
  const probe = new Date(Date.UTC(w.year, w.month - 1, w.day));
  if (probe.getUTCDate() !== w.day) return undefined;
  return w;
}

/** [start, end) of the Pacific calendar day holding an instant (23 or 25 hours on DST days). */
export function pacificDayBounds(epochMs: number): [number, number] {
  const w = wallClockOf(epochMs);
  const start = pacificToUtc({
    year: w.year,
    month: w.month,
    day: w.day,
    hour: 0,
    minute: 0,
    second: 0,
  }).epochMs;
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  const end = pacificToUtc({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
  }).epochMs;
  return [start, end];
}

/** Splits [startMs, endMs) into consecutive chunks of at most `maxSpanMs`. */
export function splitRange(startMs: number, endMs: number, maxSpanMs: number): [number, number][] {
  if (!(maxSpanMs > 0)) throw new ConnectorError('FIVE9.CONFIG_INVALID', 'report chunk span: must be > 0');
  if (!(endMs > startMs)) return [];
  const out: [number, number][] = [];
  for (let s = startMs; s < endMs; s += maxSpanMs) out.push([s, Math.min(endMs, s + maxSpanMs)]);
  return out;
}
