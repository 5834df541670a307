import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TeachbackError, type KeyProvider } from '@teachback/core';

const FORMAT = 'tb1';
const KEY_WRAP_FORMAT = 'kw1';

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}
function unb64(s: string): Buffer {
  return Buffer.from(s, 'base64url');
}

// IVs come from the CSPRNG in blocks: one call per 1,024 seals instead of one per seal. Each slice
// is handed out once, so no IV repeats.
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 1024);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

/**
 * AES-256-GCM with a fresh IV. The key may be a KeyObject made once per data key (FieldCipher),
 * so a seal does not import the raw key again. GCM is a stream mode: `final()` adds no bytes, so
 * `update`'s output is the whole ciphertext (no concatenation copy).
 */
function seal(
  key: Uint8Array | KeyObject,
  plaintext: Buffer | string,
  aad: string,
): { iv: Buffer; ct: Buffer; tag: Buffer } {
  const iv = nextIv();
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = typeof plaintext === 'string' ? c.update(plaintext, 'utf8') : c.update(plaintext);
  const rest = c.final();
  return { iv, ct: rest.length === 0 ? ct : Buffer.concat([ct, rest]), tag: c.getAuthTag() };
}

function open(key: Uint8Array | KeyObject, iv: Buffer, ct: Buffer, tag: Buffer, aad: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(tag);
  const pt = d.update(ct);
  const rest = d.final();
  return rest.length === 0 ? pt : Buffer.concat([pt, rest]);
}

/** A KEK held in process memory, from `TEACHBACK_MASTER_KEY` or a key file. */
export class LocalKeyProvider implements KeyProvider {
  readonly kekId: string;
  private readonly kek: Buffer;

  constructor(kek: Uint8Array) {
    if (kek.length !== 32)
      throw new TeachbackError('CRYPTO.BAD_MASTER_KEY', 'master key must be 32 bytes (base64 or hex)');
    this.kek = Buffer.from(kek);
    // A fingerprint, not the key: lets a later KEK rotation tell which wraps it must redo.
    this.kekId = `local:${createHash('sha256').update(this.kek).digest('hex').slice(0, 12)}`;
  }

  async wrap(dataKey: Uint8Array, context: string): Promise<string> {
    const { iv, ct, tag } = seal(this.kek, Buffer.from(dataKey), `${KEY_WRAP_FORMAT}|${context}`);
    return [KEY_WRAP_FORMAT, b64(iv), b64(ct), b64(tag)].join('.');
  }

  async unwrap(wrapped: string, context: string): Promise<Uint8Array> {
    const parts = wrapped.split('.');
    if (parts.length !== 4 || parts[0] !== KEY_WRAP_FORMAT) {
      throw new TeachbackError('CRYPTO.BAD_WRAPPED_KEY', 'wrapped data key has an unknown format');
    }
    try {
      return open(
        this.kek,
        unb64(parts[1]!),
        unb64(parts[2]!),
        unb64(parts[3]!),
        `${KEY_WRAP_FORMAT}|${context}`,
      );
    } catch (cause) {
      throw new TeachbackError(
        'CRYPTO.UNWRAP_FAILED',
        'cannot unwrap the tenant data key: wrong master key?',
        { cause },
      );
    }
  }
}

export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32)
    throw new TeachbackError(
      'CRYPTO.BAD_MASTER_KEY',
      'master key must decode to 32 bytes (64 hex chars or base64)',
    );
  return key;
}

/** Where the master key comes from: the `keys` settings (TEACHBACK_MASTER_KEY / _FILE). */
export interface MasterKeySource {
  masterKey?: string | undefined;
  masterKeyFile?: string | undefined;
}

