import type { AccessContext, AuditEvent, SaveResult } from '@teachback/core';
import { auditEvent } from './audit-appender';
import { insertRows } from './bulk-insert';
import { SHARED_ROLLUP_TABLES, moveCallDaily, type CallChange } from './call-rollups';
import { indexContacts, resolveContacts } from './contacts';
import type { SqlContext } from './context';
import { deferWrites } from './deferred-writes';
import type { SqlExecutor, SqlValue } from './driver';
import {
  NEW_INTERACTION_COLUMNS,
  afterSave,
  callAgents,
  callFactsAfter,
  hashRecord,
  newInteractionRow,
  recordingRow,
  saveInteractionTx,
  transcriptRow,
  type SavedCall,
  type SaveTarget,
} from './interaction-save';
import { SCORECARD_COLUMNS, newEscalationRows, scorecardRow } from './scorecard-writes';
import type { ParsedRecord } from './validation';

/** Records built between two turns of the event loop. */
const YIELD_EVERY = 16;

/** Keys per lookup (IN list). */
const CHUNK = 100;

const columnList = (columns: string): string[] => columns.split(',').map((c) => c.trim());
const INTERACTION_COLUMNS = columnList(NEW_INTERACTION_COLUMNS);
const TRANSCRIPT_COLUMNS = ['tenant_id', 'interaction_id', 'body_enc'];
const RECORDING_COLUMNS = columnList(
  'tenant_id, interaction_id, id, media_type, duration_ms, channels, customer_channel, uri_enc',
);
const CARD_COLUMNS = columnList(SCORECARD_COLUMNS);
const ESCALATION_COLUMNS = columnList('tenant_id, interaction_id, idx, type, severity, body_enc');

/**
 * The batch fast path of `interactions.saveMany`: the same writes as one `saveInteractionTx` per
 * record, but the lookups are one statement per batch (existing rows, ids in use, teams) and the
 * new rows go in as multi-row INSERTs, so a batch of 200 costs a few dozen statements instead of
 * ~2,400 (a round trip each on PostgreSQL). Contacts resolve in record order (a later record may
 * merge into a contact an earlier one created) but in bulk statements (`resolveContacts`), and the
 * per-save hooks (`afterSave`: review index, metrics facts) run once for the whole batch. The
 * batch's audit events are recorded (staged or linked, per the appender's mode) before the shared
 * roll-up cells, which go last: concurrent batches of one tenant wait for those rows only from
 * there to the commit.
 *
 * Returns null when the batch is not a candidate (one source or id twice in it); throws on any
 * failure. The caller runs it in a transaction of its own and, on either, rolls it back and saves
 * record by record, which reports the bad record alone: the fast path never changes what is stored.
 */
export async function saveBatchTx(
  sql: SqlContext,
  outer: SqlExecutor,
  ctx: AccessContext,
  tenantId: string,
  recs: readonly ParsedRecord[],
): Promise<SaveResult[] | null> {
  const tx = deferWrites(sql.driver, outer, { last: SHARED_ROLLUP_TABLES });
  const audit: AuditEvent[] = [];
  const saved = await writeBatch(sql, tx, ctx, tenantId, recs, audit);
  if (saved) await sql.audit.recordTx(tx, ctx.actor.tenantId, audit);
  await tx.flush();
  return saved;
}

