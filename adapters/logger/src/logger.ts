import winston from 'winston';
import type Transport from 'winston-transport';
import { REDACTED, isSensitiveKey, redact, redactText } from './redact';

const SPLAT = Symbol.for('splat');

/**
 * Runs before anything else in the format chain, so no later format or transport ever sees the
 * raw values. Redacts the message, every meta field, splat arguments and errors.
 */
export const redactFormat = winston.format((info) => {
  const record = info as Record<string | symbol, unknown>;
  // An Error logged directly arrives as the info object itself, with message and stack not enumerable.
  const keys = new Set([...Object.keys(record), 'message', 'stack']);
  for (const key of keys) {
    const v = record[key];
    if (key === 'level' || v === undefined) continue;
    if (key === 'message' || key === 'stack') record[key] = typeof v === 'string' ? redactText(v) : redact(v);
    else record[key] = isSensitiveKey(key) ? REDACTED : redact(v);
  }
  const splat = record[SPLAT];
  if (Array.isArray(splat)) record[SPLAT] = splat.map((v) => redact(v));
  return info;
});

export interface LoggerOptions {
  level?: string;
  /** Defaults to one JSON line per entry on stderr. */
  transports?: Transport[];
  service?: string;
}

export type Logger = winston.Logger;

export function createLogger(opts: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: opts.level ?? 'info',
    levels: winston.config.npm.levels,
    defaultMeta: { service: opts.service ?? 'teachback' },
    format: winston.format.combine(
      redactFormat(),
      winston.format.errors({ stack: true }),
      winston.format.timestamp(),
      winston.format.json(),
    ),
    transports: opts.transports ?? [
      new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) }),
    ],
  });
}
