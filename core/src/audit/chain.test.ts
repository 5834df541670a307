import { AUDIT_GENESIS_HASH, nextAuditRecord, verifyAuditChain, type AuditRecord } from './chain';

// A toy digest keeps core's tests free of I/O modules; the chain logic does not care which hash.
const fnv = (s: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
};

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      nextAuditRecord(
        out[i - 1],
        {
          tenantId: 't-a',
          actorId: `u-${i}`,
          action: 'phi.read',
          resourceType: 'interaction',
          resourceId: `i-${i}`,
          outcome: 'success',
          details: { n: i },
        },
        `2026-01-01T00:00:0${i}.000Z`,
        fnv,
      ),
    );
  }
  return out;
}

describe('audit chain', () => {
  it('links from the genesis and verifies', () => {
    const c = chain(5);
    expect(c[0]!.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(c[3]!.prevHash).toBe(c[2]!.hash);
    expect(verifyAuditChain('t-a', c, fnv)).toEqual({ ok: true, count: 5, lastHash: c[4]!.hash });
  });

  it('names the first tampered link', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, actorId: 'u-X' };
    expect(verifyAuditChain('t-a', c, fnv)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      reason: 'hash-mismatch',
    });
  });

  it('detects a deleted link and a re-hashed forgery', () => {
    const c = chain(5);
    expect(verifyAuditChain('t-a', [c[0]!, c[1]!, c[3]!, c[4]!], fnv)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      reason: 'sequence-gap',
    });
    const forged = { ...c[1]!, details: { n: 99 } };
    const { seq: _s, at: _a, prevHash: _p, hash: _h, ...input } = forged;
    const rehashed = nextAuditRecord(c[0], input, forged.at, fnv);
    expect(verifyAuditChain('t-a', [c[0]!, rehashed, c[2]!], fnv)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('hashes details independent of key order', () => {
    const a = nextAuditRecord(
      undefined,
      {
        tenantId: 't',
        actorId: 'a',
        action: 'x.y',
        resourceType: 'r',
        outcome: 'success',
        details: { a: 1, b: 2 },
      },
      'at',
      fnv,
    );
    const b = nextAuditRecord(
      undefined,
      {
        tenantId: 't',
        actorId: 'a',
        action: 'x.y',
        resourceType: 'r',
        outcome: 'success',
        details: { b: 2, a: 1 },
      },
      'at',
      fnv,
    );
    expect(a.hash).toBe(b.hash);
  });

  it('rejects a malformed action name', () => {
    expect(() =>
      nextAuditRecord(
        undefined,
        { tenantId: 't', actorId: 'a', action: 'READ', resourceType: 'r', outcome: 'success' },
        'at',
        fnv,
      ),
    ).toThrow();
  });
});
