import type { SimCall } from './call-log';

/**
 * Renders calls the way Five9 report CSVs look: English upper-case headers, Pacific wall-clock
 * TIMESTAMP (`Sat, 31 Oct 2026 00:00:00`), durations as H:MM:SS, RFC 4180 quoting.
 */
export const STOCK_CALL_LOG_COLUMNS = [
  'CALL ID',
  'TIMESTAMP',
  'CAMPAIGN',
  'CALL TYPE',
  'AGENT',
  'AGENT NAME',
  'DISPOSITION',
  'ANI',
  'CUSTOMER NAME',
  'DNIS',
  'CALL TIME',
  'BILL TIME (ROUNDED)',
  'COST',
  'IVR TIME',
  'QUEUE WAIT TIME',
  'RING TIME',
  'TALK TIME',
  'HOLD TIME',
  'PARK TIME',
  'AFTER CALL WORK TIME',
  'TRANSFERS',
  'CONFERENCES',
  'HOLDS',
  'ABANDONED',
  'RECORDINGS',
] as const;

/** The customer's custom report: the stock columns plus what the stock one lacks. */
export const CUSTOM_CALL_LOG_COLUMNS = [
  'CALL ID',
  'SESSION ID',
  'TIMESTAMP',
  'MEDIA TYPE',
  'CAMPAIGN',
  'SKILL',
  'CALL TYPE',
  'AGENT',
  'AGENT NAME',
  'DISPOSITION',
  'ANI',
  'DNIS',
  'CUSTOMER NAME',
  'TALK TIME',
  'HOLD TIME',
  'HANDLE TIME',
  'RECORDINGS',
  'NOTES',
  'QUEUE WAIT TIME',
  'AFTER CALL WORK TIME',
  'TRANSFERS',
  'HOLDS',
  'ABANDONED',
  // Call variables the post-call IVR survey sets, added to the custom report as columns.
  'SURVEY.CSAT',
  'SURVEY.NPS',
] as const;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pacificParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  weekday: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function pacificWallClock(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pacificParts.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = p.value;
  return out;
}

export function pacificTimestamp(ms: number): string {
  const p = pacificWallClock(ms);
  const dow = DAYS.indexOf(p['weekday']!) >= 0 ? p['weekday'] : 'Sun';
  return `${dow}, ${p['day']!.padStart(2, '0')} ${MONTHS[Number(p['month']) - 1]} ${p['year']} ${p['hour']}:${p['minute']}:${p['second']}`;
}

export function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function recordingsText(c: SimCall): string {
  if (!c.recorded) return '';
  const p = pacificWallClock(c.startedAtMs);
  return `${p['hour']}:${p['minute']}:${p['second']}(${hms(c.talkSeconds).replace(/^0:/, '')})`;
}

export function callToStockRow(c: SimCall): Record<string, string> {
  const total = c.queueSeconds + c.talkSeconds + c.holdSeconds;
  return {
    'CALL ID': c.callId,
    TIMESTAMP: pacificTimestamp(c.startedAtMs),
    CAMPAIGN: c.campaign,
    'CALL TYPE': c.callType,
    AGENT: c.agent,
    'AGENT NAME': c.agentName,
    DISPOSITION: c.disposition,
    ANI: c.ani,
    'CUSTOMER NAME': c.customerName,
    DNIS: c.dnis,
    'CALL TIME': hms(total),
    'BILL TIME (ROUNDED)': hms(Math.ceil(total / 60) * 60),
    COST: '0.00',
    'IVR TIME': '0:00:00',
    'QUEUE WAIT TIME': hms(c.queueSeconds),
    'RING TIME': '0:00:04',
    'TALK TIME': hms(c.talkSeconds),
    'HOLD TIME': hms(c.holdSeconds),
    'PARK TIME': '0:00:00',
    'AFTER CALL WORK TIME': hms(c.afterCallWorkSeconds),
    TRANSFERS: String(c.transfers ?? 0),
    CONFERENCES: '0',
    HOLDS: c.holdSeconds > 0 ? '1' : '0',
    ABANDONED: c.abandoned ? '1' : '0',
    RECORDINGS: recordingsText(c),
  };
}

export function callToCustomRow(c: SimCall): Record<string, string> {
  return {
    ...callToStockRow(c),
    'SESSION ID': c.sessionId,
    'MEDIA TYPE': c.mediaType,
    SKILL: c.skill,
    'HANDLE TIME': hms(c.talkSeconds + c.holdSeconds + c.afterCallWorkSeconds),
    NOTES: c.notes,
    'SURVEY.CSAT': c.survey ? String(c.survey.csat) : '',
    'SURVEY.NPS': c.survey ? String(c.survey.nps) : '',
  };
}

export function renderCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((col) => csvField(r[col] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}
