import type { SqlStore } from '../sql/sql-store';
import { MIGRATIONS } from '../sql/migrations';
import { auditContract } from './audit.contract';
import { auditAnchorsContract } from './audit-anchors.contract';
import { canaryContract } from './canary.contract';
import { coachingContract } from './coaching.contract';
import type { ContractScope, StoreHarness } from './harness';
import { interactionsContract } from './interactions.contract';
import { keysContract } from './keys.contract';
import { liveContract } from './live.contract';
import { oversightContract } from './oversight.contract';
import { overrideCarryContract } from './override-carry.contract';
import { miningContract } from './mining.contract';
import { metricsContract } from './metrics.contract';
import { retentionContract } from './retention.contract';
import { reviewsContract } from './reviews.contract';
import { scorecardsContract } from './scorecards.contract';
import { syncStateContract } from './sync-state.contract';
import { tenantsContract } from './tenants.contract';
import { timelineContract } from './timeline.contract';

export { CANARY, actor, call, scorecard, system, type StoreHarness } from './harness';

/** The one suite both stores must pass: one part per role of the store, on one open store. */
export function storeContract(h: StoreHarness): void {
  describe(`${h.name} store contract`, () => {
    let store: SqlStore;
    let tenantSeq = 0;
    const scope: ContractScope = {
      store: () => store,
      harness: h,
      async newTenant(): Promise<string> {
        const id = `t${++tenantSeq}-${Math.random().toString(36).slice(2, 8)}`;
        await store.tenants.create({ id, name: `Tenant ${id}` });
        return id;
      },
    };

    beforeAll(async () => {
      store = await h.open();
    });
    afterAll(async () => {
      await store.close();
      await h.cleanup();
    });

    describe('migrations', () => {
      it('are recorded and safe to run twice', async () => {
        const again = await store.migrate();
        expect(again.applied).toEqual([]);
        const rows = await store.driver.all('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
        expect(MIGRATIONS.length).toBeGreaterThanOrEqual(3);
      });
    });

    tenantsContract(scope);
    interactionsContract(scope);
    scorecardsContract(scope);
    timelineContract(scope);
    auditContract(scope);
    auditAnchorsContract(scope);
    retentionContract(scope);
    keysContract(scope);
    syncStateContract(scope);
    coachingContract(scope);
    miningContract(scope);
    canaryContract(scope);
    liveContract(scope);
    reviewsContract(scope);
    overrideCarryContract(scope);
    oversightContract(scope);
    metricsContract(scope);
  });
}
