export { createLogger, redactFormat, type Logger, type LoggerOptions } from './logger';
export { redact, redactText, isSensitiveKey, REDACTED } from './redact';
