import type { SessionClaims } from '../access/session';
import type { Actor } from '../access/roles';
import type {
  AccessContext,
  ConnectionInput,
  PlatformConnection,
  Team,
  TeamInput,
  Tenant,
  TenantInput,
  User,
  UserInput,
} from './records';

/** Who belongs to a tenant and how it reaches its platforms: tenants, teams, users, sessions, connections. */
export interface TenantStore {
  /** Operator-level: run by whoever hosts Teachback (CLI `tenants create`), not by a tenant's users. */
  create(input: TenantInput, source?: string): Promise<Tenant>;
  get(ctx: AccessContext, tenantId: string): Promise<Tenant>;

  /** Creates the team or renames it. */
  saveTeam(ctx: AccessContext, tenantId: string, input: TeamInput): Promise<Team>;
  createUser(ctx: AccessContext, tenantId: string, input: UserInput): Promise<User>;
  readUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User>;
  /** Every user of the tenant, by id. */
  roster(ctx: AccessContext, tenantId: string): Promise<User[]>;
  /** Takes effect immediately: every session issued before is refused by `verifySession`. */
  disableUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User>;
  /** Checks a session against the user's current state; audited either way. */
  verifySession(claims: SessionClaims, source?: string): Promise<Actor>;

  /** Platform credentials are sealed at rest; writing and reading them are audited as secret access. */
  writeConnection(ctx: AccessContext, tenantId: string, input: ConnectionInput): Promise<PlatformConnection>;
  readConnection(ctx: AccessContext, tenantId: string, id: string): Promise<PlatformConnection>;
}
