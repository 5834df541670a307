import {
  createLiveSession,
  type GuidanceEvent,
  type GuidanceKind,
  type LiveUtterance,
  type PlaybookCatalog,
} from '@teachback/core';

/**
 * What the hub needs of a live session: the shape of core's `createLiveSession` (core/src/live).
 * The hub takes a factory so the transport can be tested on its own and the engine's options
 * (playbook, call date, models) are chosen in one place.
 */
export interface GuidanceSession {
  push(u: LiveUtterance): GuidanceEvent[];
  tick(offsetMs: number): GuidanceEvent[];
  dismiss(eventId: string): GuidanceEvent[];
  mute(kind: GuidanceKind): GuidanceEvent[];
  end(offsetMs?: number): GuidanceEvent[];
}

export interface SessionRequest {
  tenantId: string;
  callId: string;
  /** YYYY-MM-DD of the call start: selects the playbook version and effective-dated prompts. */
  callDate: string;
  playbookId: string | null;
  queue: string | null;
}

export type GuidanceSessionFactory = (req: SessionRequest) => Promise<GuidanceSession>;

/**
 * The default factory: the tenant's playbook in force for the call's date (and queue) from the
 * catalog, the same compiled rules post-call scoring uses, into core's engine.
 */
export function catalogSessions(catalog: PlaybookCatalog): GuidanceSessionFactory {
  return async (req) => {
    const resolved = await catalog.resolve(req.tenantId, {
      date: req.callDate,
      ...(req.playbookId ? { playbookId: req.playbookId } : {}),
      ...(req.queue ? { queue: req.queue } : {}),
    });
    return createLiveSession({ callId: req.callId, playbook: resolved.compiled, callDate: req.callDate });
  };
}
