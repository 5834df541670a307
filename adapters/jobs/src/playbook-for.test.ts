import { builtinPlaybooks, compileForScoring, resolvePlaybook } from '@teachback/config';
import {
  inMemoryPlaybookCatalog,
  scoreTranscript,
  type AccessContext,
  type Interaction,
} from '@teachback/core';
import { callTypePlaybookOf, catalogPlaybookFor } from './playbook-for';

const admin: AccessContext = {
  actor: {
    kind: 'user',
    id: 'ada',
    tenantId: 'acme',
    roles: ['admin'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
};

const call = (startedAt: string, queue?: string): Interaction =>
  ({
    id: 'ix-1',
    tenantId: 'acme',
    source: { platform: 'genesys', externalId: 'c-1' },
    channel: 'voice',
    direction: 'inbound',
    startedAt,
    participants: { agentIds: ['a-1'], customer: {} },
    ...(queue ? { queue: { id: `q-${queue}`, name: queue } } : {}),
  }) as unknown as Interaction;

describe('catalogPlaybookFor', () => {
  const { catalog } = inMemoryPlaybookCatalog({
    seeds: builtinPlaybooks,
    compile: compileForScoring,
    defaultPlaybookId: 'healthcare-inbound',
  });
  const playbookFor = catalogPlaybookFor(catalog);

  beforeAll(async () => {
    const base = resolvePlaybook('healthcare-inbound');
    await catalog.save(
      admin,
      'acme',
      { ...base, title: 'Healthcare inbound (December)' },
      {
        note: 'December rules',
        effectiveFrom: '2026-12-01',
      },
    );
    await catalog.save(admin, 'acme', resolvePlaybook('medicare-sales'), {
      note: 'the sales queue scores with the sales playbook',
      queues: ['Medicare Sales'],
      effectiveFrom: '2026-12-01',
    });
  });

  it('gives each call the version in force on its date, and the scorecard records it', async () => {
    const november = await playbookFor('acme', call('2026-11-30T23:00:00Z'));
    const december = await playbookFor('acme', call('2026-12-01T09:00:00-05:00'));
    expect(november.playbook).toMatchObject({ id: 'healthcare-inbound', version: '1' });
    expect(december.playbook).toMatchObject({ id: 'healthcare-inbound', version: '2' });
    const transcript = {
      utterances: [{ speaker: 'agent', startMs: 0, endMs: 1000, text: 'Thank you for calling.' }],
    };
    const { scorecard } = scoreTranscript(transcript as never, december, { interactionId: 'ix-1' });
    expect(scorecard.playbook).toEqual({ id: 'healthcare-inbound', version: '2' });
  });

  it("routes a call by its queue's name to the playbook saved for that queue", async () => {
    expect(
      (await playbookFor('acme', call('2026-12-02T10:00:00Z', 'Medicare Sales'))).playbook,
    ).toMatchObject({
      id: 'medicare-sales',
      version: '2',
    });
    expect((await playbookFor('acme', call('2026-12-02T10:00:00Z', 'Billing'))).playbook.id).toBe(
      'healthcare-inbound',
    );
  });

  it('picks up a version saved after the first lookup (no per-process copy)', async () => {
    const first = await playbookFor('acme', call('2026-12-03T10:00:00Z'));
    await catalog.save(admin, 'acme', first.playbook, {
      note: 'same rules, new version',
      effectiveFrom: '2026-12-03',
    });
    expect((await playbookFor('acme', call('2026-12-03T10:00:00Z'))).playbook.version).toBe('3');
  });

  it('scores a call against the playbook its call type is mapped to', async () => {
    const byType = catalogPlaybookFor(
      catalog,
      undefined,
      callTypePlaybookOf(async () => ({
        playbooks: { 'medicare-sales': 'medicare-sales' },
        mapping: { dispositions: { 'Plan enrolment': 'medicare-sales' } },
      })),
    );
    const typed = { ...call('2026-12-10T10:00:00.000Z'), callType: 'medicare-sales' } as Interaction;
    expect((await byType('acme', typed)).playbook.id).toBe('medicare-sales');
    const mapped = { ...call('2026-12-10T10:00:00.000Z'), disposition: 'Plan enrolment' } as Interaction;
    expect((await byType('acme', mapped)).playbook.id).toBe('medicare-sales');
    // A type without a playbook falls back to the catalog default.
    const other = { ...call('2026-12-10T10:00:00.000Z'), callType: 'billing-insurance' } as Interaction;
    expect((await byType('acme', other)).playbook.id).toBe('healthcare-inbound');
  });
});
