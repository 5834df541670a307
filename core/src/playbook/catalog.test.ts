import type { AccessContext } from '../store/records';
import { callDateOf } from './catalog';
import { inMemoryPlaybookCatalog } from './catalog-memory';
import { playbookInForce, type VersionTerms } from './catalog-rule';
import { parsePlaybook } from './compile';
import type { Playbook } from './schema';

const admin: AccessContext = {
  actor: {
    kind: 'user',
    id: 'admin-1',
    tenantId: 't1',
    roles: ['admin'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
};
const agent: AccessContext = { actor: { ...admin.actor, id: 'agent-1', roles: ['agent'] } };

function playbook(id: string, phrase: string, title = `Playbook ${id}`): Playbook {
  return parsePlaybook({
    id,
    version: 'draft',
    title,
    criteria: [
      {
        id: 'greeting',
        title: 'Greets the caller',
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip: 'Say hello.',
        rule: { require: [{ phrases: [phrase] }] },
      },
    ],
  });
}

const v = (id: string, version: number, over: Partial<VersionTerms> = {}): VersionTerms => ({
  id,
  version,
  effectiveFrom: null,
  queues: null,
  savedAt: `2026-01-0${version}T00:00:00.000Z`,
  ...over,
});

describe('playbookInForce (the resolution rule)', () => {
  const versions = [
    v('care', 1),
    v('care', 2, { effectiveFrom: '2026-06-01' }),
    v('care', 3, { effectiveFrom: '2026-09-01', queues: ['billing'] }),
    v('sales', 1, { queues: ['medicare'] }),
  ];

  it('takes the newest version already effective on the call date', () => {
    expect(playbookInForce(versions, { playbookId: 'care', date: '2026-05-31' }, 'care')).toEqual({
      found: true,
      ref: { id: 'care', version: 1 },
    });
    expect(playbookInForce(versions, { playbookId: 'care', date: '2026-06-01' }, 'care')).toEqual({
      found: true,
      ref: { id: 'care', version: 2 },
    });
  });

  it('applies a queue-limited version only to its queues', () => {
    const onBilling = playbookInForce(
      versions,
      { playbookId: 'care', date: '2026-10-01', queue: 'billing' },
      'care',
    );
    const elsewhere = playbookInForce(
      versions,
      { playbookId: 'care', date: '2026-10-01', queue: 'general' },
      'care',
    );
    expect(onBilling).toEqual({ found: true, ref: { id: 'care', version: 3 } });
    expect(elsewhere).toEqual({ found: true, ref: { id: 'care', version: 2 } });
  });

  it('routes a call to the playbook whose version names its queue, else the default', () => {
    expect(playbookInForce(versions, { date: '2026-10-01', queue: 'medicare' }, 'care')).toEqual({
      found: true,
      ref: { id: 'sales', version: 1 },
    });
    expect(playbookInForce(versions, { date: '2026-10-01', queue: 'general' }, 'care')).toEqual({
      found: true,
      ref: { id: 'care', version: 2 },
    });
  });

  it('says why nothing is in force', () => {
    const later = [v('care', 1, { effectiveFrom: '2027-01-01' })];
    expect(playbookInForce(later, { playbookId: 'care', date: '2026-12-31' }, undefined)).toMatchObject({
      found: false,
      reason: 'not-yet-in-force',
    });
    expect(playbookInForce(versions, { playbookId: 'nope', date: '2026-12-31' }, undefined)).toMatchObject({
      found: false,
      reason: 'unknown-playbook',
    });
    expect(playbookInForce(versions, { date: '2026-12-31' }, undefined)).toMatchObject({
      found: false,
      reason: 'no-default',
    });
  });
});

describe('VersionedPlaybookCatalog (in memory)', () => {
  const clock = () => new Date('2026-12-06T10:00:00Z');
  const make = () =>
    inMemoryPlaybookCatalog({
      seeds: () => [playbook('care', 'welcome to acme health')],
      defaultPlaybookId: 'care',
      clock,
    });

  it('seeds the built-ins as version 1 and numbers each save', async () => {
    const { catalog, table } = make();
    expect((await catalog.history('t1', 'care')).map((h) => [h.version, h.source, h.author])).toEqual([
      [1, 'builtin', 'teachback'],
    ]);
    const saved = await catalog.save(admin, 't1', playbook('care', 'thanks for calling acme pharmacy'), {
      note: 'warmer greeting',
    });
    expect(saved).toMatchObject({ id: 'care', version: 2, author: 'admin-1', effectiveFrom: '2026-12-06' });
    expect(saved.playbook.version).toBe('2');
    expect((await catalog.version('t1', 'care', 1)).playbook.criteria[0]!.rule).toEqual({
      require: [expect.objectContaining({ phrases: ['welcome to acme health'] })],
    });
    expect(table.saves).toEqual([{ tenantId: 't1', actorId: 'admin-1', playbookId: 'care', version: 2 }]);
  });

  it('refuses a version number that is taken, and one that skips ahead', async () => {
    const { catalog } = make();
    await catalog.save(admin, 't1', playbook('care', 'thanks for calling acme pharmacy'), {
      note: 'v2',
      version: 2,
    });
    await expect(
      catalog.save(admin, 't1', playbook('care', 'acme clinic appointment line'), {
        note: 'also v2',
        version: 2,
      }),
    ).rejects.toMatchObject({ code: 'PLAYBOOK.VERSION_EXISTS' });
    await expect(
      catalog.save(admin, 't1', playbook('care', 'acme clinic appointment line'), { note: 'v9', version: 9 }),
    ).rejects.toMatchObject({ code: 'PLAYBOOK.VERSION_INVALID', message: expect.stringContaining('is 3') });
  });

  it('rolls back by copying an old version into a new one', async () => {
    const { catalog } = make();
    await catalog.save(admin, 't1', playbook('care', 'thanks for calling acme pharmacy'), {
      note: 'v2',
      effectiveFrom: '2026-01-01',
    });
    const back = await catalog.rollback(admin, 't1', 'care', 1, { effectiveFrom: '2026-01-01' });
    expect(back).toMatchObject({ version: 3, rollbackOf: 1, note: 'rollback to version 1' });
    const inForce = await catalog.resolve('t1', { date: '2026-12-06' });
    expect(inForce.ref).toEqual({ id: 'care', version: 3 });
    expect(inForce.compiled.playbook.version).toBe('3');
    expect(inForce.playbook.criteria[0]!.rule!.require![0]!.phrases).toEqual(['welcome to acme health']);
    // The version rolled back from is still readable as it was.
    expect((await catalog.version('t1', 'care', 2)).playbook.criteria[0]!.rule!.require![0]!.phrases).toEqual(
      ['thanks for calling acme pharmacy'],
    );
  });

  it('resolves each call date to the version in force then', async () => {
    const { catalog } = make();
    await catalog.save(admin, 't1', playbook('care', 'thanks for calling acme pharmacy'), {
      note: 'v2',
      effectiveFrom: '2026-07-01',
    });
    expect((await catalog.resolve('t1', { date: '2026-06-30' })).ref.version).toBe(1);
    expect((await catalog.resolve('t1', { date: '2026-07-01' })).ref.version).toBe(2);
  });

  it('names the field of bad terms and refuses writers the policy does not allow', async () => {
    const { catalog } = make();
    await expect(
      catalog.save(admin, 't1', playbook('care', 'acme clinic appointment line'), { note: ' ' }),
    ).rejects.toMatchObject({
      code: 'PLAYBOOK.INVALID',
      message: expect.stringMatching(/^note: /),
    });
    await expect(
      catalog.save(admin, 't1', playbook('care', 'acme clinic appointment line'), {
        note: 'n',
        effectiveFrom: '2026-13-01',
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^effectiveFrom: /) });
    await expect(
      catalog.save(agent, 't1', playbook('care', 'acme clinic appointment line'), { note: 'n' }),
    ).rejects.toMatchObject({
      code: 'ACCESS.DENIED',
    });
    await expect(catalog.history('t1', 'unknown')).rejects.toMatchObject({ code: 'PLAYBOOK.NOT_FOUND' });
  });

  it('keeps tenants apart', async () => {
    const { catalog } = make();
    await catalog.save(admin, 't1', playbook('care', 'thanks for calling acme pharmacy'), { note: 'v2' });
    expect((await catalog.history('t2', 'care')).map((h) => h.version)).toEqual([1]);
  });
});

describe('callDateOf', () => {
  it('is the UTC date of the start, or today without one', () => {
    expect(callDateOf('2026-03-01T23:30:00-05:00')).toBe('2026-03-02');
    expect(callDateOf(undefined, () => new Date('2026-12-06T01:00:00Z'))).toBe('2026-12-06');
  });
});
