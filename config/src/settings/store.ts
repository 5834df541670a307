import { z } from 'zod';
import { STORE_COMMANDS, type Setting } from './setting';

export const DEFAULT_DATABASE_URL = 'sqlite:./teachback.db';

/** Where the store lives and where pg-boss keeps its tables (scale mode). */
export const StoreSettings = z.strictObject({
  databaseUrl: z
    .string()
    .refine((u) => /^(sqlite:.|postgres(ql)?:\/\/)/.test(u), {
      message: 'must start with sqlite: (and a file path) or postgres://',
    })
    .default(DEFAULT_DATABASE_URL),
  pgbossSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier')
    .default('pgboss'),
  auditAnchorDir: z.string().min(1).optional(),
});
export type StoreSettings = z.output<typeof StoreSettings>;

export const STORE_SETTINGS: Setting[] = [
  {
    path: 'databaseUrl',
    env: 'TEACHBACK_DATABASE_URL',
    about:
      'the store: `sqlite:path/file.db` (embedded) or `postgres://user@host:5432/db[?schema=name]` (scale); never echoed, it may hold a password',
    default: DEFAULT_DATABASE_URL,
    commands: STORE_COMMANDS,
  },
  {
    path: 'pgbossSchema',
    env: 'TEACHBACK_PGBOSS_SCHEMA',
    about: "pg-boss's schema for the distributed job queue (PostgreSQL only)",
    default: 'pgboss',
    commands: 'worker, sync, serve',
  },
  {
    path: 'auditAnchorDir',
    env: 'TEACHBACK_AUDIT_ANCHOR_DIR',
    about:
      'directory of the audit anchor log (append-only daily files, fsynced) that `audit verify` compares the chain with; empty: `<file>.anchors` beside a SQLite file, none on PostgreSQL',
    default: 'none',
    commands: `${STORE_COMMANDS}, backup, restore`,
  },
];
