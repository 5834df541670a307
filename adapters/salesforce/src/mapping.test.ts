import { parseAdapterConfig } from './config';
import { STREAMS, vendorKeyPlatform } from './mapping';
import { fromBulkRow } from './raw';

// An org with its own member-id fields, configured (none by default).
const config = parseAdapterConfig({
  tenantId: 't1',
  memberIdField: 'Member_Id__c',
  personAccountMemberIdField: 'Member_Id__pc',
});
const map = (name: string, record: unknown) => STREAMS.find((s) => s.name === name)!.map(record, config);

describe('vendor call keys', () => {
  it('reads Genesys UUIDs and Five9 numeric ids, or takes the configured platform', () => {
    expect(vendorKeyPlatform('6f1c8a52-3b1e-4c1a-9d7e-0c2f1a3b4c5d', 'auto')).toBe('genesys');
    expect(vendorKeyPlatform('300000000000123', 'auto')).toBe('five9');
    expect(vendorKeyPlatform('CA-123', 'auto')).toBeUndefined();
    expect(vendorKeyPlatform('CA-123', 'five9')).toBe('five9');
  });
});

describe('mapping', () => {
  it('a Person Account becomes one person known by its PersonContactId and Account id', () => {
    const out = map('PersonAccount', {
      Id: '001SIM000000000001',
      PersonContactId: '003SIM000000000005',
      FirstName: 'Parker',
      LastName: 'Placeholt',
      Phone: '(555) 018-0005',
      PersonMobilePhone: '555.017.0005',
      PersonHomePhone: null,
      PersonEmail: 'Parker.Placeholt@Example.org',
      Member_Id__pc: ' MBR100185 ',
      SystemModstamp: '2026-01-01T00:00:00.000Z',
    });
    expect(out).toEqual({
      kind: 'person',
      person: {
        kind: 'person-account',
        contactId: '003SIM000000000005',
        accountId: '001SIM000000000001',
        profile: {
          personId: 'salesforce:003SIM000000000005',
          crmIds: ['003SIM000000000005', '001SIM000000000001'],
          memberIds: ['MBR100185'],
          names: ['Parker Placeholt'],
          phones: ['+15550180005', '+15550170005'],
          emails: ['parker.placeholt@example.org'],
        },
      },
    });
  });

  it('an outbound VoiceCall takes the customer from ToPhoneNumber and links its Task', () => {
    const out = map('VoiceCall', {
      Id: '0LQSIM000000000001',
      CallStartDateTime: '2026-01-10T09:00:00.000Z',
      CallEndDateTime: '2026-01-10T09:05:00.000Z',
      CallDurationInSeconds: 300,
      CallType: 'Outbound',
      FromPhoneNumber: '+15550100100',
      ToPhoneNumber: '(555) 018-0003',
      VendorCallKey: '6f1c8a52-3b1e-4c1a-9d7e-0c2f1a3b4c5d',
      RelatedRecordId: '003SIM000000000003',
      ActivityId: '00TSIM000000000009',
      OwnerId: '005SIM000000000002',
      SystemModstamp: '2026-01-10T09:10:00.000Z',
    });
    expect(out.kind).toBe('interaction');
    const i = (out as { interaction: import('@teachback/core').Interaction }).interaction;
    expect(i).toMatchObject({
      id: 'salesforce:t1:0LQSIM000000000001',
      source: {
        platform: 'salesforce',
        externalId: '0LQSIM000000000001',
        aliases: ['6f1c8a52-3b1e-4c1a-9d7e-0c2f1a3b4c5d'],
      },
      links: [
        { platform: 'genesys', externalId: '6f1c8a52-3b1e-4c1a-9d7e-0c2f1a3b4c5d' },
        { platform: 'salesforce', externalId: '00TSIM000000000009' },
      ],
      direction: 'outbound',
      durationMs: 300_000,
      contact: { crmId: '003SIM000000000003', phones: ['+15550180003'] },
      participants: [
        { role: 'agent', userId: '005SIM000000000002' },
        { role: 'customer', phone: '+15550180003' },
      ],
    });
  });

  it('a text MessagingSession is sms; an email takes the customer address lower-cased', () => {
    const sms = map('MessagingSession', {
      Id: '0MwSIM000000000001',
      StartTime: '2026-01-10T09:00:00Z',
      ChannelType: 'Text',
      Origin: 'InboundInitiated',
      EndUserContactId: '003SIM000000000001',
      SystemModstamp: '2026-01-10T09:00:00Z',
    });
    expect(sms).toMatchObject({ interaction: { channel: 'sms', direction: 'inbound' } });
    const email = map('EmailMessage', {
      Id: '02sSIM000000000001',
      MessageDate: '2026-01-10T09:00:00Z',
      Incoming: false,
      FromAddress: 'care@x.example.org',
      ToAddress: 'A@Example.org; b@example.org',
      SystemModstamp: '2026-01-10T09:00:00Z',
    });
    expect(email).toMatchObject({
      interaction: {
        channel: 'email',
        direction: 'outbound',
        contact: { emails: ['a@example.org', 'b@example.org'] },
      },
    });
  });

  it('rejects a malformed record naming the field, never echoing the value', () => {
    const out = map('LiveChatTranscript', {
      Id: '570SIM000000000001',
      StartTime: 'Jane Doe 555-0100',
      SystemModstamp: '2026-01-10T09:00:00Z',
    });
    expect(out).toEqual({
      kind: 'rejected',
      id: '570SIM000000000001',
      reason: 'StartTime: not a Salesforce datetime',
    });
  });

  it('reads Bulk API CSV rows like REST records', () => {
    expect(fromBulkRow({ Id: 'x', CallDurationInSeconds: '61', Incoming: 'true', WhoId: '' })).toEqual({
      Id: 'x',
      CallDurationInSeconds: 61,
      Incoming: true,
      WhoId: null,
    });
  });

  it('config errors name the field', () => {
    expect(() => parseAdapterConfig({ tenantId: 't', agentUserMap: { 'genesys:a': 'nope' } })).toThrow(
      /agentUserMap.genesys:a must be a Salesforce User id/,
    );
  });
});
