import type { AccessDecision, Action, Actor, ResourceRef, ResourceType, Role } from './roles';

type Scope = 'tenant' | 'team' | 'own';
type Grant = Partial<Record<Action, Scope>>;

const READ_ALL: Grant = { read: 'tenant', search: 'tenant', export: 'tenant' };
const MANAGE: Grant = {
  read: 'tenant',
  search: 'tenant',
  export: 'tenant',
  write: 'tenant',
  delete: 'tenant',
};
const READ_WRITE: Grant = { read: 'tenant', search: 'tenant', write: 'tenant' };
const TEAM_READ: Grant = { read: 'team', search: 'team', export: 'team' };
const TEAM_REVIEW: Grant = { read: 'team', search: 'team', export: 'team', write: 'team' };
const OWN_READ: Grant = { read: 'own', search: 'own' };

/**
 * The grant table. Anything absent is denied. Choices worth knowing:
 * - admin configures the tenant (users, connections, playbooks, keys) and sees scores, but not
 *   transcripts, recordings or patient identities: minimum necessary.
 * - compliance reads everything (and the audit log) but changes nothing.
 * - crm-viewer sees the cross-platform timeline and scores, never transcripts or recordings.
 * - integration is the machine identity that writes what platforms send and reads what it pushes back.
 * - nobody deletes PHI by hand: removal is the retention purge's job.
 */
const GRANTS: Record<Role, Partial<Record<ResourceType, Grant>>> = {
  admin: {
    interaction: { read: 'tenant', search: 'tenant' },
    scorecard: { read: 'tenant', search: 'tenant' },
    user: MANAGE,
    tenant: { read: 'tenant', write: 'tenant' },
    connection: MANAGE,
    playbook: MANAGE,
    key: { read: 'tenant', write: 'tenant' },
    'api-key': { read: 'tenant', search: 'tenant', write: 'tenant' },
    mining: READ_WRITE,
    library: { read: 'tenant', search: 'tenant' },
    metrics: { read: 'tenant', export: 'tenant' },
    survey: { read: 'tenant', write: 'tenant' },
  },
  supervisor: {
    interaction: TEAM_READ,
    transcript: TEAM_READ,
    recording: TEAM_READ,
    scorecard: TEAM_REVIEW,
    escalation: TEAM_REVIEW,
    coaching: TEAM_REVIEW,
    'coaching-assignment': { write: 'team' },
    timeline: { read: 'tenant', search: 'tenant' },
    contact: { read: 'tenant', search: 'tenant' },
    user: { read: 'tenant', search: 'tenant' },
    playbook: { read: 'tenant', search: 'tenant' },
    mining: READ_WRITE,
    library: READ_WRITE,
    metrics: { read: 'tenant', export: 'tenant' },
    survey: { read: 'tenant' },
    'follow-up': TEAM_REVIEW,
  },
  agent: {
    interaction: OWN_READ,
    transcript: OWN_READ,
    recording: OWN_READ,
    scorecard: OWN_READ,
    escalation: { read: 'own', search: 'own', write: 'own' },
    coaching: { read: 'own', search: 'own', write: 'own' },
    playbook: { read: 'tenant' },
    // Approved library entries only (the store filters); they are de-identified.
    library: { read: 'tenant', search: 'tenant' },
    'follow-up': { read: 'own', search: 'own', write: 'own' },
  },
  compliance: {
    interaction: READ_ALL,
    transcript: READ_ALL,
    recording: READ_ALL,
    scorecard: READ_ALL,
    escalation: READ_ALL,
    coaching: READ_ALL,
    timeline: READ_ALL,
    contact: READ_ALL,
    'audit-log': READ_ALL,
    user: { read: 'tenant', search: 'tenant' },
    tenant: { read: 'tenant' },
    playbook: { read: 'tenant', search: 'tenant' },
    mining: READ_ALL,
    library: READ_ALL,
    metrics: { read: 'tenant', export: 'tenant' },
    survey: { read: 'tenant' },
    'follow-up': READ_ALL,
  },
  'crm-viewer': {
    interaction: { read: 'tenant', search: 'tenant' },
    scorecard: { read: 'tenant', search: 'tenant' },
    timeline: { read: 'tenant', search: 'tenant' },
    contact: { read: 'tenant', search: 'tenant' },
  },
  integration: {
    interaction: READ_WRITE,
    transcript: READ_WRITE,
    recording: READ_WRITE,
    scorecard: READ_WRITE,
    escalation: READ_WRITE,
    coaching: READ_WRITE,
    'coaching-assignment': { write: 'tenant' },
    contact: READ_WRITE,
    connection: { read: 'tenant' },
    playbook: { read: 'tenant' },
    survey: READ_WRITE,
    'follow-up': READ_WRITE,
    metrics: { read: 'tenant' },
  },
};

const SCOPE_RANK: Record<Scope, number> = { own: 1, team: 2, tenant: 3 };

function covers(scope: Scope, actor: Actor, resource: ResourceRef): boolean {
  if (scope === 'tenant') return true;
  // Without ownership facts a team/own grant cannot be shown to apply: deny by default.
  if (scope === 'team') return resource.teamId != null && actor.teamIds.includes(resource.teamId);
  const owners = resource.ownerAgentIds ?? [];
  return owners.some((o) => o === actor.id || actor.agentIds.includes(o));
}

/**
 * Decides whether `actor` may perform `action` on `resource`. Pure and total: every input gets an
 * answer, and the answer for another tenant's data is always `not_found`, so a caller cannot learn
 * that the record exists.
 */
export function decideAccess(actor: Actor, action: Action, resource: ResourceRef): AccessDecision {
  if (resource.tenantId !== actor.tenantId) {
    return { allowed: false, outcome: 'not_found', reason: 'other-tenant' };
  }
  if (!actor.active) return { allowed: false, outcome: 'forbidden', reason: 'inactive-actor' };
  let best: Scope | undefined;
  let granted = false;
  for (const role of actor.roles) {
    const scope = GRANTS[role]?.[resource.type]?.[action];
    if (!scope) continue;
    granted = true;
    if (covers(scope, actor, resource) && (!best || SCOPE_RANK[scope] > SCOPE_RANK[best])) best = scope;
  }
  if (best) return { allowed: true, scope: best };
  return { allowed: false, outcome: 'forbidden', reason: granted ? 'not-owner' : 'no-grant' };
}

/** The widest scope any of the actor's roles has for (resource, action), for building list filters. */
export function grantedScope(actor: Actor, action: Action, type: ResourceType): Scope | undefined {
  let best: Scope | undefined;
  for (const role of actor.roles) {
    const scope = GRANTS[role]?.[type]?.[action];
    if (scope && (!best || SCOPE_RANK[scope] > SCOPE_RANK[best])) best = scope;
  }
  return best;
}

export type { Scope as AccessScope };
