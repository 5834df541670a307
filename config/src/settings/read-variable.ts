import { TeachbackError } from '@teachback/core';
import type { Setting } from './setting';

/**
 * An environment variable's text as the value its setting expects. A number that is not one
 * stays text, so the schema reports it as "expected number" under the variable's name.
 */
export function readVariable(setting: Setting & { env: string }, text: string): unknown {
  switch (setting.read ?? 'text') {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        throw new TeachbackError('CONFIG.INVALID', `${setting.env}: not valid JSON`, {
          details: { setting: setting.env },
        });
      }
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return text;
  }
}
