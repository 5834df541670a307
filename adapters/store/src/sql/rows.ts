import type { AuditRecord, InteractionSummary, Platform, Role, Tenant, User } from '@teachback/core';
import type { Row } from './driver';

export const b = (v: boolean): number => (v ? 1 : 0);
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const iso = (v: string): string => new Date(v).toISOString();

export interface InteractionRow extends Row {
  tenant_id: string;
  id: string;
  platform: string;
  external_id: string;
  channel: string;
  direction: string;
  occurred_at: string;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  agent_ids: string;
  primary_agent_id: string | null;
  team_id: string | null;
  queue_name: string | null;
  contact_id: string | null;
  content_hash: string;
  body: string;
  phi_enc: string | null;
  score: number | null;
  compliant: number | null;
  needs_review: number;
  score_version: number | null;
  playbook_id: string | null;
  escalation_count: number;
  legal_hold: number;
  purged_at: string | null;
  created_at: string;
  updated_at: string;
}

export const SUMMARY_COLUMNS =
  'tenant_id, id, platform, external_id, channel, direction, occurred_at, started_at, ended_at, duration_ms, agent_ids, primary_agent_id, team_id, queue_name, contact_id, score, compliant, needs_review, score_version, playbook_id, escalation_count, legal_hold, purged_at, updated_at';

export function toSummary(r: Row): InteractionSummary {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    platform: r.platform as Platform,
    externalId: String(r.external_id),
    channel: r.channel as InteractionSummary['channel'],
    direction: r.direction as InteractionSummary['direction'],
    occurredAt: String(r.occurred_at),
    startedAt: str(r.started_at),
    endedAt: str(r.ended_at),
    durationMs: num(r.duration_ms),
    agentIds: JSON.parse(String(r.agent_ids)) as string[],
    teamId: str(r.team_id),
    queueName: str(r.queue_name),
    contactId: str(r.contact_id),
    score: num(r.score),
    compliant: r.compliant === null || r.compliant === undefined ? null : Number(r.compliant) === 1,
    needsReview: Number(r.needs_review) === 1,
    scoreVersion: num(r.score_version),
    playbookId: str(r.playbook_id),
    escalationCount: Number(r.escalation_count),
    legalHold: Number(r.legal_hold) === 1,
    purgedAt: str(r.purged_at),
    updatedAt: String(r.updated_at),
  };
}

export function toUser(r: Row): User {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    displayName: String(r.display_name),
    email: str(r.email),
    roles: JSON.parse(String(r.roles)) as Role[],
    teamIds: JSON.parse(String(r.team_ids)) as string[],
    agentIds: JSON.parse(String(r.agent_ids)) as string[],
    active: Number(r.active) === 1,
    validAfter: String(r.valid_after),
    tokenVersion: Number(r.token_version),
    createdAt: String(r.created_at),
    deactivatedAt: str(r.deactivated_at),
  };
}

export function toTenant(r: Row): Tenant {
  return {
    id: String(r.id),
    name: String(r.name),
    retentionDays: Number(r.retention_days),
    legalHold: Number(r.legal_hold) === 1,
    createdAt: String(r.created_at),
  };
}

export function toAuditRecord(r: Row): AuditRecord {
  return {
    tenantId: String(r.tenant_id),
    seq: Number(r.seq),
    at: String(r.at),
    actorId: String(r.actor_id),
    action: String(r.action),
    resourceType: String(r.resource_type),
    resourceId: str(r.resource_id),
    outcome: r.outcome as AuditRecord['outcome'],
    source: str(r.source),
    details: JSON.parse(String(r.details)) as AuditRecord['details'],
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}
