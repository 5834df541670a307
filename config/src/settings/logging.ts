import { z } from 'zod';
import type { Setting } from './setting';

/** npm levels, as the logger (winston) uses them. */
export const LogLevel = z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']);

export const LoggingSettings = z.strictObject({
  /** Unset: `info`, except the demo, which is quiet (`warn`). */
  level: LogLevel.optional(),
});
export type LoggingSettings = z.output<typeof LoggingSettings>;

export const LOGGING_SETTINGS: Setting[] = [
  {
    path: 'level',
    env: 'TEACHBACK_LOG_LEVEL',
    about: 'log level: error, warn, info, http, verbose, debug or silly (logs never hold PHI)',
    default: 'info (demo: warn)',
    commands: 'serve, demo --serve',
  },
];
