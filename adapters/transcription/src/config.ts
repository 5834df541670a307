import {
  checkArea,
  type EngineName,
  type TranscriptionSettings,
  type TranscriptionSettingsInput,
} from '@teachback/config';
import { z } from 'zod';

// The schema and its variables live with every other setting, in @teachback/config.
export { ChannelLayoutName, EngineName } from '@teachback/config';

export const RecordingSource = z.enum(['genesys', 'five9']);
export type RecordingSource = z.infer<typeof RecordingSource>;

/** The settings an engine is built from: the chosen engine, or sphinx when none was chosen. */
export type TranscriptionConfig = TranscriptionSettings & { engine: EngineName };
export type TranscriptionConfigInput = TranscriptionSettingsInput;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `transcription` settings with a command's `overrides` (e.g. CLI flags) on top, validated
 * again so a bad flag is named like a bad setting (never by its value: it may be an API key).
 */
export function transcriptionConfig(
  settings: TranscriptionSettingsInput = {},
  overrides: TranscriptionSettingsInput = {},
): TranscriptionConfig {
  const raw: Record<string, unknown> = { ...settings };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    raw[key] = isRecord(value) && isRecord(raw[key]) ? { ...raw[key], ...value } : value;
  }
  const checked = checkArea('transcription', raw);
  return { ...checked, engine: checked.engine ?? 'sphinx' };
}
