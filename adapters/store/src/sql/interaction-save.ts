import {
  TeachbackError,
  type AccessContext,
  type AuditEvent,
  type Interaction,
  type InteractionSaveOptions,
  type SaveResult,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import {
  CALL_FACT_COLUMNS,
  SHARED_ROLLUP_TABLES,
  callFactsOf,
  moveCallDaily,
  type CallFacts,
} from './call-rollups';
import {
  callDigests,
  contactKeysLookup,
  indexContacts,
  type CallDigests,
  type ContactKeyRow,
} from './contacts';
import type { SqlContext } from './context';
import { deferWrites } from './deferred-writes';
import type { Row, SqlExecutor, SqlValue } from './driver';
import { sha256, sha256Parts, stableStringify } from './hashing';
import { readRecordings, readTranscript } from './interaction-detail';
import { personKeyOf, writeMetricFacts, writeMetricFactsMany } from './metrics';
import { b, iso, num } from './rows';
import { indexCallFacts, indexNewCallFacts } from './reviews';
import {
  carryAcceptedOverrides,
  updateScoreSummary,
  writeEscalations,
  writeScorecard,
} from './scorecard-writes';
import type { ParsedRecord } from './validation';

/** The PHI half of an interaction, sealed as one value. */
export interface InteractionPhi {
  participants: Interaction['participants'];
  wrapUp?: Interaction['wrapUp'];
  contact?: Interaction['contact'];
}

export interface RecordHashes {
  interaction: string;
  score: string | null;
  transcriptJson: string;
}

/** Also the call's roll-up facts (CALL_FACT_COLUMNS), to move call_daily by the difference. */
interface ExistingRow extends Row {
  id: string;
  content_hash: string;
  score_version: number | null;
  contact_id: string | null;
  team_id: string | null;
}

/** Where one save writes: the row, its time, and who is on the call. */
export interface SaveTarget {
  tenantId: string;
  id: string;
  now: string;
  agentIds: string[];
  teamId: string | null;
  contactId: string | null;
}

/**
 * One interaction record, upserted inside the caller's transaction. A replay writes nothing; a
 * changed call rewrites the interaction, a changed scorecard adds a score version. With
 * `deferredAudit` the audit event is handed back instead of appended (batch saves chain them last).
 */
export async function saveInteractionTx(
  sql: SqlContext,
  outer: SqlExecutor,
  ctx: AccessContext,
  tenantId: string,
  rec: ParsedRecord,
  deferredAudit?: AuditEvent[],
  options: InteractionSaveOptions = {},
): Promise<SaveResult> {
  // Writes travel together until the next read (PostgreSQL): about half the round trips. The
  // shared roll-up cells go last, so concurrent writers wait for their rows the shortest time.
  const tx = deferWrites(sql.driver, outer, { last: SHARED_ROLLUP_TABLES });
  const saved = await writeRecord(sql, tx, ctx, tenantId, rec, deferredAudit, options);
  await tx.flush();
  return saved;
}

async function writeRecord(
  sql: SqlContext,
  tx: SqlExecutor,
  ctx: AccessContext,
  tenantId: string,
  incoming: ParsedRecord,
  deferredAudit?: AuditEvent[],
  options: InteractionSaveOptions = {},
): Promise<SaveResult> {
  const agentIds = callAgents(incoming.interaction);
  const { existing, idTaken, agentTeam, contactKeys } = await findExisting(
    sql,
    tx,
    tenantId,
    incoming.interaction,
    incoming.teamId ? undefined : agentIds[0],
  );
  // Read after findExisting locked the row (SQLite: the whole database), so what another writer
  // committed before is what is kept, and nothing can commit between this read and the write.
  let rec =
    existing && options.keepStored ? await keepStored(sql, tx, tenantId, existing.id, incoming) : incoming;
  const i = rec.interaction;
  const hashes = hashRecord(rec);
  const id = existing?.id ?? i.id;
  const latestScoreHash = await latestScorecardHash(tx, tenantId, id, existing);
  const interactionChanged = !existing || existing.content_hash !== hashes.interaction;
  const scoreChanged = hashes.score !== null && hashes.score !== latestScoreHash;
  if (!interactionChanged && !scoreChanged) {
    const scoreVersion = num(existing?.score_version);
    return { id, outcome: 'unchanged', scoreVersion, contactId: existing?.contact_id ?? null };
  }
  if (!existing && idTaken) throw idConflict(id);
  // A call without a team is filed under its first agent's first team.
  const teamId = rec.teamId ?? agentTeam;
  const target: SaveTarget = {
    tenantId,
    id,
    now: sql.now(),
    agentIds,
    teamId,
    contactId: existing?.contact_id ?? null,
  };
  if (interactionChanged) {
    target.contactId = (await indexContacts(sql, tx, tenantId, i, contactKeys)) ?? target.contactId;
    await upsertInteraction(sql, tx, target, rec, hashes.interaction, existing !== undefined, scoreChanged);
    await writeTranscript(
      sql,
      tx,
      target,
      hashes.transcriptJson,
      existing !== undefined,
      i.transcript !== undefined,
    );
    await writeRecordings(sql, tx, target, i.recordings, existing !== undefined);
  }
  let scoreVersion = num(existing?.score_version);
  if (scoreChanged && rec.scorecard) {
    scoreVersion = (scoreVersion ?? 0) + 1;
    let card = { ...rec.scorecard, interactionId: id };
    const slot = { tenantId, interactionId: id, version: scoreVersion, now: target.now };
    await writeScorecard(sql, tx, slot, card, rec.coaching, hashes.score);
    await writeEscalations(sql, tx, tenantId, id, rec.escalations, existing !== undefined);
    if (existing) {
      // Supervisors' accepted overrides survive a re-score (scorecard-writes.ts).
      const kept = await carryAcceptedOverrides(sql, tx, ctx, slot, card, rec.coaching, hashes.score);
      ({ card, version: scoreVersion } = kept);
      rec = { ...rec, scorecard: card };
      for (const e of kept.audit) await auditSave(sql, tx, e, deferredAudit);
      await updateScoreSummary(tx, tenantId, id, card, scoreVersion, rec.escalations.length, target.now);
    }
  }
  // The daily call roll-up (call-rollups.ts) moves by this save's difference: one statement.
  const before = existing ? callFactsOf(existing) : null;
  await moveCallDaily(tx, tenantId, [
    [before, callFactsAfter(rec, target, interactionChanged, scoreChanged, before)],
  ]);
  await afterSave(sql, tx, tenantId, [{ target, rec, existed: existing !== undefined, scoreChanged }]);
  const outcome = existing ? 'updated' : 'created';
  const details = { outcome, interactionChanged, scoreVersion: scoreChanged ? scoreVersion : null };
  await auditSave(sql, tx, auditEvent(ctx, 'phi.write', 'interaction', id, details), deferredAudit);
  return { id, outcome, scoreVersion, contactId: target.contactId };
}

/** One record a save (or a batch) has just written: what the per-save hooks need. */
export interface SavedCall {
  target: SaveTarget;
  rec: ParsedRecord;
  /** The row was there before this save (an update), not inserted by it. */
  existed: boolean;
  /** The save wrote a new score version. */
  scoreChanged: boolean;
}

/**
 * THE place per-save hooks run: everything a save keeps in step besides its own rows, in the
 * save's transaction, for `save` (one call) and the `saveMany` fast path (the whole batch at
 * once) alike. A hook takes the list so that a batch can write in bulk; one that cannot loops.
 * Not run for a replay that changed nothing.
 */
export async function afterSave(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  calls: readonly SavedCall[],
): Promise<void> {
  // The review index (sql/reviews.ts): calls new to the store in bulk, updated ones re-keyed.
  await indexNewCallFacts(
    tx,
    tenantId,
    calls
      .filter((c) => !c.existed)
      .map(({ target: t, rec, scoreChanged }) => ({
        interactionId: t.id,
        occurredAt: occurredAtOf(rec.interaction, t.now),
        teamId: t.teamId,
        primaryAgentId: t.agentIds[0] ?? null,
        card: scoreChanged ? rec.scorecard : undefined,
      })),
  );
  for (const { target: t, rec, scoreChanged } of calls.filter((c) => c.existed)) {
    await indexCallFacts(
      tx,
      tenantId,
      t.id,
      rec.interaction.callType,
      scoreChanged && rec.scorecard ? rec.scorecard : undefined,
    );
  }
  // Metrics facts and their day cells (sql/metrics.ts) change with the call or its score, in the
  // same transaction: new calls in bulk, updated ones each against the row they had.
  const facts = calls.map(({ target: t, rec, existed, scoreChanged }) => {
    const { scorecard: _unchangedCard, ...withoutCard } = rec;
    return { existed, t, rec: scoreChanged ? rec : withoutCard };
  });
  await writeMetricFactsMany(
    sql,
    tx,
    tenantId,
    facts.filter((f) => !f.existed).map((f) => [f.t, f.rec] as const),
  );
  for (const f of facts.filter((x) => x.existed))
    await writeMetricFacts(
      tx,
      { ...f.t, contactId: personKeyOf(sql, tenantId, f.rec.interaction, f.t.contactId) },
      f.rec,
    );
}

/** The list column `occurred_at`: when the call started, else when it was first stored. */
function occurredAtOf(i: Interaction, now: string): string {
  return i.startedAt ? iso(i.startedAt) : now;
}

/**
 * zod rebuilds parsed objects in schema order, so plain JSON is canonical except for the one
 * free-form record (attributes), which is sorted; this is the hot path of every ingest. The
 * transcript is the bulk of a record: serialized once for both the hash and the seal.
 */
export function hashRecord(rec: ParsedRecord): RecordHashes {
  const i = rec.interaction;
  const { id: _ignored, transcript: _t, ...identityOfContent } = i;
  const transcriptJson = i.transcript ? JSON.stringify(i.transcript) : 'null';
  const interaction = sha256Parts(
    JSON.stringify([identityOfContent, stableStringify(i.attributes), rec.teamId ?? null]),
    transcriptJson,
  );
  const score = rec.scorecard
    ? sha256(JSON.stringify([{ ...rec.scorecard, scoredAt: null }, rec.escalations, rec.coaching]))
    : null;
  return { interaction, score, transcriptJson };
}

/** The agent's-team row of findExisting's UNION, in CALL_FACT_COLUMNS order (call-rollups.ts). */
const TEAM_ROW_FACTS =
  'NULL AS occurred_at, u.team_ids AS team_id, NULL AS primary_agent_id, NULL AS queue_name, NULL AS score, NULL AS compliant, NULL AS needs_review, NULL AS escalation_count';

/** The contact-key row of findExisting's UNION (PostgreSQL), in its column order: a ContactKeyRow. */
const KEY_ROW_COLUMNS =
  "'key' AS k, NULL AS id, c.identity_enc AS content_hash, NULL AS score_version, k.contact_id, k.kind AS platform, k.digest AS external_id, NULL AS occurred_at, NULL AS team_id, NULL AS primary_agent_id, NULL AS queue_name, NULL AS score, NULL AS compliant, NULL AS needs_review, NULL AS escalation_count";

/**
 * The row this source record already has, whether its id is taken by another source, and (given
 * the call's first agent) that agent's first team: one statement, the source's row locked. On
 * PostgreSQL the same statement also looks up the call's contact keys (`contactKeys`, for
 * indexContacts): one round trip for all three. SQLite (no round trips) runs them apart, and
 * indexContacts does its own lookup.
 */
async function findExisting(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  i: Interaction,
  agentId: string | undefined,
): Promise<{
  existing: ExistingRow | undefined;
  idTaken: boolean;
  agentTeam: string | null;
  contactKeys?: { call: CallDigests; rows: ContactKeyRow[] };
}> {
  const own = `SELECT 'row' AS k, id, content_hash, score_version, contact_id, platform, external_id, ${CALL_FACT_COLUMNS} FROM interactions WHERE tenant_id = ? AND ((platform = ? AND external_id = ?) OR id = ?)${sql.driver.forUpdate}`;
  const params: SqlValue[] = [tenantId, i.source.platform, i.source.externalId, i.id];
  const team = `SELECT 'team' AS k, NULL AS id, NULL AS content_hash, NULL AS score_version, NULL AS contact_id, NULL AS platform, NULL AS external_id, ${TEAM_ROW_FACTS} FROM user_agent_ids a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE a.tenant_id = ? AND a.agent_id = ?`;
  type Found = ExistingRow & { k: string; platform: string; external_id: string };
  let rows: Found[];
  let call: CallDigests | undefined;
  if (sql.driver.kind === 'postgres') {
    // One round trip instead of two or three (SQLite has none to save, and plans them faster apart).
    call = callDigests(sql, tenantId, i);
    const arms = [`WITH e AS (${own}) SELECT * FROM e`];
    if (agentId !== undefined) {
      arms.push(team);
      params.push(tenantId, agentId);
    }
    if (call.digests.length > 0) {
      arms.push(contactKeysLookup(call.digests.length, KEY_ROW_COLUMNS));
      params.push(tenantId, ...call.digests.map((d) => d.digest));
    }
    rows = await tx.all<Found>(arms.join(' UNION ALL '), params);
  } else if (agentId === undefined) rows = await tx.all<Found>(own, params);
  else
    rows = [
      ...(await tx.all<Found>(own, params)),
      ...(await tx.all<Found>(`${team} LIMIT 1`, [tenantId, agentId])),
    ];
  const agent = rows.find((r) => r.k === 'team');
  const mine = rows.filter((r) => r.k === 'row');
  const existing = mine.find(
    (r) => r.platform === i.source.platform && r.external_id === i.source.externalId,
  );
  return {
    existing,
    idTaken: mine.some((r) => r !== existing && r.id === i.id),
    agentTeam: agent ? ((JSON.parse(agent.team_id!) as string[])[0] ?? null) : null,
    ...(call
      ? {
          contactKeys: {
            call,
            rows: rows
              .filter((r) => r.k === 'key')
              .map((r) => ({
                kind: r.platform,
                digest: r.external_id,
                contact_id: r.contact_id!,
                identity_enc: r.content_hash,
              })),
          },
        }
      : {}),
  };
}

/** `keepStored`: the stored transcript and recordings where the record has none. */
async function keepStored(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  id: string,
  rec: ParsedRecord,
): Promise<ParsedRecord> {
  const i = rec.interaction;
  const transcript = i.transcript ?? (await readTranscript(sql, tx, tenantId, id));
  const recordings =
    i.recordings.length > 0 ? i.recordings : await readRecordings(sql, tx, tenantId, id, true);
  if (transcript === i.transcript && recordings === i.recordings) return rec;
  return { ...rec, interaction: { ...i, recordings, ...(transcript ? { transcript } : {}) } };
}

async function latestScorecardHash(
  tx: SqlExecutor,
  tenantId: string,
  id: string,
  existing: ExistingRow | undefined,
): Promise<string | null> {
  if (!existing?.score_version) return null;
  const s = await tx.get<{ content_hash: string }>(
    'SELECT content_hash FROM scorecards WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
    [tenantId, id, existing.score_version],
  );
  return s?.content_hash ?? null;
}

function idConflict(id: string): TeachbackError {
  return new TeachbackError(
    'STORE.CONFLICT',
    `interaction id ${id} is already used by another source record`,
  );
}

export function callAgents(i: Interaction): string[] {
  return [...new Set(i.participants.filter((p) => p.role === 'agent' && p.userId).map((p) => p.userId!))];
}

async function upsertInteraction(
  sql: SqlContext,
  tx: SqlExecutor,
  t: SaveTarget,
  rec: ParsedRecord,
  contentHash: string,
  existed: boolean,
  scoreChanged: boolean,
): Promise<void> {
  const cols = interactionColumns(sql, t, rec.interaction, contentHash);
  if (existed) {
    await tx.run(
      'UPDATE interactions SET channel = ?, direction = ?, occurred_at = ?, started_at = ?, ended_at = ?, duration_ms = ?, agent_ids = ?, primary_agent_id = ?, team_id = ?, queue_name = ?, contact_id = ?, content_hash = ?, body = ?, phi_enc = ?, updated_at = ?, purged_at = NULL WHERE tenant_id = ? AND id = ?',
      [...cols, t.tenantId, t.id],
    );
    return;
  }
  await tx.run(`INSERT INTO interactions (${NEW_INTERACTION_COLUMNS}) VALUES ${rowMarks(27, 1)}`, [
    ...newInteractionRow(sql, t, rec, contentHash, scoreChanged),
  ]);
}

export const NEW_INTERACTION_COLUMNS =
  'channel, direction, occurred_at, started_at, ended_at, duration_ms, agent_ids, primary_agent_id, team_id, queue_name, contact_id, content_hash, body, phi_enc, updated_at, tenant_id, id, platform, external_id, created_at, score, compliant, needs_review, score_version, playbook_id, escalation_count, review_call_type';

/** `(?, ?, …), (?, ?, …)`: `rows` groups of `width` placeholders. */
export function rowMarks(width: number, rows: number): string {
  const one = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}

/** A new row carries its score summary from the start: one statement fewer per ingest. */
export function newInteractionRow(
  sql: SqlContext,
  t: SaveTarget,
  rec: ParsedRecord,
  contentHash: string,
  scoreChanged: boolean,
): SqlValue[] {
  const sc = scoreChanged ? rec.scorecard : undefined;
  return [
    ...interactionColumns(sql, t, rec.interaction, contentHash),
    t.tenantId,
    t.id,
    rec.interaction.source.platform,
    rec.interaction.source.externalId,
    t.now,
    sc ? sc.score : null,
    sc ? b(sc.compliant) : null,
    sc ? b(sc.needsReview) : 0,
    sc ? 1 : null,
    sc ? sc.playbook.id : null,
    sc ? rec.escalations.length : 0,
    rec.interaction.callType ?? null,
  ];
}

/** When a call happened: its start, or the time it was first stored when it has none. */
const occurredAt = (i: Interaction, now: string): string => (i.startedAt ? iso(i.startedAt) : now);

/**
 * What a save leaves in the roll-up columns of the row: the interaction's key columns when it
 * was rewritten, the scorecard's summary when a new score version was written, else as before.
 */
export function callFactsAfter(
  rec: ParsedRecord,
  t: SaveTarget,
  interactionChanged: boolean,
  scoreChanged: boolean,
  before: CallFacts | null,
): CallFacts {
  const i = rec.interaction;
  const card = scoreChanged ? rec.scorecard : undefined;
  const key =
    interactionChanged || !before
      ? {
          occurredAt: occurredAt(i, t.now),
          teamId: t.teamId,
          agentId: t.agentIds[0] ?? null,
          queue: i.queue?.name ?? null,
        }
      : before;
  return {
    occurredAt: key.occurredAt,
    teamId: key.teamId,
    agentId: key.agentId,
    queue: key.queue,
    score: card ? card.score : (before?.score ?? null),
    compliant: card ? card.compliant : (before?.compliant ?? null),
    needsReview: card ? card.needsReview : (before?.needsReview ?? false),
    escalations: card ? rec.escalations.length : (before?.escalations ?? 0),
  };
}

/** The columns an insert and an update share, in that order; PHI sealed, the rest in `body`. */
function interactionColumns(sql: SqlContext, t: SaveTarget, i: Interaction, contentHash: string): SqlValue[] {
  const body = {
    id: t.id,
    source: i.source,
    links: i.links,
    channel: i.channel,
    direction: i.direction,
    startedAt: i.startedAt,
    endedAt: i.endedAt,
    durationMs: i.durationMs,
    queue: i.queue,
    disposition: i.disposition,
    attributes: i.attributes,
    contactCenter: i.contactCenter,
    callType: i.callType,
  };
  const phi: InteractionPhi = { participants: i.participants, wrapUp: i.wrapUp, contact: i.contact };
  const phiEnc = sql.crypto.seal(
    { tenantId: t.tenantId, table: 'interactions', rowId: t.id, field: 'phi_enc' },
    phi,
  );
  return [
    i.channel,
    i.direction,
    occurredAtOf(i, t.now),
    i.startedAt ? iso(i.startedAt) : null,
    i.endedAt ? iso(i.endedAt) : null,
    i.durationMs ?? null,
    JSON.stringify(t.agentIds),
    t.agentIds[0] ?? null,
    t.teamId,
    i.queue?.name ?? null,
    t.contactId,
    contentHash,
    JSON.stringify(body),
    phiEnc,
    t.now,
  ];
}

async function writeTranscript(
  sql: SqlContext,
  tx: SqlExecutor,
  t: SaveTarget,
  transcriptJson: string,
  existed: boolean,
  present: boolean,
): Promise<void> {
  if (existed)
    await tx.run('DELETE FROM transcripts WHERE tenant_id = ? AND interaction_id = ?', [t.tenantId, t.id]);
  if (!present) return;
  await tx.run('INSERT INTO transcripts (tenant_id, interaction_id, body_enc) VALUES (?, ?, ?)', [
    ...transcriptRow(sql, t, transcriptJson),
  ]);
}

export function transcriptRow(sql: SqlContext, t: SaveTarget, transcriptJson: string): SqlValue[] {
  const addr = { tenantId: t.tenantId, table: 'transcripts', rowId: t.id, field: 'body_enc' };
  return [t.tenantId, t.id, sql.crypto.cipher.encrypt(addr, transcriptJson)];
}

async function writeRecordings(
  sql: SqlContext,
  tx: SqlExecutor,
  t: SaveTarget,
  recordings: Interaction['recordings'],
  existed: boolean,
): Promise<void> {
  if (existed)
    await tx.run('DELETE FROM recordings WHERE tenant_id = ? AND interaction_id = ?', [t.tenantId, t.id]);
  for (const r of recordings) {
    await tx.run(
      'INSERT INTO recordings (tenant_id, interaction_id, id, media_type, duration_ms, channels, customer_channel, uri_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      recordingRow(sql, t, r),
    );
  }
}

export function recordingRow(
  sql: SqlContext,
  t: SaveTarget,
  r: Interaction['recordings'][number],
): SqlValue[] {
  const addr = { tenantId: t.tenantId, table: 'recordings', rowId: `${t.id}/${r.id}`, field: 'uri_enc' };
  return [
    t.tenantId,
    t.id,
    r.id,
    r.mediaType ?? null,
    r.durationMs ?? null,
    r.channels ?? null,
    r.customerChannel ?? null,
    r.uri === undefined ? null : sql.crypto.seal(addr, r.uri),
  ];
}

async function auditSave(
  sql: SqlContext,
  tx: SqlExecutor,
  written: AuditEvent,
  deferredAudit?: AuditEvent[],
): Promise<void> {
  if (deferredAudit) deferredAudit.push(written);
  else await sql.audit.recordTx(tx, written.tenantId, [written]);
}
