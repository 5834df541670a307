import type { CoachingNote, Escalation, Scorecard, StoredEscalation } from '@teachback/core';
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
