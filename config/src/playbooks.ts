import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  TeachbackError,
  compilePlaybook,
  parsePlaybook,
  type CompiledPlaybook,
  type Playbook,
} from '@teachback/core';
import { builtinActModel } from './acts';
import { withReaders } from './readers';
import { builtinEscalationModel } from './escalation';

/** Built-in playbooks ship as YAML beside this package's sources (config/playbooks). */
export const BUILTIN_PLAYBOOK_DIR = path.resolve(__dirname, '..', 'playbooks');
const SHARED_INTENTS = 'shared-intents.yaml';
/** The playbook a call is scored with when nothing (settings, queue, transcript) names another. */
export const DEFAULT_PLAYBOOK_ID = 'healthcare-inbound';
const SHARED_LEXICONS = 'shared-lexicons.yaml';

export function builtinPlaybookIds(): string[] {
  return fs
    .readdirSync(BUILTIN_PLAYBOOK_DIR)
    .filter((f) => f.endsWith('.yaml') && f !== SHARED_INTENTS && f !== SHARED_LEXICONS)
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function readStructured(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TeachbackError('CONFIG.PLAYBOOK_NOT_FOUND', `playbook file ${file} cannot be read`, { cause });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const where = cause instanceof YAMLParseError && cause.linePos ? ` at line ${cause.linePos[0].line}` : '';
    const why = cause instanceof Error ? cause.message.split('\n')[0] : 'parse error';
    throw new TeachbackError(
      'PLAYBOOK.INVALID',
      `${file}${where}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${why}`,
      { cause },
    );
  }
}

const sharedFiles = new Map<string, Record<string, unknown>>();
function shared(file: string): Record<string, unknown> {
  let content = sharedFiles.get(file);
  if (!content) {
    content = readStructured(path.join(BUILTIN_PLAYBOOK_DIR, file)) as Record<string, unknown>;
    sharedFiles.set(file, content);
  }
  return content;
}

/**
 * Loads a playbook by built-in id (`healthcare-inbound`) or file path (YAML or JSON). The shared
 * intents (recording disclosure, identifiers, PHI topics) and lexicons (medical terms) are
 * available to every playbook; a playbook's own intents and lexicons of the same name win.
 */
export function resolvePlaybook(ref: string): Playbook {
  const builtin = /^[a-z0-9-]+$/.test(ref) && builtinPlaybookIds().includes(ref);
  const file = builtin ? path.join(BUILTIN_PLAYBOOK_DIR, `${ref}.yaml`) : path.resolve(ref);
  if (!builtin && !fs.existsSync(file)) {
    throw new TeachbackError(
      'CONFIG.PLAYBOOK_NOT_FOUND',
      `playbook "${ref}" is neither a built-in (${builtinPlaybookIds().join(', ')}) nor an existing file`,
    );
  }
  return playbookFromInput(readStructured(file), builtin ? `playbook ${ref}` : file);
}

/**
 * Validates a playbook given as data (an API body, a catalog row) with the shared intents and
 * lexicons merged in, exactly as a file is loaded; errors name the field after `source`.
 */
export function playbookFromInput(raw: unknown, source: string): Playbook {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TeachbackError(
      'PLAYBOOK.INVALID',
      `${source}: a playbook must be an object with id, version, title and criteria`,
    );
  }
  const obj = raw as Record<string, unknown>;
  const own = (key: string): Record<string, unknown> =>
    obj[key] && typeof obj[key] === 'object' ? (obj[key] as Record<string, unknown>) : {};
  return parsePlaybook(
    {
      ...obj,
      intents: { ...shared(SHARED_INTENTS), ...own('intents') },
      lexicons: { ...shared(SHARED_LEXICONS), ...own('lexicons') },
    },
    source,
  );
}

/** Every built-in playbook: each tenant's catalog starts from these (version 1). */
export function builtinPlaybooks(): Playbook[] {
  return builtinPlaybookIds().map((id) => resolvePlaybook(id));
}

/** Compiles for scoring: a playbook whose rules use learned acts gets the built-in act model. */
export function compileForScoring(playbook: Playbook): CompiledPlaybook {
  const cp = compilePlaybook(playbook);
  // The learned acts plus the readers' tags (`name-stated`, `medication-named`: readers.ts): one
  // tagger, so post-call scoring and the live session read them all the same way.
  if (cp.usesActs) cp.actModel = withReaders(builtinActModel());
  // Escalations (and the emergency-response criterion) use the learned acuity classifier.
  cp.escalationModel = builtinEscalationModel();
  return cp;
}

const compiled = new Map<string, CompiledPlaybook>();

/**
 * Resolves and compiles once per process (compiling registers terms; do it at start-up). A
 * playbook whose rules use learned acts gets the built-in act model attached, so every caller of
 * scoreTranscript scores it with the same model unless it passes its own. Every playbook gets the
 * built-in escalation classifier the same way (escalations feed `emergency-response`).
 */
export function loadCompiledPlaybook(ref: string): CompiledPlaybook {
  let cp = compiled.get(ref);
  if (!cp) {
    cp = compileForScoring(resolvePlaybook(ref));
    compiled.set(ref, cp);
  }
  return cp;
}
