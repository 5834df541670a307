import { z } from 'zod';
import { orderAnchors, type AuditAnchor } from './anchor';

export const AuditOutcome = z.enum(['success', 'denied', 'not_found', 'failure']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/**
 * Dotted verb names, e.g. `phi.read`, `phi.search`, `phi.export`, `phi.write`, `access.denied`,
 * `auth.login`, `auth.refused`, `key.create`, `key.rotate`, `audit.read`, `audit.export`,
 * `audit.verify`, `retention.purge`, `user.add`, `user.deactivate`, `tenant.create`.
 */
export const AuditAction = z.string().regex(/^[a-z][a-z-]*\.[a-z][a-z-]*$/, 'must look like "phi.read"');

/** Details must never hold PHI: ids, counts and reason codes only. */
export const AuditDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetails = z.infer<typeof AuditDetails>;

export const AuditEventInput = z.strictObject({
  tenantId: z.string().min(1),
  actorId: z.string().min(1),
  action: AuditAction,
  resourceType: z.string().min(1),
  resourceId: z.string().nullable().default(null),
  outcome: AuditOutcome,
  /** Where the request came from: client IP, `cli`, `worker`. */
  source: z.string().nullable().default(null),
  details: AuditDetails.default({}),
});
export type AuditEventInput = z.input<typeof AuditEventInput>;

/** One link of a tenant's chain as stored. `seq` starts at 1 and has no gaps. */
export interface AuditRecord {
  tenantId: string;
  seq: number;
  at: string;
  actorId: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  source: string | null;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

export const AUDIT_GENESIS_HASH = 'genesis';

/** A hex digest function, e.g. SHA-256, provided by the adapter so core stays free of I/O modules. */
export type HashFunction = (input: string) => string;

function canonicalDetails(details: AuditDetails): Array<[string, AuditDetails[string]]> {
  return Object.keys(details)
    .sort()
    .map((k) => [k, details[k]!]);
}

/** The exact bytes a link's hash covers: every field but the hash itself, in a fixed order. */
export function auditPayload(r: Omit<AuditRecord, 'hash'>): string {
  return JSON.stringify([
    'tb-audit-v1',
    r.tenantId,
    r.seq,
    r.at,
    r.actorId,
    r.action,
    r.resourceType,
    r.resourceId,
    r.outcome,
    r.source,
    canonicalDetails(r.details),
    r.prevHash,
  ]);
}

/** An event after validation: what `linkAuditRecord` needs, every field present. */
export type AuditEvent = z.output<typeof AuditEventInput>;

/** Builds the next link from the previous one (or the genesis when `prev` is undefined). */
export function nextAuditRecord(
  prev: Pick<AuditRecord, 'seq' | 'hash'> | undefined,
  input: AuditEventInput,
  at: string,
  hash: HashFunction,
): AuditRecord {
  return linkAuditRecord(prev, AuditEventInput.parse(input), at, hash);
}

/** Same, for an event already validated (the store's own events, on its hot write path). */
export function linkAuditRecord(
  prev: Pick<AuditRecord, 'seq' | 'hash'> | undefined,
  e: AuditEvent,
  at: string,
  hash: HashFunction,
): AuditRecord {
  const base: Omit<AuditRecord, 'hash'> = {
    tenantId: e.tenantId,
    seq: prev ? prev.seq + 1 : 1,
    at,
    actorId: e.actorId,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    outcome: e.outcome,
    source: e.source,
    details: e.details,
    prevHash: prev ? prev.hash : AUDIT_GENESIS_HASH,
  };
  return { ...base, hash: hash(auditPayload(base)) };
}

export type AuditVerification =
  | {
      ok: true;
      count: number;
      lastHash: string;
      /** How many anchors (written outside the database) the chain was compared with. */
      anchors?: number;
    }
  | {
      ok: false;
      count: number;
      brokenSeq: number;
      /**
       * `anchor-mismatch`: the chain links up but disagrees with an anchor written outside the
       * database (a rewrite plus re-hash); `brokenSeq` is then the first record no matching anchor
       * vouches for, i.e. one after the last anchor that still agrees.
       */
      reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' | 'tenant-mismatch' | 'anchor-mismatch';
      anchors?: number;
    };

/**
 * Walks one tenant's chain in order and reports the first link that does not hold. Feed it
 * records in `seq` order; it is incremental so a caller can stream millions of rows through it.
 */
export class AuditChainVerifier {
  private count = 0;
  private prevHash = AUDIT_GENESIS_HASH;
  private failure: AuditVerification | undefined;
  private readonly anchors: AuditAnchor[];
  private nextAnchor = 0;
  /** The last anchor the chain agreed with: everything up to it is vouched for from outside. */
  private vouchedSeq = 0;

  constructor(
    private readonly tenantId: string,
    private readonly hash: HashFunction,
    /** Omitted: the chain is checked on its own and results carry no `anchors` count. */
    anchors?: readonly AuditAnchor[],
  ) {
    this.anchored = anchors !== undefined;
    this.anchors = orderAnchors((anchors ?? []).filter((a) => a.tenantId === tenantId));
  }

  private readonly anchored: boolean;

  private withAnchors<T extends AuditVerification>(v: T): T {
    return this.anchored ? { ...v, anchors: this.anchors.length } : v;
  }

  /** Returns false once a broken link has been found; later records are ignored. */
  push(r: AuditRecord): boolean {
    if (this.failure) return false;
    const expectedSeq = this.count + 1;
    const fail = (reason: Extract<AuditVerification, { ok: false }>['reason']): boolean => {
      this.failure = { ok: false, count: this.count, brokenSeq: r.seq, reason };
      return false;
    };
    if (r.tenantId !== this.tenantId) return fail('tenant-mismatch');
    if (r.seq !== expectedSeq) {
      this.failure = { ok: false, count: this.count, brokenSeq: expectedSeq, reason: 'sequence-gap' };
      return false;
    }
    if (r.prevHash !== this.prevHash) return fail('prev-hash-mismatch');
    const { hash: stored, ...rest } = r;
    if (this.hash(auditPayload(rest)) !== stored) return fail('hash-mismatch');
    while (this.nextAnchor < this.anchors.length && this.anchors[this.nextAnchor]!.seq === r.seq) {
      if (this.anchors[this.nextAnchor]!.hash !== stored) {
        this.failure = this.withAnchors({
          ok: false,
          count: this.vouchedSeq,
          brokenSeq: this.vouchedSeq + 1,
          reason: 'anchor-mismatch',
        });
        return false;
      }
      this.nextAnchor++;
      this.vouchedSeq = r.seq;
    }
    this.count++;
    this.prevHash = stored;
    return true;
  }

  result(): AuditVerification {
    if (this.failure) return this.withAnchors(this.failure);
    if (this.nextAnchor < this.anchors.length) {
      // An anchor beyond the stored chain: records it vouched for are gone (a truncated tail).
      return this.withAnchors({
        ok: false,
        count: this.count,
        brokenSeq: this.count + 1,
        reason: 'sequence-gap',
      });
    }
    return this.withAnchors({ ok: true, count: this.count, lastHash: this.prevHash });
  }
}

export function verifyAuditChain(
  tenantId: string,
  records: Iterable<AuditRecord>,
  hash: HashFunction,
  anchors?: readonly AuditAnchor[],
): AuditVerification {
  const v = new AuditChainVerifier(tenantId, hash, anchors);
  for (const r of records) if (!v.push(r)) break;
  return v.result();
}
