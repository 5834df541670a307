import {
  TeachbackError,
  decideAccess,
  type AccessContext,
  type Action,
  type Actor,
  type ResourceRef,
  type ResourceType,
} from '@teachback/core';
import { auditEvent, type AuditAppender } from './audit-appender';
import type { SqlExecutor } from './driver';
import type { InteractionRow } from './rows';
import { notFound } from './validation';

/** The access policy as the store applies it; the resource of an interaction-owned thing. */
export function interactionResource(
  type: ResourceType,
  r: { tenant_id: string; agent_ids: string; team_id: string | null },
): ResourceRef {
  return {
    type,
    tenantId: r.tenant_id,
    ownerAgentIds: JSON.parse(r.agent_ids) as string[],
    teamId: r.team_id,
  };
}

export function allows(actor: Actor, action: Action, resource: ResourceRef): boolean {
  return decideAccess(actor, action, resource).allowed;
}

export class AccessCheck {
  constructor(
    private readonly db: SqlExecutor,
    private readonly audit: AuditAppender,
  ) {}

  /**
   * Applies the access policy and, on refusal, writes the denied attempt to the actor's own
   * tenant chain before throwing. Another tenant's data fails exactly like a missing record.
   */
  async authorize(
    ctx: AccessContext,
    action: Action,
    resource: ResourceRef,
    resourceId: string | null,
  ): Promise<void> {
    const d = decideAccess(ctx.actor, action, resource);
    if (d.allowed) return;
    const outcome = d.outcome === 'not_found' ? 'not_found' : 'denied';
    const denied = auditEvent(
      ctx,
      'access.denied',
      resource.type,
      resourceId,
      { action, reason: d.reason },
      outcome,
    );
    await this.audit.append(denied).catch(() => undefined);
    if (d.outcome === 'not_found') throw notFound(resource.type);
    throw new TeachbackError('ACCESS.DENIED', `not allowed to ${action} ${resource.type}`, {
      details: { reason: d.reason },
    });
  }

  /** The interaction row, once the actor may act on the named part of it. */
  async interactionRow(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    type: ResourceType,
    action: Action,
  ): Promise<InteractionRow> {
    if (ctx.actor.tenantId !== tenantId) await this.authorize(ctx, action, { type, tenantId }, id);
    const row = await this.db.get<InteractionRow>(
      'SELECT * FROM interactions WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    if (!row) throw notFound('interaction');
    await this.authorize(ctx, action, interactionResource(type, row), id);
    return row;
  }
}
