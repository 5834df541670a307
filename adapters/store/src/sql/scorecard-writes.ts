import {
  carryOverrides,
  sameCriterionScoring,
  sameFindingCriterion,
  type AccessContext,
  type AcceptedOverride,
  type AuditEvent,
  type CoachingNote,
  type Escalation,
  type FindingStatus,
  type Scorecard,
  type StoredEscalation,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import { escalationWorkflowColumns, routedToOf } from './oversight';
import type { SqlExecutor, SqlValue } from './driver';
import { b } from './rows';

/** One score version of one interaction. */
export interface ScorecardSlot {
  tenantId: string;
  interactionId: string;
  version: number;
  now: string;
}

export async function writeScorecard(
  sql: SqlContext,
  tx: SqlExecutor,
  slot: ScorecardSlot,
  card: Scorecard,
  coaching: CoachingNote[],
  contentHash: string | null,
): Promise<void> {
  await tx.run(
    `INSERT INTO scorecards (${SCORECARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    scorecardRow(sql, slot, card, coaching, contentHash),
  );
}

export const SCORECARD_COLUMNS =
  'tenant_id, interaction_id, version, playbook_id, playbook_version, score, compliant, body_enc, coaching_enc, content_hash, created_at';

export function scorecardRow(
  sql: SqlContext,
  slot: ScorecardSlot,
  card: Scorecard,
  coaching: CoachingNote[],
  contentHash: string | null,
): SqlValue[] {
  const { tenantId, interactionId, version } = slot;
  const rowId = `${interactionId}/${version}`;
  return [
    tenantId,
    interactionId,
    version,
    card.playbook.id,
    card.playbook.version,
    card.score,
    b(card.compliant),
    sql.crypto.seal({ tenantId, table: 'scorecards', rowId, field: 'body_enc' }, card),
    sql.crypto.seal({ tenantId, table: 'scorecards', rowId, field: 'coaching_enc' }, coaching),
    contentHash,
    slot.now,
  ];
}

/** The rows a new interaction's detections become (nothing to keep from an earlier version). */
export function newEscalationRows(
  sql: SqlContext,
  tenantId: string,
  interactionId: string,
  escalations: Escalation[],
): SqlValue[][] {
  return escalations.map((e, idx) => [
    tenantId,
    interactionId,
    idx,
    e.type,
    e.severity,
    sql.crypto.seal(escalationAddress(tenantId, interactionId, idx), e),
  ]);
}

/** The list columns of an interaction follow its newest scorecard. */
export async function updateScoreSummary(
  tx: SqlExecutor,
  tenantId: string,
  interactionId: string,
  card: Scorecard,
  version: number,
  escalationCount: number,
  now: string,
): Promise<void> {
  await tx.run(
    'UPDATE interactions SET score = ?, compliant = ?, needs_review = ?, score_version = ?, playbook_id = ?, escalation_count = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
    [
      card.score,
      b(card.compliant),
      b(card.needsReview),
      version,
      card.playbook.id,
      escalationCount,
      now,
      tenantId,
      interactionId,
    ],
  );
}

const escalationAddress = (tenantId: string, interactionId: string, idx: number) => ({
  tenantId,
  table: 'escalations',
  rowId: `${interactionId}/${idx}`,
  field: 'body_enc',
});

/** Re-scoring replaces detections but keeps what people already did about the same detection. */
export async function writeEscalations(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  interactionId: string,
  escalations: Escalation[],
  existed: boolean,
): Promise<void> {
  const oldActions = existed
    ? await escalationActions(sql, tx, tenantId, interactionId)
    : new Map<string, Escalation['actions']>();
  if (existed) {
    await tx.run('DELETE FROM escalations WHERE tenant_id = ? AND interaction_id = ?', [
      tenantId,
      interactionId,
    ]);
  }
  for (const [idx, e] of escalations.entries()) {
    const kept = oldActions.get(`${e.type}/${e.utterance}`);
    // Where people routed it is part of what they did: a re-score keeps it with the actions.
    const keptRoute = kept ? routedToOf({ ...e, actions: kept }) : undefined;
    const merged: Escalation =
      kept && kept.length > e.actions.length
        ? { ...e, actions: kept, ...(keptRoute !== undefined ? { routedTo: keptRoute } : {}) }
        : e;
    await tx.run(
      'INSERT INTO escalations (tenant_id, interaction_id, idx, type, severity, body_enc, state, routed_to, last_action_at, last_action_by, utterance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        tenantId,
        interactionId,
        idx,
        e.type,
        e.severity,
        sql.crypto.seal(escalationAddress(tenantId, interactionId, idx), merged),
        ...escalationWorkflowColumns(merged),
      ],
    );
  }
}

/** The actions taken on each stored detection, keyed by what was detected where. */
async function escalationActions(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  interactionId: string,
): Promise<Map<string, Escalation['actions']>> {
  const old = await tx.all<{ idx: number; body_enc: string | null }>(
    'SELECT idx, body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ?',
    [tenantId, interactionId],
  );
  const actions = new Map<string, Escalation['actions']>();
  for (const o of old) {
    if (!o.body_enc) continue;
    const e = sql.crypto.open<Escalation>(escalationAddress(tenantId, interactionId, o.idx), o.body_enc);
    actions.set(`${e.type}/${e.utterance}`, e.actions);
  }
  return actions;
}

export async function loadEscalations(
  sql: SqlContext,
  tenantId: string,
  interactionId: string,
): Promise<StoredEscalation[]> {
  const rows = await sql.driver.all<{ idx: number; body_enc: string | null }>(
    'SELECT idx, body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ? ORDER BY idx',
    [tenantId, interactionId],
  );
  return rows.flatMap((r) =>
    r.body_enc
      ? [
          {
            index: Number(r.idx),
            ...sql.crypto.open<Escalation>(escalationAddress(tenantId, interactionId, r.idx), r.body_enc),
          },
        ]
      : [],
  );
}

/** A scorecard version as the override carry-over needs it. */
const scorecardAddress = (tenantId: string, interactionId: string, version: number) => ({
  tenantId,
  table: 'scorecards',
  rowId: `${interactionId}/${version}`,
  field: 'body_enc',
});

/**
 * Re-scoring keeps what supervisors decided. Called right after a new machine scorecard (version
 * `slot.version`) of an existing call was written: each accepted dispute of the call is carried
 * over (core/review `carryOverrides`). An override whose criterion still scores the same way is
 * re-applied as version `slot.version + 1` (same content hash, so a replay of the same machine
 * result stays "unchanged"; the machine version stays beside it). One whose criterion changed is
 * reopened for a supervisor to decide again; one whose criterion is gone lapses. Either way the
 * call is marked as needing review. Hands back the scorecard now in force, its version and the
 * audit events to append.
 */
export async function carryAcceptedOverrides(
  sql: SqlContext,
  tx: SqlExecutor,
  ctx: AccessContext,
  slot: ScorecardSlot,
  machine: Scorecard,
  coaching: CoachingNote[],
  contentHash: string | null,
): Promise<{ card: Scorecard; version: number; audit: AuditEvent[] }> {
  const { tenantId, interactionId } = slot;
  const rows = await tx.all<{
    id: string;
    criterion_id: string;
    requested_status: string;
    decided_by: string;
  }>(
    "SELECT id, criterion_id, requested_status, decided_by FROM finding_disputes WHERE tenant_id = ? AND interaction_id = ? AND status = 'accepted' ORDER BY decided_at, id",
    [tenantId, interactionId],
  );
  if (rows.length === 0 || slot.version < 2) return { card: machine, version: slot.version, audit: [] };
  // The newest decision on a criterion is the one in force.
  const byCriterion = new Map<string, AcceptedOverride>();
  for (const r of rows)
    byCriterion.set(r.criterion_id, {
      disputeId: r.id,
      criterionId: r.criterion_id,
      status: r.requested_status as FindingStatus,
      decidedBy: r.decided_by,
    });
  const prevRow = await tx.get<{ body_enc: string }>(
    'SELECT body_enc FROM scorecards WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
    [tenantId, interactionId, slot.version - 1],
  );
  const previous = prevRow
    ? sql.crypto.open<Scorecard>(
        scorecardAddress(tenantId, interactionId, slot.version - 1),
        prevRow.body_enc,
      )
    : undefined;
  const unchanged = await criterionComparer(tx, tenantId, previous, machine);
  const carried = carryOverrides(machine, [...byCriterion.values()], unchanged);
  const audit: AuditEvent[] = [];
  let version = slot.version;
  if (carried.card !== machine) {
    version = slot.version + 1;
    await writeScorecard(sql, tx, { ...slot, version }, carried.card, coaching, contentHash);
  }
  const machineStatus = (criterionId: string) =>
    machine.findings.find((f) => f.criterionId === criterionId)?.status ?? null;
  for (const o of carried.reapplied)
    audit.push(
      auditEvent(ctx, 'scorecard.override', 'scorecard', interactionId, {
        dispute: o.disputeId,
        criterionId: o.criterionId,
        machineStatus: machineStatus(o.criterionId),
        status: o.status,
        reason: 'rescore',
        fromVersion: slot.version,
        toVersion: version,
        scoreBefore: machine.score,
        scoreAfter: carried.card.score,
      }),
    );
  for (const o of carried.reopened) {
    await tx.run(
      "UPDATE finding_disputes SET status = 'open', machine_status = ?, decided_by = NULL, decided_at = NULL, score_after = NULL WHERE tenant_id = ? AND id = ?",
      [machineStatus(o.criterionId), tenantId, o.disputeId],
    );
    audit.push(
      auditEvent(ctx, 'review.dispute.reopen', 'scorecard', interactionId, {
        dispute: o.disputeId,
        criterionId: o.criterionId,
        reason: 'criterion-changed',
        playbookVersion: `${machine.playbook.id}@${machine.playbook.version}`,
        scoreVersion: version,
      }),
    );
  }
  for (const o of carried.lapsed)
    audit.push(
      auditEvent(ctx, 'scorecard.override.lapse', 'scorecard', interactionId, {
        dispute: o.disputeId,
        criterionId: o.criterionId,
        reason: 'criterion-removed',
        playbookVersion: `${machine.playbook.id}@${machine.playbook.version}`,
        scoreVersion: version,
      }),
    );
  return { card: carried.card, version, audit };
}

/**
 * Whether a criterion scores the same way in the superseded scorecard and the new one: same
 * playbook and version; else, with both versions in the catalog, the same scoring definition
 * (rule, rule versions or judge question, category, severity, weight); else the same finding
 * facts. Another playbook altogether is a change.
 */
async function criterionComparer(
  tx: SqlExecutor,
  tenantId: string,
  previous: Scorecard | undefined,
  next: Scorecard,
): Promise<(criterionId: string) => boolean> {
  if (!previous || previous.playbook.id !== next.playbook.id) return () => false;
  if (previous.playbook.version === next.playbook.version) return () => true;
  const definitions = async (version: string) => {
    if (!/^[1-9][0-9]*$/.test(version)) return undefined;
    const r = await tx.get<{ body: string }>(
      'SELECT body FROM playbook_versions WHERE tenant_id = ? AND playbook_id = ? AND version = ?',
      [tenantId, next.playbook.id, Number(version)],
    );
    if (!r) return undefined;
    const body = JSON.parse(String(r.body)) as {
      criteria?: Array<{ id: string } & Parameters<typeof sameCriterionScoring>[0]>;
    };
    return new Map((body.criteria ?? []).map((c) => [c.id, c]));
  };
  const [before, after] = [
    await definitions(previous.playbook.version),
    await definitions(next.playbook.version),
  ];
  return (criterionId) => {
    const a = before?.get(criterionId);
    const b = after?.get(criterionId);
    if (a && b) return sameCriterionScoring(a, b);
    const fa = previous.findings.find((f) => f.criterionId === criterionId);
    const fb = next.findings.find((f) => f.criterionId === criterionId);
    return fa !== undefined && fb !== undefined && sameFindingCriterion(fa, fb);
  };
}
