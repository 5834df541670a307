import { loadSettings, type Environment, type Settings } from '@teachback/config';

/**
 * What every command is given: its settings, loaded when the command runs (so `--help` works
 * whatever the environment holds) from the environment the program was built with.
 */
export interface CliContext {
  /** Validated settings; `file` is a command's own `--config`, else TEACHBACK_CONFIG. */
  settings(file?: string): Settings;
}

export function cliContext(env?: Environment): CliContext {
  return {
    settings: (file) => loadSettings({ ...(env ? { env } : {}), ...(file ? { file } : {}) }),
  };
}
