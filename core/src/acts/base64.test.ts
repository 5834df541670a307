import { decodeBase64, encodeBase64 } from './base64';

/** Deterministic bytes (xorshift), so a failure reproduces. */
function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed | 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 255;
  }
  return out;
}

describe('base64 of the weight tables', () => {
  it('decodes what it encodes, for every length modulo 3 (padding and none)', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = bytesOf(length, length + 7);
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
    const large = bytesOf(30_001, 99);
    expect(decodeBase64(encodeBase64(large))).toEqual(large);
  });

  it('agrees with the standard encoding', () => {
    const bytes = bytesOf(1_000, 3);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(decodeBase64('aGVsbG8gd29ybGQ=')).toEqual(new Uint8Array(Buffer.from('hello world')));
  });

  it.each([
    ['a length that is not a multiple of 4', 'aGVsbG8'],
    ['padding before the last quad', 'aG=sbG8gd29y'],
    ['padding inside a quad of the body', 'aGVs=G8gd29ybGQ='],
    ['a character outside the alphabet', 'aGVs*G8gd29ybGQ='],
    ['a character outside the alphabet in the last quad', 'aGVsbG8gd29yb*Q='],
    ['a non-ASCII character', 'aGVsbG8gd29\u00e9bGQ='],
    ['a non-ASCII character that folds onto the alphabet', 'aGVsbG8g\u0161d29ybGQ='],
  ])('rejects %s', (_, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});
