/**
 * Anchors: a tenant chain's head `(seq, hash)` written somewhere the database cannot reach.
 *
 * The hash chain alone proves nothing against someone who can rewrite the table: a database
 * superuser can change a row and re-hash every link after it, and the chain links up again. An
 * anchor written outside the database at checkpoint time pins what the head was; since each hash
 * covers its predecessor, an anchor at `seq` vouches for every record up to `seq`. Verification
 * compares the stored chain with the anchors (see `AuditChainVerifier`).
 */
export interface AuditAnchor {
  tenantId: string;
  /** The head's position when the checkpoint was taken. */
  seq: number;
  /** The stored hash of the record at `seq`. */
  hash: string;
  /** When the checkpoint was taken (ISO instant). */
  at: string;
}

/**
 * Where anchors go. Implementations must be append-only from the store's point of view (an
 * append-only file with fsync; object storage with write-once retention) and durable once
 * `append` resolves. `read` returns a tenant's anchors in any order; duplicates are allowed.
 */
export interface AuditAnchorLog {
  append(anchors: readonly AuditAnchor[]): Promise<void>;
  read(tenantId: string): Promise<AuditAnchor[]>;
}

/** Sorted by seq, duplicates dropped; two different hashes for one seq are both kept (a conflict is itself tamper evidence). */
export function orderAnchors(anchors: readonly AuditAnchor[]): AuditAnchor[] {
  const seen = new Set<string>();
  const out: AuditAnchor[] = [];
  for (const a of [...anchors].sort((x, y) => x.seq - y.seq)) {
    const k = `${a.seq}:${a.hash}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}
