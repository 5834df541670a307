import {
  SurveyResponse,
  type AccessContext,
  type SurveyLinkRecord,
  type SurveyRedeemOutcome,
  type SurveyStore,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { SqlExecutor } from './driver';
import { addSurveyToRollups } from './metrics';
import { notFound, parse } from './validation';

/** The counts metrics need, taken once at write time so the metrics scan reads integers. */
function answerCounts(r: SurveyResponse): number[] {
  let csat = 0;
  let satisfied = 0;
  let p = 0;
  let pa = 0;
  let d = 0;
  for (const a of r.answers) {
    if (a.value === undefined) continue;
    if (a.kind === 'csat' || a.kind === 'yes_no') {
      csat++;
      if (a.kind === 'csat' ? a.value >= 4 : a.value === 1) satisfied++;
    } else if (a.kind === 'nps') {
      if (a.value >= 9) p++;
      else if (a.value >= 7) pa++;
      else d++;
    }
  }
  return [csat, satisfied, p, pa, d];
}

/** Survey answers and the single-use links of Teachback's survey page. */
export class SqlSurveys implements SurveyStore {
  constructor(private readonly sql: SqlContext) {}

  private async interactionIdOf(
    tx: SqlExecutor,
    tenantId: string,
    r: SurveyResponse,
  ): Promise<string | null> {
    // Teachback's own survey names the interaction by its Teachback id; platforms by their reference.
    const row =
      r.interaction.platform === 'teachback'
        ? await tx.get<{ id: string }>('SELECT id FROM interactions WHERE tenant_id = ? AND id = ?', [
            tenantId,
            r.interaction.externalId,
          ])
        : await tx.get<{ id: string }>(
            'SELECT id FROM interactions WHERE tenant_id = ? AND platform = ? AND external_id = ?',
            [tenantId, r.interaction.platform, r.interaction.externalId],
          );
    return row?.id ?? null;
  }

  private async insert(
    tx: SqlExecutor,
    tenantId: string,
    interactionId: string,
    r: SurveyResponse,
  ): Promise<void> {
    const counts = answerCounts(r);
    const inserted = await tx.run(
      'INSERT INTO survey_responses (tenant_id, id, interaction_id, source, submitted_at, answers, csat_answers, csat_satisfied, nps_promoters, nps_passives, nps_detractors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING',
      [tenantId, r.id, interactionId, r.source, r.submittedAt, JSON.stringify(r), ...counts],
    );
    // The interaction's day cells count this answer from now on (a replayed response adds nothing).
    if (inserted > 0) {
      const [ca, cs, np, npa, nd] = counts as [number, number, number, number, number];
      await addSurveyToRollups(tx, tenantId, interactionId, r.id, {
        csat_answers: ca,
        csat_satisfied: cs,
        nps_promoters: np,
        nps_passives: npa,
        nps_detractors: nd,
      });
    }
  }

  async save(ctx: AccessContext, tenantId: string, response: SurveyResponse): Promise<void> {
    const r = parse(SurveyResponse, response, 'survey response');
    await this.sql.access.authorize(ctx, 'write', { type: 'survey', tenantId }, r.id);
    await this.sql.driver.transaction(async (tx) => {
      const interactionId = await this.interactionIdOf(tx, tenantId, r);
      if (!interactionId) throw notFoundInteraction();
      await this.insert(tx, tenantId, interactionId, r);
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'survey.write', 'survey', r.id, { interactionId }));
    });
  }

  async listForInteraction(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
  ): Promise<SurveyResponse[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'survey', tenantId }, interactionId);
    const rows = await this.sql.driver.all<{ answers: string }>(
      'SELECT answers FROM survey_responses WHERE tenant_id = ? AND interaction_id = ? ORDER BY submitted_at, id',
      [tenantId, interactionId],
    );
    return rows.map((r) => JSON.parse(r.answers) as SurveyResponse);
  }

  async recordLink(ctx: AccessContext, tenantId: string, link: SurveyLinkRecord): Promise<void> {
    await this.sql.access.authorize(ctx, 'write', { type: 'survey', tenantId }, link.interactionId);
    const exists = await this.sql.driver.get('SELECT id FROM interactions WHERE tenant_id = ? AND id = ?', [
      tenantId,
      link.interactionId,
    ]);
    if (!exists) throw notFoundInteraction();
    await this.sql.driver.run(
      'INSERT INTO survey_links (tenant_id, nonce, interaction_id, expires_at, used_at, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
      [tenantId, link.nonce, link.interactionId, link.expiresAt, this.sql.now()],
    );
  }

  async linkState(tenantId: string, nonce: string): Promise<SurveyRedeemOutcome> {
    const row = await this.sql.driver.get<{ used_at: string | null }>(
      'SELECT used_at FROM survey_links WHERE tenant_id = ? AND nonce = ?',
      [tenantId, nonce],
    );
    return !row ? 'unknown' : row.used_at ? 'used' : 'ok';
  }

  async redeemLink(tenantId: string, nonce: string, response: SurveyResponse): Promise<SurveyRedeemOutcome> {
    const r = parse(SurveyResponse, response, 'survey response');
    return this.sql.driver.transaction(async (tx) => {
      const link = await tx.get<{ interaction_id: string; used_at: string | null }>(
        `SELECT interaction_id, used_at FROM survey_links WHERE tenant_id = ? AND nonce = ?${this.sql.driver.forUpdate}`,
        [tenantId, nonce],
      );
      if (!link) return 'unknown';
      // The conditional update is the single-use guarantee: of two racing submissions one changes a row.
      const changed = await tx.run(
        'UPDATE survey_links SET used_at = ? WHERE tenant_id = ? AND nonce = ? AND used_at IS NULL',
        [this.sql.now(), tenantId, nonce],
      );
      if (changed === 0) return 'used';
      // The link, not the page, says which call the answers are about.
      const stored = {
        ...r,
        interaction: { platform: 'teachback' as const, externalId: link.interaction_id },
      };
      await this.insert(tx, tenantId, link.interaction_id, stored);
      const ctx = { actor: surveyActor(tenantId), source: 'survey-page' };
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'survey.write', 'survey', r.id, { interactionId: link.interaction_id }),
      );
      return 'ok';
    });
  }
}

function surveyActor(tenantId: string): AccessContext['actor'] {
  return {
    kind: 'system',
    id: 'survey-page',
    tenantId,
    roles: [],
    teamIds: [],
    agentIds: [],
    active: true,
  };
}

function notFoundInteraction(): Error {
  return notFound('interaction');
}
