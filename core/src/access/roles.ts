import { z } from 'zod';

export const Role = z.enum(['admin', 'supervisor', 'agent', 'compliance', 'crm-viewer', 'integration']);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

/** What a request is about. PHI-bearing resources are the ones the audit trail must cover. */
export const ResourceType = z.enum([
  'interaction',
  'transcript',
  'recording',
  'scorecard',
  'escalation',
  'coaching',
  /** Creating, reassigning, dismissing or rewriting a coaching task (not the assignee's progress on it). */
  'coaching-assignment',
  'timeline',
  'contact',
  'audit-log',
  'user',
  'tenant',
  'connection',
  'playbook',
  'key',
  /** API keys integrations authenticate with (stored hashed; shown once). */
  'api-key',
  /** Mined playbook suggestions and monthly reviews. */
  'mining',
  /** The de-identified library of exemplary calls for new hires. */
  'library',
  /** Contact-center metric aggregates (no PHI). */
  'metrics',
  /** Post-call survey answers and links. */
  'survey',
  /** Promised follow-ups tracked from calls. */
  'follow-up',
]);
export type ResourceType = z.infer<typeof ResourceType>;
export const RESOURCE_TYPES: readonly ResourceType[] = ResourceType.options;

export const PHI_RESOURCES: ReadonlySet<ResourceType> = new Set<ResourceType>([
  'interaction',
  'transcript',
  'recording',
  'scorecard',
  'escalation',
  'coaching',
  'timeline',
  'contact',
]);

export const Action = z.enum(['read', 'search', 'export', 'write', 'delete']);
export type Action = z.infer<typeof Action>;
export const ACTIONS: readonly Action[] = Action.options;

/**
 * Whoever is asking. `system` actors are Teachback's own jobs (ingest, purge, CLI run by an
 * operator on the host); they still carry roles so the same policy decides for them.
 */
export interface Actor {
  kind: 'user' | 'system';
  id: string;
  tenantId: string;
  roles: readonly Role[];
  /** Teams this person supervises or belongs to. */
  teamIds: readonly string[];
  /** Platform user ids this person is known by as an agent (Genesys user id, Five9 username). */
  agentIds: readonly string[];
  active: boolean;
}

/** The thing being accessed. Ownership fields are known for interaction-scoped resources only. */
export interface ResourceRef {
  type: ResourceType;
  tenantId: string;
  /** Platform agent ids on the interaction the resource belongs to. */
  ownerAgentIds?: readonly string[];
  teamId?: string | null;
}

export type AccessDecision =
  | { allowed: true; scope: 'tenant' | 'team' | 'own' }
  | { allowed: false; outcome: 'not_found' | 'forbidden'; reason: string };