async function writeBatch(
  sql: SqlContext,
  tx: SqlExecutor,
  ctx: AccessContext,
  tenantId: string,
  recs: readonly ParsedRecord[],
  audit: AuditEvent[],
): Promise<SaveResult[] | null> {
  const sourceKey = (r: ParsedRecord): string =>
    `${r.interaction.source.platform}\u0000${r.interaction.source.externalId}`;
  if (new Set(recs.map(sourceKey)).size !== recs.length) return null;
  if (new Set(recs.map((r) => r.interaction.id)).size !== recs.length) return null;

  const existing = new Set<string>();
  // By platform, so the lookup is a range of the (tenant, platform, external id) unique index:
  // without the platform it scanned every interaction of the tenant (a parallel seq scan on
  // PostgreSQL) once per batch.
  const byPlatform = new Map<string, string[]>();
  for (const r of recs) {
    const ids = byPlatform.get(r.interaction.source.platform) ?? [];
    ids.push(r.interaction.source.externalId);
    byPlatform.set(r.interaction.source.platform, ids);
  }
  for (const [platform, ids] of byPlatform) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      const rows = await tx.all<{ external_id: string }>(
        `SELECT external_id FROM interactions WHERE tenant_id = ? AND platform = ? AND external_id IN (${part.map(() => '?').join(', ')})`,
        [tenantId, platform, ...part],
      );
      for (const r of rows) existing.add(`${platform}\u0000${r.external_id}`);
    }
  }
  const fresh = recs.filter((r) => !existing.has(sourceKey(r)));
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const part = fresh.slice(i, i + CHUNK);
    const used = await tx.get(
      `SELECT id FROM interactions WHERE tenant_id = ? AND id IN (${part.map(() => '?').join(', ')}) LIMIT 1`,
      [tenantId, ...part.map((r) => r.interaction.id)],
    );
    // An id already taken by another source: the per-record path names the record (STORE.CONFLICT).
    if (used) return null;
  }
  const teams = await teamsOfAgents(tx, tenantId, fresh);

  const out: SaveResult[] = [];
  const rows = {
    interactions: [] as SqlValue[][],
    transcripts: [] as SqlValue[][],
    recordings: [] as SqlValue[][],
  };
  const cards: SqlValue[][] = [];
  const escalations: SqlValue[][] = [];
  const saved: SavedCall[] = [];
  const rollup: CallChange[] = [];
  const now = sql.now();
  // Contacts resolve in record order. All new (the ingest case): in bulk. Otherwise record by
  // record, interleaved with the updates, exactly as one save after another would.
  const bulkContacts =
    fresh.length === recs.length
      ? await resolveContacts(
          sql,
          tx,
          tenantId,
          recs.map((r) => r.interaction),
        )
      : undefined;
  for (const [n, rec] of recs.entries()) {
    // Building a record's rows (hashing, sealing) is synchronous: a batch of 200 would keep the
    // one JavaScript thread for ~100 ms, during which other transactions' replies wait unread,
    // and with them their COMMITs and the roll-up rows they hold locked (PostgreSQL).
    if (n % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    if (existing.has(sourceKey(rec))) {
      // Replays and updates are rare in a batch; they take the ordinary path (no savepoint of
      // their own: a failure here fails the fast path as a whole).
      out.push(await saveInteractionTx(sql, tx, ctx, tenantId, rec, audit));
      continue;
    }
    const i = rec.interaction;
    const hashes = hashRecord(rec);
    const agentIds = callAgents(i);
    const t: SaveTarget = {
      tenantId,
      id: i.id,
      now,
      agentIds,
      teamId: rec.teamId ?? (agentIds[0] ? (teams.get(agentIds[0]) ?? null) : null),
      contactId: bulkContacts ? bulkContacts[n]! : await indexContacts(sql, tx, tenantId, i),
    };
    const scored = hashes.score !== null && rec.scorecard !== undefined;
    rows.interactions.push(newInteractionRow(sql, t, rec, hashes.interaction, scored));
    const facts = callFactsAfter(rec, t, true, scored, null);
    rollup.push([null, facts]);
    if (i.transcript !== undefined) rows.transcripts.push(transcriptRow(sql, t, hashes.transcriptJson));
    for (const r of i.recordings) rows.recordings.push(recordingRow(sql, t, r));
    if (scored && rec.scorecard) {
      const card = { ...rec.scorecard, interactionId: t.id };
      cards.push(
        scorecardRow(
          sql,
          { tenantId, interactionId: t.id, version: 1, now },
          card,
          rec.coaching,
          hashes.score,
        ),
      );
      escalations.push(...newEscalationRows(sql, tenantId, t.id, rec.escalations));
    }
    saved.push({ target: t, rec, existed: false, scoreChanged: scored });
    const details = { outcome: 'created', interactionChanged: true, scoreVersion: scored ? 1 : null };
    audit.push(auditEvent(ctx, 'phi.write', 'interaction', t.id, details));
    out.push({ id: t.id, outcome: 'created', scoreVersion: scored ? 1 : null, contactId: t.contactId });
  }
  // Bulk loads (sql/bulk-insert.ts): COPY on PostgreSQL, a prepared row INSERT per row on SQLite.
  await insertRows(tx, 'interactions', INTERACTION_COLUMNS, rows.interactions);
  await insertRows(tx, 'transcripts', TRANSCRIPT_COLUMNS, rows.transcripts);
  await insertRows(tx, 'recordings', RECORDING_COLUMNS, rows.recordings);
  await insertRows(tx, 'scorecards', CARD_COLUMNS, cards);
  await insertRows(tx, 'escalations', ESCALATION_COLUMNS, escalations);
  // The new calls' share of the daily call roll-up: one multi-row upsert for the batch.
  await moveCallDaily(tx, tenantId, rollup);
  // The same per-save hooks as one save runs, once for the batch's new rows (the updates above
  // ran theirs in saveInteractionTx).
  await afterSave(sql, tx, tenantId, saved);
  return out;
}

/** A call without a declared team is filed under its first agent's first team (as one save does). */
async function teamsOfAgents(
  tx: SqlExecutor,
  tenantId: string,
  recs: readonly ParsedRecord[],
): Promise<Map<string, string | null>> {
  const agents = [...new Set(recs.flatMap((r) => (r.teamId ? [] : callAgents(r.interaction).slice(0, 1))))];
  const teams = new Map<string, string | null>();
  for (let i = 0; i < agents.length; i += CHUNK) {
    const part = agents.slice(i, i + CHUNK);
    const rows = await tx.all<{ agent_id: string; team_ids: string }>(
      `SELECT a.agent_id, u.team_ids FROM user_agent_ids a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE a.tenant_id = ? AND a.agent_id IN (${part.map(() => '?').join(', ')})`,
      [tenantId, ...part],
    );
    for (const r of rows)
      if (!teams.has(r.agent_id)) teams.set(r.agent_id, (JSON.parse(r.team_ids) as string[])[0] ?? null);
  }
  return teams;
}
