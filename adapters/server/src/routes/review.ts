import { grantedScope } from '@teachback/core';
import { route, type RouteSpec } from './route';

/**
 * The web app's review side (issue 17): who am I, the call list with its filters, disputes,
 * calibration, coaching and dashboards.
 */
export const REVIEW_ROUTES: RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/me',
    summary:
      'The signed-in user: id, display name, roles, teams and platform agent ids (what the web app shows)',
    tag: 'session',
    handler: async ({ ctx, tenantId }, { store }) => {
      const a = ctx.actor;
      let displayName = a.id;
      // The display name comes from the user record for roles that may read users; an agent,
      // who may not, sees their user id (the policy has no "read yourself" grant to lean on).
      if (a.kind === 'user' && grantedScope(a, 'read', 'user'))
        displayName = (await store.tenants.readUser(ctx, tenantId, a.id)).displayName;
      return {
        userId: a.id,
        tenantId,
        kind: a.kind,
        displayName,
        roles: [...a.roles],
        teamIds: [...a.teamIds],
        agentIds: [...a.agentIds],
      };
    },
  }),
];
