import { z } from 'zod';
import { STORE_COMMANDS, type Setting } from './setting';

/** 64 hex digits, or base64 of 32 bytes: the key-encryption key of the envelope encryption. */
function isMasterKey(text: string): boolean {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) && Buffer.from(t, 'base64').length === 32;
}

/**
 * The master key, inline or in a file. Both absent is valid: the store still opens for key-free
 * work (audit verification, checkpoints) and the first use of a key fails naming the variables.
 */
export const KeySettings = z.strictObject({
  masterKey: z
    .string()
    .refine(isMasterKey, { message: 'must be 64 hex digits or base64 of 32 bytes' })
    .optional(),
  masterKeyFile: z.string().min(1).optional(),
});
export type KeySettings = z.output<typeof KeySettings>;

export const KEY_SETTINGS: Setting[] = [
  {
    path: 'masterKey',
    env: 'TEACHBACK_MASTER_KEY',
    about: 'master key that wraps the tenant data keys (PHI at rest): 64 hex digits or base64 of 32 bytes',
    commands: STORE_COMMANDS,
    secret: true,
  },
  {
    path: 'masterKeyFile',
    env: 'TEACHBACK_MASTER_KEY_FILE',
    about: 'a file holding the master key instead (used when TEACHBACK_MASTER_KEY is unset)',
    commands: STORE_COMMANDS,
  },
];
