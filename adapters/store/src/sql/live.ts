import {
  TeachbackError,
  type GuidanceEvent,
  type LiveCall,
  type LiveCallReview,
  type LiveCallStart,
  type LivePromptOutcome,
  type LiveStore,
  type LiveSupervisorAction,
  type LiveUtterance,
  type PromptOutcome,
} from '@teachback/core';
import type { SqlContext } from './context';
import type { Row } from './driver';

interface CallRow extends Row {
  call_id: string;
  agent_id: string;
  team_id: string | null;
  platform: string;
  external_id: string | null;
  started_at: string;
  ended_at: string | null;
  playbook_id: string | null;
  queue: string | null;
}

const CALL_COLUMNS =
  'call_id, agent_id, team_id, platform, external_id, started_at, ended_at, playbook_id, queue';

const toCall = (r: CallRow): LiveCall => ({
  callId: r.call_id,
  agentId: r.agent_id,
  teamId: r.team_id ?? null,
  platform: r.platform,
  externalId: r.external_id ?? null,
  startedAt: r.started_at,
  endedAt: r.ended_at ?? null,
  playbookId: r.playbook_id ?? null,
  queue: r.queue ?? null,
});

// Each ciphertext is bound to its row, so a value copied to another row does not decrypt.
const address = (tenantId: string, table: string, rowId: string, field: string) => ({
  tenantId,
  table,
  rowId,
  field,
});

/** The live role (core/src/store/live.ts) for SQLite and PostgreSQL alike. */
export class SqlLive implements LiveStore {
  constructor(private readonly sql: SqlContext) {}

  async startCall(tenantId: string, start: LiveCallStart): Promise<LiveCall> {
    const { driver } = this.sql;
    await this.sql.crypto.load(tenantId);
    const teamId = start.teamId ?? (await this.teamOf(tenantId, start.agentId));
    await driver.run(
      `INSERT INTO live_calls (tenant_id, ${CALL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING`,
      [
        tenantId,
        start.callId,
        start.agentId,
        teamId,
        start.platform,
        start.externalId ?? null,
        start.startedAt,
        start.playbookId ?? null,
        start.queue ?? null,
      ],
    );
    const call = await this.getCall(tenantId, start.callId);
    if (!call) throw new TeachbackError('STORE.INVALID', 'live call: could not be stored');
    return call;
  }

  /** The agent's first team, so a team supervisor's scope covers the call without the platform naming it. */
  private async teamOf(tenantId: string, agentId: string): Promise<string | null> {
    const row = await this.sql.driver.get<{ team_ids: string }>(
      'SELECT u.team_ids FROM users u WHERE u.tenant_id = ? AND (u.id = ? OR u.id = (SELECT a.user_id FROM user_agent_ids a WHERE a.tenant_id = ? AND a.agent_id = ?))',
      [tenantId, agentId, tenantId, agentId],
    );
    const teams = row ? (JSON.parse(row.team_ids) as string[]) : [];
    return teams[0] ?? null;
  }

  async endCall(tenantId: string, callId: string, endedAt: string): Promise<void> {
    await this.sql.driver.run(
      'UPDATE live_calls SET ended_at = ? WHERE tenant_id = ? AND call_id = ? AND ended_at IS NULL',
      [endedAt, tenantId, callId],
    );
  }

