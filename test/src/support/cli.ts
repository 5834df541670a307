import { buildProgram } from '@teachback/cli';

/**
 * Runs `teachback <args>` in this process (so jest can spy and the simulators stay in reach),
 * swallowing stdout and collecting stderr. Returns the exit code the command set.
 */
export async function runCli(...args: string[]): Promise<{ code: number; err: string }> {
  return runCliIn(undefined, ...args);
}

/** `runCli` with the settings read from `env` (the operator's shell), not the process's own. */
export function cliWith(env: Record<string, string>) {
  return (...args: string[]) => runCliIn(env, ...args);
}

async function runCliIn(
  env: Record<string, string> | undefined,
  ...args: string[]
): Promise<{ code: number; err: string }> {
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  process.exitCode = 0;
  try {
    await buildProgram(env ? { env } : {}).parseAsync(['node', 'teachback', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, err };
}
