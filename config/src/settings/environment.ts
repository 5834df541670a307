/** The environment as the loader reads it: names to text, nothing else. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The one read of the process environment in production code (the lint rule allows it here
 * only). Everything else gets typed settings from {@link loadSettings}.
 */
export function processEnvironment(): Environment {
  return process.env;
}
