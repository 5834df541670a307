import { orderAnchors, type AuditAnchor } from './anchor';
import { nextAuditRecord, verifyAuditChain, type AuditRecord } from './chain';

const fnv = (s: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
};

function event(i: number, n = i) {
  return {
    tenantId: 't-a',
    actorId: `u-${i}`,
    action: 'phi.write',
    resourceType: 'interaction',
    resourceId: `i-${i}`,
    outcome: 'success' as const,
    details: { n },
  };
}

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++)
    out.push(nextAuditRecord(out[i - 1], event(i), `2026-01-01T00:00:0${i}.000Z`, fnv));
  return out;
}

const anchorAt = (c: AuditRecord[], seq: number): AuditAnchor => ({
  tenantId: 't-a',
  seq,
  hash: c[seq - 1]!.hash,
  at: '2026-01-01T00:01:00.000Z',
});

/** What a superuser does: change record `seq`, then re-link and re-hash every record after it. */
function rewriteFrom(c: AuditRecord[], seq: number): AuditRecord[] {
  const out = c.slice(0, seq - 1);
  for (let i = seq - 1; i < c.length; i++) {
    const r = c[i]!;
    out.push(nextAuditRecord(out[i - 1], event(i, i === seq - 1 ? 999 : i), r.at, fnv));
  }
  return out;
}

describe('audit chain against anchors', () => {
  it('passes a chain that agrees with its anchors and counts them', () => {
    const c = chain(6);
    expect(verifyAuditChain('t-a', c, fnv, [anchorAt(c, 2), anchorAt(c, 4), anchorAt(c, 6)])).toEqual({
      ok: true,
      count: 6,
      lastHash: c[5]!.hash,
      anchors: 3,
    });
  });

  it('catches a rewrite plus re-hash, which the chain alone accepts, naming the first record past the last agreeing anchor', () => {
    const c = chain(6);
    const anchors = [anchorAt(c, 2), anchorAt(c, 4), anchorAt(c, 6)];
    const forged = rewriteFrom(c, 3);
    expect(verifyAuditChain('t-a', forged, fnv)).toMatchObject({ ok: true });
    expect(verifyAuditChain('t-a', forged, fnv, anchors)).toEqual({
      ok: false,
      count: 2,
      brokenSeq: 3,
      reason: 'anchor-mismatch',
      anchors: 3,
    });
  });

  it('catches a tail cut back past an anchor', () => {
    const c = chain(6);
    expect(verifyAuditChain('t-a', c.slice(0, 4), fnv, [anchorAt(c, 5)])).toMatchObject({
      ok: false,
      brokenSeq: 5,
      reason: 'sequence-gap',
    });
  });

  it("ignores other tenants' anchors and duplicates", () => {
    const c = chain(3);
    const other = { ...anchorAt(c, 2), tenantId: 't-b', hash: 'nope' };
    expect(orderAnchors([anchorAt(c, 3), anchorAt(c, 1), anchorAt(c, 3)]).map((a) => a.seq)).toEqual([1, 3]);
    expect(verifyAuditChain('t-a', c, fnv, [other, anchorAt(c, 3), anchorAt(c, 3)])).toMatchObject({
      ok: true,
      anchors: 1,
    });
  });
});
