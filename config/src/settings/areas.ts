import type { z } from 'zod';
import { AUTH_SETTINGS, AuthSettings } from './auth';
import { CONNECT_SETTINGS, ConnectSettings } from './connect';
import { JUDGE_SETTINGS, JudgeSettings } from './judge';
import { KEY_SETTINGS, KeySettings } from './keys';
import { LOGGING_SETTINGS, LoggingSettings } from './logging';
import { METRICS_SETTINGS, MetricsSettings } from './metrics';
import { SERVER_SETTINGS, ServerSettings } from './server';
import type { Setting } from './setting';
import { STORE_SETTINGS, StoreSettings } from './store';
import { TRANSCRIPTION_SETTINGS, TranscriptionSettings } from './transcription';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhooks';

/** Every area of the settings: its schema and its settings, in README order. */
export const SETTINGS_AREAS = {
  store: { schema: StoreSettings, settings: STORE_SETTINGS },
  keys: { schema: KeySettings, settings: KEY_SETTINGS },
  server: { schema: ServerSettings, settings: SERVER_SETTINGS },
  auth: { schema: AuthSettings, settings: AUTH_SETTINGS },
  webhooks: { schema: WebhookSettings, settings: WEBHOOK_SETTINGS },
  transcription: { schema: TranscriptionSettings, settings: TRANSCRIPTION_SETTINGS },
  judge: { schema: JudgeSettings, settings: JUDGE_SETTINGS },
  logging: { schema: LoggingSettings, settings: LOGGING_SETTINGS },
  connect: { schema: ConnectSettings, settings: CONNECT_SETTINGS },
  metrics: { schema: MetricsSettings, settings: METRICS_SETTINGS },
} satisfies Record<string, { schema: z.ZodType; settings: Setting[] }>;

export type SettingsArea = keyof typeof SETTINGS_AREAS;
export const AREA_NAMES = Object.keys(SETTINGS_AREAS) as SettingsArea[];

/** Everything a command may need, validated. The judge is undefined when no URL is set. */
export interface Settings {
  store: StoreSettings;
  keys: KeySettings;
  server: ServerSettings;
  auth: AuthSettings;
  webhooks: WebhookSettings;
  transcription: TranscriptionSettings;
  judge: JudgeSettings | undefined;
  logging: LoggingSettings;
  connect: ConnectSettings;
  metrics: MetricsSettings;
}

/** The variable that overrides `<area>.<path>`, e.g. `settingEnvName('store', 'databaseUrl')`. */
export function settingEnvName(area: SettingsArea, path: string): string | undefined {
  return SETTINGS_AREAS[area].settings.find((s) => s.path === path)?.env;
}
