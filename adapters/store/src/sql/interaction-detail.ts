import {
  deidentifyScorecard,
  type AccessContext,
  type CoachingNote,
  type DeidentifiedScorecard,
  type Interaction,
  type InteractionDetail,
  type RecordingRef,
  type ResourceType,
  type Scorecard,
} from '@teachback/core';
import { allows, interactionResource } from './access-check';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row, SqlExecutor } from './driver';
import type { InteractionPhi } from './interaction-save';
import { toSummary, type InteractionRow } from './rows';
import { loadEscalations } from './scorecard-writes';

interface ScoredParts {
  scorecard: Scorecard | null;
  deidentified: DeidentifiedScorecard | null;
  coaching: CoachingNote[];
}

/**
 * One interaction as the actor may see it (minimum necessary): each part (transcript, recording
 * URIs, scorecard evidence, escalations, coaching, the caller's identity) only for who may read it.
 */
export async function readInteractionDetail(
  sql: SqlContext,
  ctx: AccessContext,
  tenantId: string,
  id: string,
): Promise<InteractionDetail> {
  const row = await sql.access.interactionRow(ctx, tenantId, id, 'interaction', 'read');
  await sql.crypto.load(tenantId);
  const can = (type: ResourceType): boolean => allows(ctx.actor, 'read', interactionResource(type, row));
  const phi: InteractionPhi | null = row.phi_enc
    ? sql.crypto.open({ tenantId, table: 'interactions', rowId: id, field: 'phi_enc' }, row.phi_enc)
    : null;
  const canRecording = can('recording');
  const recordings = await readRecordings(sql, sql.driver, tenantId, id, canRecording);
  const canTranscript = can('transcript');
  const transcript = canTranscript ? await readTranscript(sql, sql.driver, tenantId, id) : undefined;
  const scored = await readScorecard(sql, row, can);
  if (scored.scorecard && !canTranscript) {
    // Evidence quotes are transcript excerpts: who may not read the transcript gets the judgement only.
    scored.deidentified = deidentifyScorecard(scored.scorecard);
    scored.scorecard = null;
  }
  const escalations = can('escalation') ? await loadEscalations(sql, tenantId, id) : [];
  // Who the caller was is for those who may read the call itself or the contact (minimum
  // necessary): an admin browsing scores sees the agents, not the patient.
  const canIdentity = canTranscript || can('contact');
  const interaction = assemble(row, phi, canIdentity, recordings, transcript);
  await sql.audit.append(
    auditEvent(ctx, canIdentity ? 'phi.read' : 'record.read', 'interaction', id, {
      transcript: transcript !== undefined,
      recordings: canRecording,
    }),
  );
  const { scorecard, deidentified, coaching } = scored;
  return {
    summary: toSummary(row),
    interaction,
    scorecard,
    deidentifiedScorecard: deidentified,
    escalations,
    coaching,
  };
}

function assemble(
  row: InteractionRow,
  phi: InteractionPhi | null,
  canIdentity: boolean,
  recordings: RecordingRef[],
  transcript: Interaction['transcript'],
): Interaction {
  const body = JSON.parse(row.body) as Omit<Interaction, 'participants' | 'recordings'>;
  let wrapUp = phi?.wrapUp;
  if (wrapUp && !canIdentity) {
    const { notes: _notes, ...codes } = wrapUp;
    wrapUp = codes;
  }
  return {
    ...body,
    tenantId: row.tenant_id,
    participants: (phi?.participants ?? []).filter((p) => canIdentity || p.role !== 'customer'),
    ...(wrapUp ? { wrapUp } : {}),
    ...(phi?.contact && canIdentity ? { contact: phi.contact } : {}),
    recordings,
    ...(transcript ? { transcript } : {}),
  };
}

/** A stored interaction's transcript, opened; `db` is the driver or a transaction. */
export async function readTranscript(
  sql: SqlContext,
  db: SqlExecutor,
  tenantId: string,
  id: string,
): Promise<Interaction['transcript']> {
  const t = await db.get<{ body_enc: string }>(
    'SELECT body_enc FROM transcripts WHERE tenant_id = ? AND interaction_id = ?',
    [tenantId, id],
  );
  return t
    ? sql.crypto.open({ tenantId, table: 'transcripts', rowId: id, field: 'body_enc' }, t.body_enc)
    : undefined;
}

/** The newest score version, with coaching notes for who may read them. */
async function readScorecard(
  sql: SqlContext,
  row: InteractionRow,
  can: (type: ResourceType) => boolean,
): Promise<ScoredParts> {
  const out: ScoredParts = { scorecard: null, deidentified: null, coaching: [] };
  if (!row.score_version || !can('scorecard')) return out;
  const tenantId = row.tenant_id;
  const s = await sql.driver.get<{
    body_enc: string | null;
    coaching_enc: string | null;
    deidentified: string | null;
  }>(
    'SELECT body_enc, coaching_enc, deidentified FROM scorecards WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
    [tenantId, row.id, row.score_version],
  );
  const rowId = `${row.id}/${row.score_version}`;
  if (s?.body_enc)
    out.scorecard = sql.crypto.open({ tenantId, table: 'scorecards', rowId, field: 'body_enc' }, s.body_enc);
  if (s?.deidentified) out.deidentified = JSON.parse(s.deidentified) as DeidentifiedScorecard;
  if (s?.coaching_enc && can('coaching'))
    out.coaching = sql.crypto.open(
      { tenantId, table: 'scorecards', rowId, field: 'coaching_enc' },
      s.coaching_enc,
    );
  return out;
}

/** A stored interaction's recordings, in id order; `db` is the driver or a transaction. */
export async function readRecordings(
  sql: SqlContext,
  db: SqlExecutor,
  tenantId: string,
  id: string,
  withUri: boolean,
): Promise<RecordingRef[]> {
  const rows = await db.all(
    'SELECT * FROM recordings WHERE tenant_id = ? AND interaction_id = ? ORDER BY id',
    [tenantId, id],
  );
  return rows.map((r) => toRecording(sql, tenantId, id, r, withUri));
}

export function toRecording(
  sql: SqlContext,
  tenantId: string,
  interactionId: string,
  r: Row,
  withUri: boolean,
): RecordingRef {
  const rec: RecordingRef = { id: String(r.id) };
  if (r.media_type !== null) rec.mediaType = String(r.media_type);
  if (r.duration_ms !== null) rec.durationMs = Number(r.duration_ms);
  if (r.channels !== null) rec.channels = Number(r.channels);
  if (r.customer_channel !== null) rec.customerChannel = Number(r.customer_channel);
  if (withUri && r.uri_enc) {
    rec.uri = sql.crypto.open(
      { tenantId, table: 'recordings', rowId: `${interactionId}/${String(r.id)}`, field: 'uri_enc' },
      String(r.uri_enc),
    );
  }
  return rec;
}
