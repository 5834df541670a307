import { z } from 'zod';
import {
  TeachbackError,
  decideAccess,
  type AccessContext,
  type Action,
  type Platform,
  type PlaybookCatalog,
  type ResourceType,
  type Store,
} from '@teachback/core';
import { httpError } from '../errors';
import type { LiveHub } from '../live/hub';
import type { MetricsRouteOptions } from './metrics';

/** What each handler gets once the caller is known and its input has passed its schemas. */
export interface RouteContext<P, Q, B> {
  ctx: AccessContext;
  tenantId: string;
  params: P;
  query: Q;
  body: B;
}

/** The jobs side (adapters/jobs) plugs in here; without it the server answers from the Store. */
export interface SyncOperations {
  status(tenantId: string): Promise<unknown>;
  deadLetters(tenantId: string): Promise<unknown[]>;
  retryDeadLetter(tenantId: string, id: string): Promise<unknown>;
  /** Records a sync could not take in (references and reasons, no content), newest first. */
  quarantine?(
    tenantId: string,
    q: { platform?: SyncedPlatform; limit?: number; offset?: number },
  ): Promise<{ items: unknown[]; next: number | null }>;
  /**
   * An immediate incremental sync of one connected platform through the job queue (adapters/jobs
   * `requestSyncNow`); reports the sync already queued or running instead of adding a second.
   */
  syncNow?(
    tenantId: string,
    platform: SyncedPlatform,
  ): Promise<{
    key: string;
    state: 'queued' | 'running';
    outcome: 'enqueued' | 'already-queued' | 'already-running';
  }>;
}

export type SyncedPlatform = Exclude<Platform, 'teachback'>;

/** `teachback connect` over HTTP (adapters/jobs connect): validates, provisions, stores. */
export interface ConnectionOperations {
  /** A `ConnectReport` of @teachback/core; never carries a secret. */
  connect(
    tenantId: string,
    platform: SyncedPlatform,
    connection: { settings: Record<string, unknown>; credentials: Record<string, unknown> },
  ): Promise<{ ok: boolean; missing: unknown[]; skipped: unknown[] }>;
}

export interface RouteDeps {
  store: Store;
  playbooks: PlaybookCatalog;
  sync?: SyncOperations | undefined;
  connections?: ConnectionOperations | undefined;
  /** Checkpoint streams reported by sync status when no SyncOperations is given. */
  syncStreams: ReadonlyArray<{ platform: Platform; stream: string }>;
  /** Live guidance on this instance (adapters/server/src/live); without it live routes answer 501. */
  live?: LiveHub | undefined;
  /** Metric definitions, survey link secret and the optional summary judge (routes/metrics.ts). */
  metrics?: MetricsRouteOptions | undefined;
}

export interface RouteSpec {
  method: 'get' | 'post' | 'put';
  /** Express path; `:name` segments are described by `params`. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success status (default 200). */
  status?: number;
  handler(rc: RouteContext<never, never, never>, deps: RouteDeps): Promise<unknown>;
}

/** Keeps each handler's input types tied to its schemas, then erases them for the route table. */
export function route<
  P extends z.ZodType = z.ZodType<Record<string, never>>,
  Q extends z.ZodType = z.ZodType<Record<string, never>>,
  B extends z.ZodType = z.ZodType<undefined>,
>(spec: {
  method: RouteSpec['method'];
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  status?: number;
  handler(rc: RouteContext<z.output<P>, z.output<Q>, z.output<B>>, deps: RouteDeps): Promise<unknown>;
}): RouteSpec {
  return spec as unknown as RouteSpec;
}

// Query strings arrive as text: booleans and numbers are spelled out and converted here.

/** Every list answers one shape, the same as a page of interactions: `{ items, nextCursor }`. */
export function listOf<T>(items: T[]): { items: T[]; nextCursor: null } {
  return { items, nextCursor: null };
}
export const BoolParam = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .describe('true or false');
export const LimitParam = z
  .string()
  .regex(/^\d{1,3}$/, 'a whole number from 1 to 500')
  .transform(Number)
  .pipe(z.number().int().min(1, 'at least 1').max(500, 'at most 500'));
export const Id = z.string().min(1).max(200);
export const IdParams = z.strictObject({ id: Id });
export const VersionParams = z.strictObject({
  id: Id,
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'a version number (1, 2, ...)')
    .transform(Number),
});

/** Policy check for resources the Store does not guard (playbooks, sync state); denials are audited. */
export async function authorize(
  deps: RouteDeps,
  ctx: AccessContext,
  action: Action,
  type: ResourceType,
  tenantId: string,
): Promise<void> {
  const d = decideAccess(ctx.actor, action, { type, tenantId });
  if (d.allowed) return;
  await deps.store.audit.append({
    tenantId,
    actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
    action: 'access.denied',
    resourceType: type,
    outcome: d.outcome === 'not_found' ? 'not_found' : 'denied',
    source: ctx.source ?? null,
    details: { action, reason: d.reason },
  });
  if (d.outcome === 'not_found') throw httpError('STORE.NOT_FOUND', `${type} not found`);
  throw new TeachbackError('ACCESS.DENIED', `not allowed to ${action} ${type}`);
}
