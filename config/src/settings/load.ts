import type { z } from 'zod';
import { fieldPath, TeachbackError } from '@teachback/core';
import { AREA_NAMES, SETTINGS_AREAS, type Settings, type SettingsArea } from './areas';
import { processEnvironment, type Environment } from './environment';
import { readVariable } from './read-variable';
import type { Setting } from './setting';
import { readSettingsFile } from './settings-file';

export interface LoadSettingsOptions {
  /** Default: the process environment (read here, once per call). */
  env?: Environment;
  /** A settings file (JSON or YAML); default TEACHBACK_CONFIG when set. */
  file?: string;
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function setAt(target: Raw, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = isRecord(node[key]) ? { ...node[key] } : {};
    node = node[key] as Raw;
  }
  node[keys.at(-1)!] = value;
}

/**
 * File first, then environment variables on top, each area validated by its schema. Errors name
 * the setting as the operator gave it (the variable, or the file key), never its value.
 */
export function loadSettings(opts: LoadSettingsOptions = {}): Settings {
  const env = opts.env ?? processEnvironment();
  const file = opts.file ?? (env['TEACHBACK_CONFIG'] || undefined);
  const fromFile = file ? readSettingsFile(file) : {};
  const out: Record<string, unknown> = {};
  for (const area of AREA_NAMES) {
    const raw: Raw = structuredClone(fromFile[area] ?? {});
    const given = new Set<string>();
    for (const setting of SETTINGS_AREAS[area].settings) {
      const text = setting.env ? env[setting.env] : undefined;
      if (!setting.env || text === undefined || text === '') continue;
      setAt(raw, setting.path, readVariable({ ...setting, env: setting.env }, text));
      given.add(setting.env);
    }
    // No URL means no judge: its other settings wait for one.
    if (area === 'judge' && raw['url'] === undefined) out[area] = undefined;
    else out[area] = checkArea(area, raw, { given, ...(file ? { file } : {}) });
  }
  return out as unknown as Settings;
}

/**
 * Validates one area (e.g. the settings with a command's flags on top). `given` holds the
 * variables that were set, so an error names the variable rather than the key it landed in.
 */
export function checkArea<A extends SettingsArea>(
  area: A,
  raw: unknown,
  source: { given?: ReadonlySet<string>; file?: string } = {},
): z.output<(typeof SETTINGS_AREAS)[A]['schema']> {
  const parsed = SETTINGS_AREAS[area].schema.safeParse(raw);
  if (parsed.success) return parsed.data as z.output<(typeof SETTINGS_AREAS)[A]['schema']>;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.length > 0 ? `${area}.${fieldPath(issue.path)}` : area;
  const setting = owningSetting(area, issue.path);
  const env = setting?.env;
  const where = issue.path.slice(setting ? setting.path.split('.').length : 0);
  const inside = where.length > 0 ? `${place(setting, where, raw)}: ` : '';
  const unknownKeys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
  const name =
    env && source.given?.has(env)
      ? `${env}: ${inside}`
      : `${source.file ? `${source.file}: ` : ''}${key}${env ? ` (${env})` : ''}: `;
  throw new TeachbackError('CONFIG.INVALID', `${name}${issue.message}${unknownKeys}`, {
    details: { setting: env && source.given?.has(env) ? env : key, ...(env ? { env } : {}) },
  });
}

/** Where in a setting's value: `[2].id`, or `secret 2 of 3` for a comma-separated list. */
function place(setting: Setting | undefined, where: ReadonlyArray<PropertyKey>, raw: unknown): string {
  if (setting?.read !== 'list' || typeof where[0] !== 'number') return fieldPath(where);
  let list: unknown = raw;
  for (const key of setting.path.split('.')) list = isRecord(list) ? list[key] : undefined;
  const noun = /SECRET/.test(setting.env ?? '') ? 'secret' : 'item';
  return `${noun} ${where[0] + 1} of ${Array.isArray(list) ? list.length : '?'}`;
}

/** The setting whose path is the longest prefix of the issue's path. */
function owningSetting(area: SettingsArea, path: ReadonlyArray<PropertyKey>): Setting | undefined {
  const dotted = path.map(String);
  let best: Setting | undefined;
  for (const s of SETTINGS_AREAS[area].settings) {
    const parts = s.path.split('.');
    const prefix = parts.every((p, i) => dotted[i] === p);
    if (prefix && parts.length > (best?.path.split('.').length ?? 0)) best = s;
  }
  return best;
}
