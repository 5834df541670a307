import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { usePrivateSalesforceHome } from '../src';

/**
 * Jest gives each test file a copy of process.env, so the native os.homedir() that
 * @salesforce/core calls never sees our HOME change: point it at the private home too.
 *
 * Jest also runs the library in a separate realm, so its `err instanceof Error` checks fail for
 * fs errors; on a missing auth file that leaves a lock behind and costs a 10 s lock wait. Plain
 * node does not have this problem (login takes ~0.2 s); in tests we create the file up front.
 */
export function usePrivateHomeInTests(
  usernames: string[] = ['integration@teachback-sim.example.org'],
): string {
  const home = usePrivateSalesforceHome();
  jest.spyOn(os, 'homedir').mockReturnValue(home);
  for (const u of usernames) writeFileSync(join(home, '.sfdx', `${u}.json`), '{}', { mode: 0o600 });
  return home;
}
