import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldCipher, LocalKeyProvider, ciphertextKeyId, keyProviderFrom, parseMasterKey } from './envelope';
import { blindIndex, normalizeEmail, normalizeMemberId, normalizePhone } from './blind-index';

const addr = { tenantId: 't1', table: 'transcripts', rowId: 'int-1', field: 'body_enc' };

describe('envelope encryption', () => {
  it('round-trips, tags the format and key id, and never repeats a ciphertext', () => {
    const c = new FieldCipher();
    c.addKey('t1', 'kaaa', Buffer.alloc(32, 1), true);
    const a = c.encrypt(addr, 'Zebulon');
    const b = c.encrypt(addr, 'Zebulon');
    expect(a).toMatch(/^tb1\.kaaa\./);
    expect(a).not.toBe(b);
    expect(ciphertextKeyId(a)).toBe('kaaa');
    expect(c.decrypt(addr, a)).toBe('Zebulon');
  });

  it('refuses a ciphertext moved to another tenant, table, row or field', () => {
    const c = new FieldCipher();
    c.addKey('t1', 'kaaa', Buffer.alloc(32, 1), true);
    c.addKey('t2', 'kaaa', Buffer.alloc(32, 1), true);
    const ct = c.encrypt(addr, 'x');
    for (const moved of [
      { tenantId: 't2' },
      { table: 'contacts' },
      { rowId: 'int-2' },
      { field: 'phi_enc' },
    ]) {
      expect(() => c.decrypt({ ...addr, ...moved }, ct)).toThrow(
        expect.objectContaining({ code: 'CRYPTO.DECRYPT_FAILED' }),
      );
    }
  });

  it('reads old keys after a new one becomes active', () => {
    const c = new FieldCipher();
    c.addKey('t1', 'kold', Buffer.alloc(32, 1), true);
    const old = c.encrypt(addr, 'before');
    c.addKey('t1', 'knew', Buffer.alloc(32, 2), true);
    expect(c.encrypt(addr, 'after')).toMatch(/^tb1\.knew\./);
    expect(c.decrypt(addr, old)).toBe('before');
  });

  it('names unknown keys and formats', () => {
    const c = new FieldCipher();
    expect(() => c.decrypt(addr, 'tb1.kzzz.a.b.c')).toThrow(
      expect.objectContaining({ code: 'CRYPTO.UNKNOWN_KEY' }),
    );
    expect(() => c.decrypt(addr, 'plaintext')).toThrow(
      expect.objectContaining({ code: 'CRYPTO.BAD_CIPHERTEXT' }),
    );
    expect(() => c.encrypt(addr, 'x')).toThrow(expect.objectContaining({ code: 'CRYPTO.NO_TENANT_KEY' }));
  });

  it('wraps data keys under the KEK, bound to their context', async () => {
    const kek = new LocalKeyProvider(Buffer.alloc(32, 7));
    const wrapped = await kek.wrap(Buffer.alloc(32, 9), 'tenant:t1:key:k1');
    expect(Buffer.from(await kek.unwrap(wrapped, 'tenant:t1:key:k1'))).toEqual(Buffer.alloc(32, 9));
    await expect(kek.unwrap(wrapped, 'tenant:t2:key:k1')).rejects.toMatchObject({
      code: 'CRYPTO.UNWRAP_FAILED',
    });
    await expect(
      new LocalKeyProvider(Buffer.alloc(32, 8)).unwrap(wrapped, 'tenant:t1:key:k1'),
    ).rejects.toMatchObject({ code: 'CRYPTO.UNWRAP_FAILED' });
  });

  it('reads the master key from its setting or a key file, and says what is wrong without echoing it', () => {
    const hex = 'ab'.repeat(32);
    expect(keyProviderFrom({ masterKey: hex }).kekId).toMatch(/^local:[0-9a-f]{12}$/);
    expect(keyProviderFrom({ masterKey: Buffer.alloc(32, 0xab).toString('base64') }).kekId).toBe(
      keyProviderFrom({ masterKey: hex }).kekId,
    );
    const dir = mkdtempSync(join(tmpdir(), 'tb-key-'));
    try {
      writeFileSync(join(dir, 'kek'), `${hex}\n`);
      expect(keyProviderFrom({ masterKeyFile: join(dir, 'kek') }).kekId).toBe(
        keyProviderFrom({ masterKey: hex }).kekId,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => keyProviderFrom({})).toThrow(expect.objectContaining({ code: 'CRYPTO.NO_MASTER_KEY' }));
    expect(() => keyProviderFrom({ masterKeyFile: '/nonexistent/kek' })).toThrow(
      expect.objectContaining({ code: 'CRYPTO.KEY_FILE_UNREADABLE' }),
    );
    try {
      parseMasterKey('too-short-secret');
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toMatchObject({ code: 'CRYPTO.BAD_MASTER_KEY' });
      expect(String((e as Error).message)).not.toContain('too-short-secret');
    }
  });
});

describe('blind index', () => {
  it('normalizes phones to E.164, emails to lower case, member ids to upper case without separators', () => {
    expect(normalizePhone('(555) 987-0123')).toBe('+15559870123');
    expect(normalizePhone('1-555-987-0123')).toBe('+15559870123');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('12345')).toBeUndefined();
    expect(normalizeEmail('  Pat.Example@Example.TEST ')).toBe('pat.example@example.test');
    expect(normalizeEmail('not an email')).toBeUndefined();
    expect(normalizeMemberId(' qzx-998 877 ')).toBe('QZX998877');
  });

  it('matches equal identifiers, separates kinds and keys', () => {
    const k1 = Buffer.alloc(32, 1);
    const k2 = Buffer.alloc(32, 2);
    expect(blindIndex(k1, 'phone', '555.987.0123')).toBe(blindIndex(k1, 'phone', '+1 555 987 0123'));
    expect(blindIndex(k1, 'phone', '555.987.0123')).not.toBe(blindIndex(k2, 'phone', '555.987.0123'));
    expect(blindIndex(k1, 'member', '5559870123')).not.toBe(blindIndex(k1, 'crm', '5559870123'));
    expect(blindIndex(k1, 'email', 'a@b.test')).toMatch(/^[0-9a-f]{64}$/);
    expect(() => blindIndex(k1, 'phone', 'call me')).toThrow(
      expect.objectContaining({ code: 'STORE.BAD_IDENTIFIER' }),
    );
  });
});
