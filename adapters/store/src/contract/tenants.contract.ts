import type { SqlStore } from '../sql/sql-store';
import { actor, expectCode, type ContractScope } from './harness';

/** Tenants, users and sessions, platform connections. */
export function tenantsContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('tenants', () => {
    it('creates a tenant with a six-year default retention and refuses a duplicate', async () => {
      const t = await newTenant();
      const got = await store.tenants.get(actor(t, ['admin']), t);
      expect(got).toMatchObject({ id: t, retentionDays: 2192, legalHold: false });
      await expectCode(store.tenants.create({ id: t, name: 'again' }), 'STORE.CONFLICT');
    });
    it('rejects a bad tenant id naming the field', async () => {
      await expect(store.tenants.create({ id: 'Bad Id!', name: 'x' })).rejects.toMatchObject({
        code: 'STORE.INVALID',
        message: expect.stringContaining('id'),
      });
    });
  });

  describe('users and sessions', () => {
    it('refuses every session issued before a deactivation, at once', async () => {
      const t = await newTenant();
      const admin = actor(t, ['admin']);
      await store.tenants.createUser(admin, t, {
        id: 'casey',
        displayName: 'Casey',
        roles: ['supervisor'],
        teamIds: ['north'],
      });
      const claims = { userId: 'casey', tenantId: t, issuedAt: new Date().toISOString(), tokenVersion: 1 };
      await expect(
        store.tenants.verifySession({ ...claims, issuedAt: '2000-01-01T00:00:00Z' }),
      ).rejects.toMatchObject({ details: { reason: 'revoked' } });
      const a = await store.tenants.verifySession(claims, '10.0.0.1');
      expect(a).toMatchObject({ id: 'casey', roles: ['supervisor'], teamIds: ['north'], active: true });
      const u = await store.tenants.disableUser(admin, t, 'casey');
      expect(u).toMatchObject({ active: false, tokenVersion: 2 });
      await expect(store.tenants.verifySession(claims)).rejects.toMatchObject({
        code: 'AUTH.REFUSED',
        details: { reason: 'inactive' },
      });
      const log = await store.audit.read(actor(t, ['compliance']), t);
      expect(log.map((e) => e.action)).toEqual(
        expect.arrayContaining(['user.add', 'auth.login', 'user.deactivate', 'auth.refused']),
      );
      await expectCode(
        store.tenants.createUser(admin, t, { id: 'casey', displayName: 'Again', roles: ['agent'] }),
        'STORE.CONFLICT',
      );
      await expectCode(
        store.tenants.createUser(actor(t, ['supervisor']), t, {
          id: 'x',
          displayName: 'X',
          roles: ['admin'],
        }),
        'ACCESS.DENIED',
      );
    });
  });

  describe('connections', () => {
    it('stores connection credentials encrypted and returns them to an allowed reader', async () => {
      const t = await newTenant();
      await store.tenants.writeConnection(actor(t, ['admin']), t, {
        id: 'gc',
        platform: 'genesys',
        settings: { region: 'mypurecloud.com' },
        credentials: { clientSecret: 'sekrit-value-123' },
      });
      const raw = await store.driver.get('SELECT credentials_enc FROM connections WHERE tenant_id = ?', [t]);
      expect(String(raw?.credentials_enc)).not.toContain('sekrit');
      const c = await store.tenants.readConnection(actor(t, ['admin']), t, 'gc');
      expect(c.credentials.clientSecret).toBe('sekrit-value-123');
      await expectCode(store.tenants.readConnection(actor(t, ['agent']), t, 'gc'), 'ACCESS.DENIED');
    });
  });
}
