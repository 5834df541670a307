import {
  AUDIT_GENESIS_HASH,
  ConnectionInput,
  TeachbackError,
  TeamInput,
  TenantInput,
  UserInput,
  checkSession,
  type AccessContext,
  type Actor,
  type Platform,
  type PlatformConnection,
  type SessionClaims,
  type Team,
  type Tenant,
  type TenantStore,
  type User,
} from '@teachback/core';
import { newDataKey, newKeyId } from '../crypto/envelope';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { SqlExecutor } from './driver';
import { toTenant, toUser } from './rows';
import { notFound, parse } from './validation';

export class SqlTenants implements TenantStore {
  constructor(private readonly sql: SqlContext) {}

  async create(input: TenantInput, source?: string): Promise<Tenant> {
    const t = parse(TenantInput, input, 'tenant');
    const { provider } = this.sql.crypto;
    const keyId = newKeyId();
    const dataKey = newDataKey();
    const indexKey = newDataKey();
    const wrappedKey = await provider.wrap(dataKey, `tenant:${t.id}:key:${keyId}`);
    const wrappedIndex = await provider.wrap(indexKey, `tenant:${t.id}:index`);
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      if (await tx.get('SELECT id FROM tenants WHERE id = ?', [t.id])) {
        throw new TeachbackError('STORE.CONFLICT', `tenant ${t.id} already exists`);
      }
      await tx.run(
        'INSERT INTO tenants (id, name, retention_days, legal_hold, index_key_wrapped, kek_id, created_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
        [t.id, t.name, t.retentionDays, wrappedIndex, provider.kekId, now],
      );
      await tx.run(
        "INSERT INTO tenant_keys (tenant_id, key_id, version, wrapped_key, kek_id, status, created_at) VALUES (?, ?, 1, ?, ?, 'active', ?)",
        [t.id, keyId, wrappedKey, provider.kekId, now],
      );
      await tx.run('INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (?, 0, ?)', [
        t.id,
        AUDIT_GENESIS_HASH,
      ]);
      await this.auditCreation(tx, t.id, keyId, source);
    });
    this.sql.crypto.remember(t.id, keyId, dataKey, indexKey);
    return { id: t.id, name: t.name, retentionDays: t.retentionDays, legalHold: false, createdAt: now };
  }

  private async auditCreation(
    tx: SqlExecutor,
    tenantId: string,
    keyId: string,
    source?: string,
  ): Promise<void> {
    const base = {
      tenantId,
      actorId: 'system:operator',
      source: source ?? null,
      outcome: 'success' as const,
    };
    await this.sql.audit.appendTx(tx, {
      ...base,
      action: 'tenant.create',
      resourceType: 'tenant',
      resourceId: tenantId,
      details: {},
    });
    await this.sql.audit.appendTx(tx, {
      ...base,
      action: 'key.create',
      resourceType: 'key',
      resourceId: keyId,
      details: { version: 1 },
    });
  }

  async get(ctx: AccessContext, tenantId: string): Promise<Tenant> {
    await this.sql.access.authorize(ctx, 'read', { type: 'tenant', tenantId }, tenantId);
    const r = await this.sql.driver.get('SELECT * FROM tenants WHERE id = ?', [tenantId]);
    if (!r) throw notFound('tenant');
    return toTenant(r);
  }

  async saveTeam(ctx: AccessContext, tenantId: string, input: TeamInput): Promise<Team> {
    const t = parse(TeamInput, input, 'team');
    await this.sql.access.authorize(ctx, 'write', { type: 'user', tenantId }, t.id);
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO teams (tenant_id, id, name) VALUES (?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name',
        [tenantId, t.id, t.name],
      );
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'team.save', 'team', t.id));
    });
    return { tenantId, id: t.id, name: t.name };
  }

  async createUser(ctx: AccessContext, tenantId: string, input: UserInput): Promise<User> {
    const u = parse(UserInput, input, 'user');
    await this.sql.access.authorize(ctx, 'write', { type: 'user', tenantId }, u.id);
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      if (await tx.get('SELECT id FROM users WHERE tenant_id = ? AND id = ?', [tenantId, u.id])) {
        throw new TeachbackError('STORE.CONFLICT', `user ${u.id} already exists`);
      }
      await tx.run(
        'INSERT INTO users (tenant_id, id, display_name, email, roles, team_ids, agent_ids, active, valid_after, token_version, created_at, deactivated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 1, ?, NULL)',
        [
          tenantId,
          u.id,
          u.displayName,
          u.email ?? null,
          JSON.stringify(u.roles),
          JSON.stringify(u.teamIds),
          JSON.stringify(u.agentIds),
          now,
          now,
        ],
      );
      await claimAgentIds(tx, tenantId, u.id, u.agentIds);
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'user.add', 'user', u.id, { roles: u.roles.join(',') }),
      );
    });
    return this.readUser(ctx, tenantId, u.id);
  }

  async readUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User> {
    await this.sql.access.authorize(ctx, 'read', { type: 'user', tenantId }, userId);
    const r = await this.sql.driver.get('SELECT * FROM users WHERE tenant_id = ? AND id = ?', [
      tenantId,
      userId,
    ]);
    if (!r) throw notFound('user');
    return toUser(r);
  }

  async roster(ctx: AccessContext, tenantId: string): Promise<User[]> {
    await this.sql.access.authorize(ctx, 'search', { type: 'user', tenantId }, null);
    return (await this.sql.driver.all('SELECT * FROM users WHERE tenant_id = ? ORDER BY id', [tenantId])).map(
      toUser,
    );
  }

  async disableUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User> {
    await this.sql.access.authorize(ctx, 'write', { type: 'user', tenantId }, userId);
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      const n = await tx.run(
        'UPDATE users SET active = 0, valid_after = ?, token_version = token_version + 1, deactivated_at = COALESCE(deactivated_at, ?) WHERE tenant_id = ? AND id = ?',
        [now, now, tenantId, userId],
      );
      if (n === 0) throw notFound('user');
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'user.deactivate', 'user', userId));
    });
    return this.readUser(ctx, tenantId, userId);
  }

  async verifySession(claims: SessionClaims, source?: string): Promise<Actor> {
    const { driver } = this.sql;
    const r = await driver.get('SELECT * FROM users WHERE tenant_id = ? AND id = ?', [
      claims.tenantId,
      claims.userId,
    ]);
    const user = r ? toUser(r) : undefined;
    const check = checkSession(claims, user, Date.now());
    const tenantKnown = await driver.get('SELECT id FROM tenants WHERE id = ?', [claims.tenantId]);
    if (tenantKnown) {
      await this.sql.audit.append({
        tenantId: claims.tenantId,
        actorId: `user:${claims.userId}`,
        action: check.ok ? 'auth.login' : 'auth.refused',
        resourceType: 'session',
        resourceId: null,
        outcome: check.ok ? 'success' : 'denied',
        source: source ?? null,
        details: check.ok ? {} : { reason: check.reason },
      });
    }
    if (!check.ok || !user) {
      throw new TeachbackError('AUTH.REFUSED', 'session refused', {
        details: { reason: check.ok ? 'unknown-user' : check.reason },
      });
    }
    const { id, tenantId, roles, teamIds, agentIds, active } = user;
    return { kind: 'user', id, tenantId, roles, teamIds, agentIds, active };
  }

  async writeConnection(
    ctx: AccessContext,
    tenantId: string,
    input: ConnectionInput,
  ): Promise<PlatformConnection> {
    const c = parse(ConnectionInput, input, 'connection');
    await this.sql.access.authorize(ctx, 'write', { type: 'connection', tenantId }, c.id);
    await this.sql.crypto.load(tenantId);
    const now = this.sql.now();
    const creds = this.sql.crypto.seal(
      { tenantId, table: 'connections', rowId: c.id, field: 'credentials_enc' },
      c.credentials,
    );
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO connections (tenant_id, id, platform, settings, credentials_enc, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET platform = excluded.platform, settings = excluded.settings, credentials_enc = excluded.credentials_enc, updated_at = excluded.updated_at',
        [tenantId, c.id, c.platform, JSON.stringify(c.settings), creds, now],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'secret.write', 'connection', c.id, { platform: c.platform }),
      );
    });
    return {
      tenantId,
      id: c.id,
      platform: c.platform,
      settings: c.settings,
      credentials: c.credentials,
      updatedAt: now,
    };
  }

  async readConnection(ctx: AccessContext, tenantId: string, id: string): Promise<PlatformConnection> {
    await this.sql.access.authorize(ctx, 'read', { type: 'connection', tenantId }, id);
    await this.sql.crypto.load(tenantId);
    const r = await this.sql.driver.get('SELECT * FROM connections WHERE tenant_id = ? AND id = ?', [
      tenantId,
      id,
    ]);
    if (!r) throw notFound('connection');
    await this.sql.audit.append(auditEvent(ctx, 'secret.read', 'connection', id));
    return {
      tenantId,
      id,
      platform: r.platform as Platform,
      settings: JSON.parse(String(r.settings)) as Record<string, unknown>,
      credentials: this.sql.crypto.open(
        { tenantId, table: 'connections', rowId: id, field: 'credentials_enc' },
        String(r.credentials_enc),
      ),
      updatedAt: String(r.updated_at),
    };
  }
}

/** An agent id (a platform's user id) belongs to one Teachback user only. */
async function claimAgentIds(
  tx: SqlExecutor,
  tenantId: string,
  userId: string,
  agentIds: readonly string[],
): Promise<void> {
  for (const agentId of agentIds) {
    const taken = await tx.get('SELECT user_id FROM user_agent_ids WHERE tenant_id = ? AND agent_id = ?', [
      tenantId,
      agentId,
    ]);
    if (taken)
      throw new TeachbackError('STORE.CONFLICT', `agent id ${agentId} already belongs to another user`);
    await tx.run('INSERT INTO user_agent_ids (tenant_id, agent_id, user_id) VALUES (?, ?, ?)', [
      tenantId,
      agentId,
      userId,
    ]);
  }
}
