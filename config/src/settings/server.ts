import { z } from 'zod';
import type { Setting } from './setting';

/** The HTTP server of `teachback serve` and `teachback demo`. */
export const ServerSettings = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8080),
  /** Unset: `serve` listens on every interface, `demo` on 127.0.0.1 only. */
  host: z.string().min(1).optional(),
  /** Set behind a load balancer (e.g. 1 = one proxy hop) so rate limits and audit see client IPs. */
  trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string()]).optional(),
  rateLimitPerMinute: z.number().int().min(1).default(600),
  /**
   * How live-guidance prompts reach browsers on other instances: `memory` (one instance),
   * `postgres://...` (LISTEN/NOTIFY) or `redis://...` (pub/sub). Every instance of a deployment
   * must name the same one.
   */
  liveFanout: z
    .string()
    .regex(/^(memory|postgres(ql)?:\/\/.+|rediss?:\/\/.+)$/, 'memory, postgres://... or redis://...')
    .optional(),
  /**
   * Keys of the live fan-out's encryption (AES-256-GCM), current first; the others are still
   * read, so a new key can be rolled out before the old one is dropped. Unset: one key derived
   * from the master key. Each 64 hex digits or base64 of 32 bytes.
   */
  liveFanoutKeys: z
    .array(z.string().refine(isKey32, { message: 'each key must be 64 hex digits or base64 of 32 bytes' }))
    .min(1)
    .optional(),
  /** `serve` subscribes to Genesys Cloud live transcription for tenants with a Genesys connection. */
  genesysLive: z.boolean().default(true),
});

function isKey32(text: string): boolean {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) && Buffer.from(t, 'base64').length === 32;
}
export type ServerSettings = z.output<typeof ServerSettings>;

export const SERVER_SETTINGS: Setting[] = [
  { path: 'port', env: 'PORT', read: 'number', about: 'HTTP port', default: '8080', commands: 'serve, demo' },
  {
    path: 'host',
    env: 'TEACHBACK_HOST',
    about: 'interface to listen on',
    default: '0.0.0.0 (serve), 127.0.0.1 (demo)',
    commands: 'serve, demo',
  },
  {
    path: 'trustProxy',
    about: 'proxy hops to trust for client IPs (true, a number, or an address list)',
    commands: 'serve',
  },
  {
    path: 'rateLimitPerMinute',
    about: 'requests per minute per client before 429',
    default: '600',
    commands: 'serve',
  },
  {
    path: 'liveFanout',
    env: 'TEACHBACK_LIVE_FANOUT',
    about: 'live prompts across instances: memory, postgres://... or redis://...',
    secret: true,
    default: 'memory',
    commands: 'serve',
  },
  {
    path: 'liveFanoutKeys',
    env: 'TEACHBACK_LIVE_FANOUT_KEYS',
    read: 'list',
    about:
      'keys that encrypt live fan-out messages (AES-256-GCM), comma-separated, current first; 64 hex digits or base64 of 32 bytes each',
    secret: true,
    default: 'derived from the master key',
    commands: 'serve',
  },
  {
    path: 'genesysLive',
    env: 'TEACHBACK_GENESYS_LIVE',
    read: 'json',
    about:
      'subscribe to Genesys Cloud live transcription for every tenant with a Genesys connection (true or false)',
    default: 'true',
    commands: 'serve',
  },
];
