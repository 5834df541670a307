import type { AccessContext } from '@teachback/core';

/** Jobs act as the tenant's machine identity: it writes what platforms send and reads what it pushes. */
export const jobsActor = (tenantId: string): AccessContext => ({
  actor: {
    kind: 'system',
    id: 'jobs',
    tenantId,
    roles: ['integration'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'worker',
});
