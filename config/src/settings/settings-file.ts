import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { TeachbackError } from '@teachback/core';
import { AREA_NAMES } from './areas';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A settings file: JSON, or YAML when it ends in .yaml/.yml, holding one object per area
 * (`{"store": {...}, "server": {...}}`). A misspelt area is an error that names it.
 */
export function readSettingsFile(file: string): Record<string, Record<string, unknown>> {
  let body: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    body = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new TeachbackError(
      'CONFIG.INVALID',
      `${file}: cannot be read as ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}`,
      {
        cause,
      },
    );
  }
  if (!isRecord(body))
    throw new TeachbackError('CONFIG.INVALID', `${file}: must hold an object of setting areas`);
  for (const [area, value] of Object.entries(body)) {
    if (!(AREA_NAMES as string[]).includes(area))
      throw new TeachbackError(
        'CONFIG.INVALID',
        `${file}: ${area}: not a settings area (${AREA_NAMES.join(', ')})`,
        { details: { setting: area } },
      );
    if (!isRecord(value))
      throw new TeachbackError('CONFIG.INVALID', `${file}: ${area}: must be an object`, {
        details: { setting: area },
      });
  }
  return body as Record<string, Record<string, unknown>>;
}
