import { importError } from './errors';

/**
 * What a text transcript may say about itself in `# key: value` lines at its top, so a folder of
 * calls for different playbooks and days scores right without a flag per file.
 */
export interface TextHeader {
  /** A playbook id (`medicare-sales`). */
  playbook?: string;
  /** YYYY-MM-DD */
  callDate?: string;
}

const HEADER_LINE = /^#\s*([A-Za-z][A-Za-z-]*)\s*:\s*(.*)$/;
const PLAYBOOK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const isHeaderLine = (line: string): boolean => line.trimStart().startsWith('#');

/**
 * Reads the header lines (`lines` are the file's lines, 1-based in errors) and returns the header
 * and the index of the first line after it. Values are never quoted in errors: only the line and
 * the key, as for utterances.
 */
export function readTextHeader(lines: readonly string[]): { header: TextHeader; bodyStart: number } {
  const header: TextHeader = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    if (!isHeaderLine(raw)) break;
    const lineNo = i + 1;
    const m = HEADER_LINE.exec(raw);
    if (!m) fail(lineNo, 'header', 'expected `# playbook: <id>` or `# date: YYYY-MM-DD`');
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'playbook') {
      if (header.playbook !== undefined) fail(lineNo, key, 'given twice');
      if (!PLAYBOOK_ID.test(value))
        fail(lineNo, key, 'expected a playbook id (lower-case letters, digits, dashes)');
      header.playbook = value;
    } else if (key === 'date') {
      if (header.callDate !== undefined) fail(lineNo, key, 'given twice');
      if (!isDate(value)) fail(lineNo, key, 'expected a date as YYYY-MM-DD');
      header.callDate = value;
    } else {
      fail(lineNo, key, 'unknown header; known: playbook, date');
    }
  }
  return { header, bodyStart: i };
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

function fail(lineNo: number, field: string, reason: string): never {
  throw importError('IMPORT.INVALID_FIELD', `text transcript: line ${lineNo}: header ${field}: ${reason}`, {
    line: lineNo,
    field,
  });
}