  async getCall(tenantId: string, callId: string): Promise<LiveCall | null> {
    const r = await this.sql.driver.get<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM live_calls WHERE tenant_id = ? AND call_id = ?`,
      [tenantId, callId],
    );
    return r ? toCall(r) : null;
  }

  async findCall(tenantId: string, platform: string, externalId: string): Promise<LiveCall | null> {
    const r = await this.sql.driver.get<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM live_calls WHERE tenant_id = ? AND platform = ? AND external_id = ? ORDER BY started_at DESC`,
      [tenantId, platform, externalId],
    );
    return r ? toCall(r) : null;
  }

  async openCalls(tenantId: string): Promise<LiveCall[]> {
    const rows = await this.sql.driver.all<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM live_calls WHERE tenant_id = ? AND ended_at IS NULL ORDER BY started_at, call_id`,
      [tenantId],
    );
    return rows.map(toCall);
  }

  async appendUtterance(
    tenantId: string,
    callId: string,
    u: LiveUtterance,
    receivedAt: string,
  ): Promise<boolean> {
    await this.sql.crypto.load(tenantId);
    const sealed = this.sql.crypto.seal(
      address(tenantId, 'live_utterances', `${callId}/${u.id}`, 'text_enc'),
      u.text,
    );
    const n = await this.sql.driver.run(
      'INSERT INTO live_utterances (tenant_id, call_id, utterance_id, speaker, offset_ms, end_ms, text_enc, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [tenantId, callId, u.id, u.speaker, u.offsetMs, u.endMs ?? null, sealed, receivedAt],
    );
    return n > 0;
  }

  async utterances(tenantId: string, callId: string): Promise<LiveUtterance[]> {
    await this.sql.crypto.load(tenantId);
    const rows = await this.sql.driver.all<{
      utterance_id: string;
      speaker: string;
      offset_ms: number | string;
      end_ms: number | string | null;
      text_enc: string;
    }>(
      'SELECT utterance_id, speaker, offset_ms, end_ms, text_enc FROM live_utterances WHERE tenant_id = ? AND call_id = ? ORDER BY offset_ms, received_at, utterance_id',
      [tenantId, callId],
    );
    return rows.map((r) => ({
      id: r.utterance_id,
      speaker: r.speaker as LiveUtterance['speaker'],
      text: this.sql.crypto.open<string>(
        address(tenantId, 'live_utterances', `${callId}/${r.utterance_id}`, 'text_enc'),
        r.text_enc,
      ),
      offsetMs: Number(r.offset_ms),
      ...(r.end_ms !== null && r.end_ms !== undefined ? { endMs: Number(r.end_ms) } : {}),
    }));
  }

  async recordEvent(tenantId: string, event: GuidanceEvent, emittedAt: string): Promise<boolean> {
    await this.sql.crypto.load(tenantId);
    const sealed = this.sql.crypto.seal(
      address(tenantId, 'live_events', `${event.callId}/${event.id}`, 'body_enc'),
      event,
    );
    const n = await this.sql.driver.run(
      'INSERT INTO live_events (tenant_id, call_id, event_id, kind, severity, rule_id, audience, clears, offset_ms, body_enc, emitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [
        tenantId,
        event.callId,
        event.id,
        event.kind,
        event.severity,
        event.ruleId,
        event.audience,
        event.clears ?? null,
        event.at.offsetMs,
        sealed,
        emittedAt,
      ],
    );
    return n > 0;
  }

  async recordOutcome(
    tenantId: string,
    callId: string,
    eventId: string,
    outcome: PromptOutcome,
    actor: string,
    at: string,
  ): Promise<boolean> {
    const known = await this.sql.driver.get(
      'SELECT event_id FROM live_events WHERE tenant_id = ? AND call_id = ? AND event_id = ?',
      [tenantId, callId, eventId],
    );
    if (!known) throw new TeachbackError('STORE.NOT_FOUND', 'live prompt not found');
    const n = await this.sql.driver.run(
      'INSERT INTO live_outcomes (tenant_id, call_id, event_id, outcome, actor, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [tenantId, callId, eventId, outcome, actor, at],
    );
    return n > 0;
  }

  async recordAction(tenantId: string, a: LiveSupervisorAction): Promise<void> {
    await this.sql.crypto.load(tenantId);
    const note =
      a.note === null
        ? null
        : this.sql.crypto.seal(address(tenantId, 'live_actions', a.id, 'note_enc'), a.note);
    await this.sql.driver.run(
      'INSERT INTO live_actions (tenant_id, id, call_id, event_id, action, actor, at, routed_to, note_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [tenantId, a.id, a.callId, a.eventId, a.action, a.actor, a.at, a.routedTo, note],
    );
  }

  async review(tenantId: string, callId: string): Promise<LiveCallReview | null> {
    const call = await this.getCall(tenantId, callId);
    if (!call) return null;
    await this.sql.crypto.load(tenantId);
    const { driver } = this.sql;
    const events = await driver.all<{ event_id: string; body_enc: string; emitted_at: string }>(
      'SELECT event_id, body_enc, emitted_at FROM live_events WHERE tenant_id = ? AND call_id = ? ORDER BY offset_ms, emitted_at, event_id',
      [tenantId, callId],
    );
    const outcomes = await driver.all<{ event_id: string; outcome: string; actor: string; at: string }>(
      'SELECT event_id, outcome, actor, at FROM live_outcomes WHERE tenant_id = ? AND call_id = ? ORDER BY at, outcome',
      [tenantId, callId],
    );
    const actions = await driver.all<{
      id: string;
      event_id: string | null;
      action: string;
      actor: string;
      at: string;
      routed_to: string | null;
      note_enc: string | null;
    }>(
      'SELECT id, event_id, action, actor, at, routed_to, note_enc FROM live_actions WHERE tenant_id = ? AND call_id = ? ORDER BY at, id',
      [tenantId, callId],
    );
    return {
      call,
      prompts: events.map((e) => ({
        event: this.sql.crypto.open<GuidanceEvent>(
          address(tenantId, 'live_events', `${callId}/${e.event_id}`, 'body_enc'),
          e.body_enc,
        ),
        emittedAt: e.emitted_at,
        outcomes: outcomes
          .filter((o) => o.event_id === e.event_id)
          .map((o) => ({ outcome: o.outcome as PromptOutcome, actor: o.actor, at: o.at })),
      })),
      actions: actions.map((a) => ({
        id: a.id,
        callId,
        eventId: a.event_id ?? null,
        action: a.action as LiveSupervisorAction['action'],
        actor: a.actor,
        at: a.at,
        routedTo: a.routed_to ?? null,
        note:
          a.note_enc === null || a.note_enc === undefined
            ? null
            : this.sql.crypto.open<string>(address(tenantId, 'live_actions', a.id, 'note_enc'), a.note_enc),
      })),
    };
  }

  async promptOutcomes(tenantId: string, range: { from: string; to: string }): Promise<LivePromptOutcome[]> {
    const rows = await this.sql.driver.all<{
      call_id: string;
      event_id: string;
      rule_id: string;
      outcome: string | null;
    }>(
      `SELECT e.call_id, e.event_id, e.rule_id, o.outcome FROM live_events e
       JOIN live_calls c ON c.tenant_id = e.tenant_id AND c.call_id = e.call_id
       LEFT JOIN live_outcomes o ON o.tenant_id = e.tenant_id AND o.call_id = e.call_id AND o.event_id = e.event_id
       WHERE e.tenant_id = ? AND e.audience = 'agent' AND e.kind <> 'clear' AND c.started_at >= ? AND c.started_at < ?
       ORDER BY e.call_id, e.event_id`,
      [tenantId, range.from, range.to],
    );
    // A prompt's fate is its most telling report: what the agent did beats having been shown.
    const rank: Record<string, number> = { followed: 4, dismissed: 3, muted: 3, expired: 2, shown: 1 };
    const byEvent = new Map<string, LivePromptOutcome>();
    for (const r of rows) {
      const key = `${r.call_id}\u0000${r.event_id}`;
      const outcome = (r.outcome ?? 'shown') as PromptOutcome;
      const seen = byEvent.get(key);
      if (!seen || (rank[outcome] ?? 0) > (rank[seen.outcome] ?? 0))
        byEvent.set(key, { callId: r.call_id, eventId: r.event_id, ruleId: r.rule_id, outcome });
    }
    return [...byEvent.values()];
  }
}
