import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * @salesforce/core keeps auth files under `$HOME/.sfdx` and logs under `$HOME/.sf`, reading HOME
 * on every call. We give it a private 0700 directory so tokens never land in a shared home and
 * two services' files never mix. Call this before the first AuthInfo is created. It changes
 * process.env.HOME for the whole process, which is why the server calls it once at start-up.
 */
export function usePrivateSalesforceHome(dir?: string): string {
  const home = dir ?? mkdtempSync(join(tmpdir(), 'teachback-sf-home-'));
  mkdirSync(home, { recursive: true, mode: 0o700 });
  chmodSync(home, 0o700);
  process.env['HOME'] = home;
  // Prepared up front so the library never has to create its state files on first use (its
  // ENOENT fallback does not recognise errors from another realm, e.g. under jest).
  for (const sub of ['.sfdx', '.sf']) mkdirSync(join(home, sub), { recursive: true, mode: 0o700 });
  const alias = join(home, '.sfdx', 'alias.json');
  if (!existsSync(alias)) writeFileSync(alias, JSON.stringify({ orgs: {} }), { mode: 0o600 });
  // The library otherwise writes a log file into the home and may try an OS keychain.
  process.env['SF_DISABLE_LOG_FILE'] = 'true';
  process.env['SFDX_DISABLE_LOG_FILE'] = 'true';
  process.env['SF_USE_GENERIC_UNIX_KEYCHAIN'] = 'true';
  process.env['SFDX_USE_GENERIC_UNIX_KEYCHAIN'] = 'true';
  process.env['SF_DISABLE_TELEMETRY'] = 'true';
  return home;
}

/**
 * The JWT flow reads the private key from a file path (not PEM text), so we write it to a 0600
 * file inside a fresh 0700 directory and hand back a disposer. The key is never logged.
 */
export function writePrivateKeyFile(privateKeyPem: string): { path: string; dispose(): void } {
  const keyDir = mkdtempSync(join(tmpdir(), 'teachback-sf-key-'));
  chmodSync(keyDir, 0o700);
  const path = join(keyDir, 'server.key');
  writeFileSync(path, privateKeyPem, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { path, dispose: () => rmSync(keyDir, { recursive: true, force: true }) };
}