/** The master key given inline, else read from its file. Never logs or echoes the key. */
export function keyProviderFrom(source: MasterKeySource): KeyProvider {
  if (source.masterKey) return new LocalKeyProvider(parseMasterKey(source.masterKey));
  if (source.masterKeyFile) {
    let text: string;
    try {
      text = readFileSync(source.masterKeyFile, 'utf8');
    } catch (cause) {
      throw new TeachbackError('CRYPTO.KEY_FILE_UNREADABLE', 'TEACHBACK_MASTER_KEY_FILE cannot be read', {
        cause,
      });
    }
    return new LocalKeyProvider(parseMasterKey(text));
  }
  throw new TeachbackError(
    'CRYPTO.NO_MASTER_KEY',
    'set TEACHBACK_MASTER_KEY (64 hex chars) or TEACHBACK_MASTER_KEY_FILE to encrypt PHI at rest',
  );
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function newKeyId(): string {
  return `k${randomBytes(6).toString('hex')}`;
}

/** Where a ciphertext belongs; bound into the GCM tag so a value copied to another row fails to open. */
export interface FieldAddress {
  tenantId: string;
  table: string;
  rowId: string;
  field: string;
}

function aadOf(a: FieldAddress): string {
  return `${FORMAT}|${a.tenantId}|${a.table}|${a.rowId}|${a.field}`;
}

/** The key id a ciphertext was sealed with, without opening it. */
export function ciphertextKeyId(ciphertext: string): string | undefined {
  const parts = ciphertext.split('.');
  return parts[0] === FORMAT ? parts[1] : undefined;
}

/**
 * Field-level AES-256-GCM with per-tenant data keys. Ciphertext: `tb1.<keyId>.<iv>.<ct>.<tag>`
 * (base64url parts). Keys are loaded (unwrapped) ahead of use so encrypting inside a database
 * transaction never waits on a KMS.
 */
export class FieldCipher {
  /** Data keys as KeyObjects, imported once each rather than on every seal. */
  private readonly keys = new Map<string, KeyObject>();
  private readonly active = new Map<string, { keyId: string; key: KeyObject }>();

  addKey(tenantId: string, keyId: string, key: Uint8Array, active: boolean): void {
    const k = createSecretKey(Buffer.from(key));
    this.keys.set(`${tenantId}/${keyId}`, k);
    if (active) this.active.set(tenantId, { keyId, key: k });
  }

  hasTenant(tenantId: string): boolean {
    return this.active.has(tenantId);
  }

  hasKey(tenantId: string, keyId: string): boolean {
    return this.keys.has(`${tenantId}/${keyId}`);
  }

  activeKeyId(tenantId: string): string {
    return this.activeKey(tenantId).keyId;
  }

  private activeKey(tenantId: string): { keyId: string; key: KeyObject } {
    const k = this.active.get(tenantId);
    if (!k) throw new TeachbackError('CRYPTO.NO_TENANT_KEY', `no data key loaded for tenant ${tenantId}`);
    return k;
  }

  encrypt(address: FieldAddress, plaintext: string): string {
    const { keyId, key } = this.activeKey(address.tenantId);
    const { iv, ct, tag } = seal(key, plaintext, aadOf(address));
    return `${FORMAT}.${keyId}.${b64(iv)}.${b64(ct)}.${b64(tag)}`;
  }

  decrypt(address: FieldAddress, ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) {
      throw new TeachbackError(
        'CRYPTO.BAD_CIPHERTEXT',
        `unknown ciphertext format in ${address.table}.${address.field}`,
      );
    }
    const key = this.keys.get(`${address.tenantId}/${parts[1]}`);
    if (!key)
      throw new TeachbackError(
        'CRYPTO.UNKNOWN_KEY',
        `data key ${parts[1]} is not available for ${address.table}.${address.field}`,
      );
    try {
      return open(key, unb64(parts[2]!), unb64(parts[3]!), unb64(parts[4]!), aadOf(address)).toString('utf8');
    } catch (cause) {
      throw new TeachbackError(
        'CRYPTO.DECRYPT_FAILED',
        `ciphertext in ${address.table}.${address.field} row ${address.rowId} failed authentication`,
        { cause },
      );
    }
  }
}
