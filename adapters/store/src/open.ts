import { TeachbackError, type KeyProvider } from '@teachback/core';
import { DEFAULT_PLAYBOOK_ID, builtinPlaybooks, compileForScoring } from '@teachback/config';
import { FileAnchorLog } from './anchors/file-anchor-log';
import { keyProviderFrom, type MasterKeySource } from './crypto/envelope';
import { PostgresDriver } from './sql/postgres-driver';
import { SqliteDriver } from './sql/sqlite-driver';
import { SqlStore, type SqlStoreOptions } from './sql/sql-store';

export type DatabaseTarget =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; connectionString: string; schema?: string };

/** `sqlite:path/to/file.db`, `sqlite::memory:` or `postgres://user@host:5432/db[?schema=name]`. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file)
      throw new TeachbackError(
        'CONFIG.INVALID',
        'TEACHBACK_DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./teachback.db',
      );
    return { kind: 'sqlite', file };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TeachbackError('CONFIG.INVALID', 'TEACHBACK_DATABASE_URL: not a valid postgres:// URL');
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new TeachbackError(
        'CONFIG.INVALID',
        'TEACHBACK_DATABASE_URL: schema must be a lower-case identifier',
      );
    }
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), ...(schema ? { schema } : {}) };
  }
  // Never echo the URL: it may carry a password.
  throw new TeachbackError(
    'CONFIG.INVALID',
    'TEACHBACK_DATABASE_URL: must start with sqlite: or postgres://',
  );
}

/**
 * Without a master key the store still opens: audit verification and export, checkpoints and
 * other key-free work go on (an auditor need not hold the KEK), and the first use of a key fails
 * with the configuration error.
 */
function keyProviderOrDeferredError(source: MasterKeySource): KeyProvider {
  try {
    return keyProviderFrom(source);
  } catch (e) {
    if (!(e instanceof TeachbackError) || e.code !== 'CRYPTO.NO_MASTER_KEY') throw e;
    const fail = async (): Promise<never> => {
      throw e;
    };
    return { kekId: 'none', wrap: fail, unwrap: fail };
  }
}

export interface OpenStoreOptions extends SqlStoreOptions {
  /** `sqlite:path/to/file.db`, `sqlite::memory:` or `postgres://…` (the `store.databaseUrl` setting). */
  url: string;
  /** Default: none, so key-free work goes on and the first use of a key fails naming the setting. */
  keys?: KeyProvider;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/** The `store` and `keys` settings (`loadSettings()` in @teachback/config), structurally. */
export interface StoreSettingsInput {
  store: { databaseUrl: string; auditAnchorDir?: string | undefined };
  keys: MasterKeySource;
}

/**
 * The anchor log the settings name: `store.auditAnchorDir`, else `<file>.anchors` beside a SQLite
 * file (outside the database, where a SQL user cannot reach it), else none (PostgreSQL: say
 * where, ideally a volume shipped to write-once storage; see the store README).
 */
export function anchorLogFor(settings: StoreSettingsInput): FileAnchorLog | undefined {
  if (settings.store.auditAnchorDir) return new FileAnchorLog(settings.store.auditAnchorDir);
  const target = parseDatabaseUrl(settings.store.databaseUrl);
  if (target.kind === 'sqlite' && target.file !== ':memory:')
    return new FileAnchorLog(`${target.file}.anchors`);
  return undefined;
}

/** Opens the store the settings name, with their master key (deferred when none is set) and anchor log. */
export async function openConfiguredStore(
  settings: StoreSettingsInput,
  opts: Omit<OpenStoreOptions, 'url' | 'keys'> = {},
): Promise<SqlStore> {
  const anchors = opts.audit?.anchors ?? anchorLogFor(settings);
  return openStore({
    ...opts,
    ...(anchors ? { audit: { ...opts.audit, anchors } } : {}),
    url: settings.store.databaseUrl,
    keys: keyProviderOrDeferredError(settings.keys),
  });
}

/** Opens the store named by `url`. */
export async function openStore(opts: OpenStoreOptions): Promise<SqlStore> {
  const target = parseDatabaseUrl(opts.url);
  const keys = opts.keys ?? keyProviderOrDeferredError({});
  const driver =
    target.kind === 'sqlite'
      ? new SqliteDriver(target.file)
      : new PostgresDriver({
          connectionString: target.connectionString,
          ...(target.schema ? { schema: target.schema } : {}),
        });
  const store = new SqlStore(driver, keys, {
    ...opts,
    // The built-ins are every tenant's first versions; scoring compiles with the built-in act model.
    playbooks: {
      seeds: builtinPlaybooks,
      compile: compileForScoring,
      defaultPlaybookId: DEFAULT_PLAYBOOK_ID,
      ...opts.playbooks,
    },
  });
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
  }
  return store;
}
