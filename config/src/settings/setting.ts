/**
 * One setting as an operator sees it: where it lands in the settings (file key), the environment
 * variable that overrides it, how the variable's text is read, and what the README says about it.
 */
export interface Setting {
  /** Key inside the area, dotted (`http.url`); the file key is `<area>.<path>`. */
  path: string;
  /** Environment variable; absent for settings only a file can give. */
  env?: string;
  /** How the variable's text becomes a value: as is, a number, JSON, or a comma-separated list. */
  read?: 'text' | 'number' | 'json' | 'list';
  about: string;
  default?: string;
  /** Commands that use it, for the README table. */
  commands: string;
  /** Never echoed anywhere (all values are never echoed; this marks it in the table). */
  secret?: boolean;
}

/** Settings for every command that opens the store. */
export const STORE_COMMANDS =
  'serve, worker, sync, connect, tenants, users, keys, audit, retention, interactions, ingest';
