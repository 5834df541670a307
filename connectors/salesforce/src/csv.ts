/**
 * RFC 4180 CSV → records keyed by the header row. Bulk API 2.0 results are CSV; parsing them
 * ourselves (instead of jsforce's record stream) keeps large backfills fast and avoids its
 * multi-page header-row bug.
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      const next = text.indexOf('"', i);
      const end = next === -1 ? n : next;
      cell += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === 34) {
      quoted = true;
      i++;
    } else if (ch === 44) {
      row.push(cell);
      cell = '';
      i++;
    } else if (ch === 10 || ch === 13) {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13 || c === 34) break;
        end++;
      }
      cell += text.slice(i, end);
      i = end;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const [head, ...body] = rows;
  if (!head) return [];
  const out: Record<string, string>[] = [];
  for (const r of body) {
    if (r.length === 1 && r[0] === '') continue;
    const rec: Record<string, string> = {};
    for (let c = 0; c < head.length; c++) rec[head[c]!] = r[c] ?? '';
    out.push(rec);
  }
  return out;
}

/**
 * Records → CSV for Bulk API 2.0 uploads. `null` becomes `#N/A` (set the field to null);
 * `undefined` becomes an empty cell (leave the field as it is).
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown): string => {
    if (v === undefined) return '';
    if (v === null) return '#N/A';
    const s = typeof v === 'string' ? v : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return lines.join('\n') + '\n';
}
