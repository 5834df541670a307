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
import { builtinEscalationModel } from './escalation';

/** Built-in playbooks ship as YAML beside this package's sources (config/playbooks). */
export const BUILTIN_PLAYBOOK_DIR = path.resolve(__dirname, '..', 'playbooks');
const SHARED_INTENTS = 'shared-intents.yaml';
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
  const raw = readStructured(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TeachbackError(
      'PLAYBOOK.INVALID',
      `${file}: a playbook must be an object with id, version, title and criteria`,
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
    builtin ? `playbook ${ref}` : file,
  );
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
    cp = compilePlaybook(resolvePlaybook(ref));
    if (cp.usesActs) cp.actModel = builtinActModel();
    cp.escalationModel = builtinEscalationModel();
    compiled.set(ref, cp);
  }
  return cp;
}
