import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, isNode, stringify, type Document } from 'yaml';
import { BUILTIN_PLAYBOOK_DIR, compileForScoring, playbookFromInput } from '@teachback/config';
import { isTeachbackError, type Playbook } from '@teachback/core';

/*
 * The playbook editor's side of the server: YAML in, problems out at the line and column where
 * an editor can put the cursor, and YAML back out without the shared intents and lexicons every
 * playbook inherits (an admin edits their rules, not 300 lines of shared vocabulary).
 */

export interface YamlProblem {
  /** 1-based; null when the problem has no place in the text (a rule that only fails once compiled). */
  line: number | null;
  column: number | null;
  /** The field, as the playbook schema names it (`criteria[2].rule.phrases`). */
  path: string | null;
  message: string;
}

export type YamlCheck = { valid: true; playbook: Playbook } | { valid: false; problems: YamlProblem[] };

/** `criteria[2].rule.phrases` → ['criteria', 2, 'rule', 'phrases']. */
export function parseFieldPath(field: string): Array<string | number> {
  if (field === '(root)') return [];
  const out: Array<string | number> = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** The deepest node of `doc` on `path`, so a missing field points at the object that lacks it. */
function placeOf(
  doc: Document,
  lines: LineCounter,
  p: Array<string | number>,
): { line: number; column: number } | null {
  for (let n = p.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return null;
}

/**
 * Parses and validates a playbook written in YAML exactly as a save would (shared vocabulary
 * merged, schema checked, rules compiled). `overrides` sets what the catalog decides (id, version).
 */
export function checkPlaybookYaml(text: string, overrides: Record<string, unknown> = {}): YamlCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      valid: false,
      problems: doc.errors.slice(0, 20).map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: null, message: e.message.split('\n')[0]! };
      }),
    };
  }
  const raw: unknown = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return {
      valid: false,
      problems: [
        { line: 1, column: 1, path: null, message: 'a playbook is a mapping with id, title and criteria' },
      ],
    };
  try {
    const playbook = playbookFromInput({ ...(raw as Record<string, unknown>), ...overrides }, 'playbook');
    compileForScoring(playbook);
    return { valid: true, playbook };
  } catch (err) {
    if (!isTeachbackError(err) || !err.code.startsWith('PLAYBOOK.')) throw err;
    const field = typeof err.details?.field === 'string' ? err.details.field : null;
    const place = field !== null ? placeOf(doc, lines, parseFieldPath(field)) : null;
    return {
      valid: false,
      problems: [
        {
          line: place?.line ?? null,
          column: place?.column ?? null,
          path: field,
          message: err.message.replace(/^playbook: /, ''),
        },
      ],
    };
  }
}

let sharedKeys: { intents: Set<string>; lexicons: Set<string> } | undefined;
function shared(): { intents: Set<string>; lexicons: Set<string> } {
  if (!sharedKeys) {
    const keysOf = (file: string) => {
      const doc = parseDocument(
        fs.readFileSync(path.join(BUILTIN_PLAYBOOK_DIR, file), 'utf8'),
      ).toJS() as unknown;
      return new Set(doc && typeof doc === 'object' ? Object.keys(doc) : []);
    };
    sharedKeys = { intents: keysOf('shared-intents.yaml'), lexicons: keysOf('shared-lexicons.yaml') };
  }
  return sharedKeys;
}

/**
 * The playbook as an admin edits it: without the catalog's version and without shared intents
 * and lexicons it did not change (those come back on save). An entry that overrides a shared one
 * differs from it and stays.
 */
export function playbookToYaml(playbook: Playbook): string {
  const { version: _v, ...rest } = playbook as Playbook & Record<string, unknown>;
  const s = shared();
  const own = (key: 'intents' | 'lexicons'): Record<string, unknown> => {
    const all = (rest[key] ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(all).filter(([k]) => !s[key].has(k)));
  };
  // What the shared entries look like once parsed: the playbook reparsed with only its own entries.
  let baseline: Playbook | undefined;
  try {
    baseline = playbookFromInput(
      { ...rest, version: '1', intents: own('intents'), lexicons: own('lexicons') },
      'playbook',
    );
  } catch {
    baseline = undefined;
  }
  const keep = (key: 'intents' | 'lexicons'): Record<string, unknown> | undefined => {
    const all = (rest[key] ?? {}) as Record<string, unknown>;
    const base = (baseline?.[key] ?? {}) as Record<string, unknown>;
    const kept = Object.fromEntries(
      Object.entries(all).filter(
        ([k, v]) => !baseline || !s[key].has(k) || JSON.stringify(v) !== JSON.stringify(base[k]),
      ),
    );
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  const out: Record<string, unknown> = { ...rest };
  const intents = keep('intents');
  const lexicons = keep('lexicons');
  if (intents) out.intents = intents;
  else delete out.intents;
  if (lexicons) out.lexicons = lexicons;
  else delete out.lexicons;
  return stringify(out, { lineWidth: 100 });
}

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** A line diff (longest common subsequence), what a reviewer reads before publishing. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], one flat array.
  const lcs = new Int32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}
