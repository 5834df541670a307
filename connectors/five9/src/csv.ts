/**
 * RFC 4180 CSV as Five9's getReportResultCsv writes it: comma-separated, fields optionally quoted,
 * `""` for a quote inside a quoted field, and CR/LF/CRLF line ends, including inside quoted
 * fields (notes and email subjects carry newlines). Parsing never throws for one bad row: rows that
 * cannot be read are returned as problems with their line number and reason, so the caller can
 * quarantine them and keep the rest.
 */
export interface CsvRow {
  /** 1-based physical line where the row starts. */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  problems: CsvProblem[];
}

export function parseCsvRows(text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let afterQuote = false;
    let broken: string | undefined;
    let ended = false;
    while (i < n && !ended) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          afterQuote = true;
          i++;
          continue;
        }
        if (ch === '\n') line++;
        if (ch === '\r' && text[i + 1] !== '\n') line++;
        field += ch;
        i++;
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
        i++;
      } else if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        ended = true;
      } else if (ch === '"' && field === '' && !afterQuote) {
        quoted = true;
        i++;
      } else {
        if (afterQuote) broken ??= 'text after a closing quote';
        else if (ch === '"') broken ??= 'a quote inside an unquoted field';
        field += ch;
        i++;
      }
    }
    if (quoted) {
      problems.push({ line: startLine, reason: 'quoted field is not closed before the end of the file' });
      break;
    }
    fields.push(field);
    if (broken) problems.push({ line: startLine, reason: broken });
    else if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: startLine, fields });
  }
  return { rows, problems };
}

/** Parses a CSV with a header row; rows whose width differs from the header become problems. */
export function parseCsvTable(text: string): CsvTable {
  const { rows, problems } = parseCsvRows(text);
  const [first, ...rest] = rows;
  if (!first) return { header: [], rows: [], problems };
  const header = first.fields.map((h) => h.trim());
  const good: CsvRow[] = [];
  for (const row of rest) {
    if (row.fields.length !== header.length) {
      problems.push({
        line: row.line,
        reason: `row has ${row.fields.length} fields, header has ${header.length}`,
      });
    } else good.push(row);
  }
  problems.sort((a, b) => a.line - b.line);
  return { header, rows: good, problems };
}

/** Turns a row into a record keyed by upper-cased header names (Five9 headers are English caps). */
export function rowRecord(header: readonly string[], row: CsvRow): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((h, idx) => {
    out[h.toUpperCase()] = row.fields[idx] ?? '';
  });
  return out;
}
