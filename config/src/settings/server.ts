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
});
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
];
