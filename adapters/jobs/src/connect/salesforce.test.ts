import { scoreObjectFields } from '@teachback/adapter-salesforce';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { startSalesforceSimulator, type OrgShape } from '@teachback/simulator-salesforce';
import type { AccessContext } from '@teachback/core';
import { scratchDatabase, type ScratchDatabase } from '../testing/databases';
import { connectSalesforce } from './salesforce';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = '5f'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const TENANT = 'clinicsf';
const adminCtx = (tenantId: string): AccessContext => ({
  actor: {
    kind: 'system',
    id: 'jobs',
    tenantId,
    roles: ['admin', 'integration'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'worker',
});

describe('connectSalesforce against the simulator', () => {
  let db: ScratchDatabase;
  let store: SqlStore;
  beforeAll(async () => {
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Clinic SF' });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const connectTo = async (org: OrgShape = {}, settings: Record<string, unknown> = {}) => {
    const sim = await startSalesforceSimulator({ org });
    try {
      const token = sim.issueAccessToken();
      const report = await connectSalesforce(store, TENANT, {
        settings: { allowHttp: true, ...settings },
        credentials: { flow: 'access-token', accessToken: token, instanceUrl: sim.url },
      });
      return { report, token };
    } finally {
      await sim.close();
    }
  };

  it('a standard org with force-app deployed: verified, optional objects skipped, connection stored', async () => {
    const { report, token } = await connectTo();
    expect(report).toMatchObject({ platform: 'salesforce', ok: true, missing: [] });
    expect(report.provisioned).toEqual(
      expect.arrayContaining([
        'login',
        `object Teachback_Interaction_Score__c (${scoreObjectFields().length} force-app fields) verified`,
        'Task.Teachback_External_Id__c verified',
        'transcripts from ConversationEntry',
        'Opportunity stages of calls (Task.WhatId, VoiceCall.RelatedRecordId)',
      ]),
    );
    expect(report.skipped).toContainEqual({
      what: 'LiveChatTranscript',
      why: 'not in this org (describeGlobal): not synced',
    });
    // Feedback Management is a licensed add-on: without it surveys are skipped, not missing.
    expect(report.skipped.map((g) => g.what)).toContain('SurveyResponse');
    expect(report.provisioned.join('\n')).not.toContain('post-call surveys');
    expect(JSON.stringify(report)).not.toContain(token);
    const stored = await store.tenants.readConnection(adminCtx(TENANT), TENANT, 'salesforce');
    expect(stored.settings).toMatchObject({ allowHttp: true });
    expect(stored.credentials).toMatchObject({ accessToken: token });
  });

  it('an org with Feedback Management: post-call surveys are listed as provisioned', async () => {
    const { report } = await connectTo({ feedbackManagement: true });
    expect(report.ok).toBe(true);
    expect(report.provisioned).toContain('post-call surveys from Feedback Management (SurveySubject-linked)');
    expect(report.skipped.map((g) => g.what)).not.toContain('SurveyResponse');
  });

  it('a missing custom field, a missing object and no permission on Task are listed as missing', async () => {
    const field = await connectTo({ missingFields: { Teachback_Interaction_Score__c: ['Score__c'] } });
    expect(field.report.ok).toBe(false);
    expect(field.report.missing).toEqual([
      {
        what: 'Teachback_Interaction_Score__c.Score__c',
        why: 'field not in this org: deploy adapters/salesforce/force-app (sf project deploy start)',
      },
    ]);

    const object = await connectTo({ missingObjects: ['Teachback_Interaction_Score__c'] });
    expect(object.report.missing.map((m) => m.what)).toEqual(['Teachback_Interaction_Score__c']);

    const readOnly = await connectTo({ readOnlyObjects: ['Task', 'Teachback_Interaction_Score__c'] });
    expect(readOnly.report.missing.map((m) => m.what)).toEqual(
      expect.arrayContaining(['upsert Teachback_Interaction_Score__c', 'upsert Task']),
    );
  });

  it('a configured member-id field the org lacks is missing; one it has is not', async () => {
    const settings = { adapter: { memberIdField: 'Member_Id__c' } };
    const standard = await connectTo({}, settings);
    expect(standard.report.missing.map((m) => m.what)).toEqual(['Contact.Member_Id__c']);
    const custom = await connectTo({ memberIdFields: true }, settings);
    expect(custom.report.missing).toEqual([]);
  });

  it('bad input names the field and stores nothing; a bad token fails the login', async () => {
    const other = 'othertenant';
    await store.tenants.create({ id: other, name: 'Other' });
    await expect(
      connectSalesforce(store, other, {
        settings: { allowHttp: true },
        credentials: { flow: 'access-token', instanceUrl: 'http://127.0.0.1:1' },
      }),
    ).rejects.toThrow(/accessToken/);
    await expect(
      connectSalesforce(store, other, {
        settings: { allowHttp: true, adapter: { pageSize: 0 } },
        credentials: { flow: 'access-token', accessToken: 'x', instanceUrl: 'http://127.0.0.1:1' },
      }),
    ).rejects.toThrow(/pageSize/);
    const sim = await startSalesforceSimulator();
    try {
      await expect(
        connectSalesforce(store, other, {
          settings: { allowHttp: true },
          credentials: { flow: 'access-token', accessToken: 'not-a-token', instanceUrl: sim.url },
        }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^SALESFORCE\./) });
    } finally {
      await sim.close();
    }
    await expect(store.tenants.readConnection(adminCtx(other), other, 'salesforce')).rejects.toThrow();
  });
});
