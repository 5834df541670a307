// Who is signed in, as the server reports it (GET /v1/me), and which screens their roles open.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'admin' | 'supervisor' | 'agent' | 'compliance' | 'crm-viewer' | 'integration';

export interface Me {
  userId: string;
  tenantId: string;
  displayName: string;
  roles: Role[];
  teamIds: string[];
  agentIds: string[];
}

export const SessionContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

export function hasAnyRole(me: Me, roles: readonly Role[]): boolean {
  return me.roles.some((r) => roles.includes(r));
}

/** Supervisors and QA reviewers share the supervisor role: they review calls of their teams. */
export const REVIEWERS: readonly Role[] = ['supervisor', 'compliance'];
