import { Interaction } from '@teachback/core';
import { parseAdapterConfig } from './config';
import { funnelStage, opportunityOf, withOpportunityStage } from './stages';

const config = parseAdapterConfig({
  tenantId: 't1',
  contactCenter: { stageField: 'Funnel_Stage__c', stageNames: { 'Closed Won': 'enrolled' } },
});
const call = Interaction.parse({
  id: 'salesforce:t1:00T1',
  source: { platform: 'salesforce', externalId: '00T000000000001AAA' },
  channel: 'voice',
  direction: 'inbound',
  contactCenter: { stage: 'contacted', waitMs: 1000 },
  attributes: {},
});

describe('Opportunity stage precedence', () => {
  it('reads the Opportunity id only from Task.WhatId / VoiceCall.RelatedRecordId with prefix 006', () => {
    expect(opportunityOf('Task', { WhatId: '006000000000001AAA' })).toBe('006000000000001AAA');
    expect(opportunityOf('Task', { WhatId: '500000000000001AAA' })).toBeUndefined();
    expect(opportunityOf('VoiceCall', { RelatedRecordId: '006000000000002AAA' })).toBe('006000000000002AAA');
    expect(opportunityOf('VoiceCall', { WhatId: '006000000000002AAA' })).toBeUndefined();
    expect(opportunityOf('EmailMessage', { RelatedToId: '006000000000002AAA' })).toBeUndefined();
  });

  it('the Opportunity stage replaces a disposition stage, mapped through stageNames, other facts kept', () => {
    expect(withOpportunityStage(call, {}, 'Closed Won', config).contactCenter).toEqual({
      stage: 'enrolled',
      waitMs: 1000,
    });
    expect(funnelStage('Qualification', config)).toBe('Qualification');
  });

  it('a value in the configured stage field on the call itself wins over the Opportunity', () => {
    const own = { Funnel_Stage__c: 'quoted' };
    expect(withOpportunityStage(call, own, 'Closed Won', config)).toBe(call);
    expect(
      withOpportunityStage(call, { Funnel_Stage__c: ' ' }, 'Closed Won', config).contactCenter?.stage,
    ).toBe('enrolled');
    expect(withOpportunityStage(call, {}, undefined, config)).toBe(call);
  });
});
