import { Interaction, type InteractionInput } from '../model';
import { IdentityDirectory, evidenceOf } from './identity';
import { nameTokens, normalizeEmail, phoneToE164, sameName } from './identity-keys';
import { buildTimelines, groupSameInteractions, personTimeline } from './merge';

const people = new IdentityDirectory([
  // A household: two people on one landline.
  {
    personId: 'morgan',
    crmIds: ['003A'],
    memberIds: ['MBR1'],
    names: ['Morgan Testwell'],
    phones: ['+15550180003', '+15550170003'],
    emails: ['morgan@example.org'],
  },
  {
    personId: 'sage',
    crmIds: ['003B'],
    memberIds: ['MBR2'],
    names: ['Sage Testwell'],
    phones: ['+15550180003', '+15550170004'],
    emails: ['sage@example.org'],
  },
  // A Person Account: known by the Account id and its PersonContactId.
  {
    personId: 'parker',
    crmIds: ['001P', '003P'],
    memberIds: ['MBR5'],
    names: ['Parker Placeholt'],
    phones: ['+15550180005'],
    emails: ['parker@example.org'],
  },
]);

const make = (i: InteractionInput) => Interaction.parse(i);

describe('identity keys', () => {
  it('normalizes phones to E.164 and refuses junk', () => {
    expect(phoneToE164('(555) 018-0003')).toBe('+15550180003');
    expect(phoneToE164('555.018.0003')).toBe('+15550180003');
    expect(phoneToE164('+1 555 018 0003')).toBe('+15550180003');
    expect(phoneToE164('1-555-018-0003')).toBe('+15550180003');
    expect(phoneToE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(phoneToE164('0044 20 7946 0958')).toBe('+442079460958');
    expect(phoneToE164('anonymous')).toBeUndefined();
    expect(phoneToE164('911')).toBeUndefined();
    expect(phoneToE164('')).toBeUndefined();
  });
  it('lower-cases emails and matches names loosely but safely', () => {
    expect(normalizeEmail('  Morgan@Example.ORG ')).toBe('morgan@example.org');
    expect(normalizeEmail('not an email')).toBeUndefined();
    expect(nameTokens('Zoë  O’Brien')).toEqual(['zoe', 'o', 'brien']);
    expect(sameName('Morgan J. Testwell', 'morgan testwell')).toBe(true);
    expect(sameName('Morgan Testwell', 'Sage Testwell')).toBe(false);
  });
});

describe('identity resolution', () => {
  const ev = (e: Partial<ReturnType<typeof evidenceOf>>) => ({
    crmIds: [],
    memberIds: [],
    names: [],
    phones: [],
    emails: [],
    ...e,
  });
  it('follows the precedence crm id > member id > phone + name > email', () => {
    // Every lower level points at Sage; the CRM id wins.
    expect(
      people.resolve(
        ev({
          crmIds: ['003A'],
          memberIds: ['MBR2'],
          phones: ['+15550170004'],
          names: ['Sage Testwell'],
          emails: ['sage@example.org'],
        }),
      ),
    ).toEqual({ personId: 'morgan', by: 'crm-id' });
    expect(people.resolve(ev({ memberIds: ['mbr2 '], emails: ['morgan@example.org'] }))).toEqual({
      personId: 'sage',
      by: 'member-id',
    });
    expect(
      people.resolve(
        ev({ phones: ['+15550180003'], names: ['Sage Testwell'], emails: ['morgan@example.org'] }),
      ),
    ).toEqual({ personId: 'sage', by: 'phone+name' });
    expect(people.resolve(ev({ emails: ['Parker@Example.org'] }))).toEqual({
      personId: 'parker',
      by: 'email',
    });
  });
  it('never attributes a shared household phone on the number alone', () => {
    expect(people.resolve(ev({ phones: ['+15550180003'] }))).toEqual({
      personId: undefined,
      reason: 'shared-phone-needs-name',
    });
    expect(people.resolve(ev({ phones: ['+15550180003'], names: ['Someone Else'] }))).toEqual({
      personId: undefined,
      reason: 'no-match',
    });
  });
  it('a number only one known person has is the weakest match, and can be switched off', () => {
    expect(people.resolve(ev({ phones: ['(555) 018-0005'] }))).toEqual({
      personId: 'parker',
      by: 'phone-only',
    });
    // A caller name that matches nobody on the number is a contradiction, not a phone-only match.
    expect(
      people.resolve(ev({ phones: ['+15550180005'], names: ['Someone Else'] })).personId,
    ).toBeUndefined();
    const strict = new IdentityDirectory(people.people, { phoneOnly: 'never' });
    expect(strict.resolve(ev({ phones: ['+15550180005'] }))).toEqual({
      personId: undefined,
      reason: 'phone-needs-name',
    });
  });
  it('resolves a Person Account by its Account id or its PersonContactId', () => {
    expect(people.resolve(ev({ crmIds: ['001P'] }))).toEqual({ personId: 'parker', by: 'crm-id' });
    expect(people.resolve(ev({ crmIds: ['003P'] }))).toEqual({ personId: 'parker', by: 'crm-id' });
  });
});

const T = (m: number) => new Date(Date.UTC(2026, 0, 10, 9, m)).toISOString();

const genesysCall = make({
  id: 'g1',
  source: { platform: 'genesys', externalId: 'conv-1' },
  channel: 'voice',
  direction: 'inbound',
  startedAt: T(0),
  participants: [
    { role: 'agent', userId: 'gen-agent-1', name: 'Alex Agent' },
    { role: 'customer', phone: '+15550180003', name: 'Morgan Testwell' },
  ],
});
const sfVoiceCall = make({
  id: 'sf-vc1',
  source: { platform: 'salesforce', externalId: '0LQ1', aliases: ['conv-1'] },
  links: [
    { platform: 'genesys', externalId: 'conv-1' },
    { platform: 'salesforce', externalId: '00T1' },
  ],
  channel: 'voice',
  direction: 'inbound',
  startedAt: T(1),
  contact: { crmId: '003A', phones: [], emails: [] },
});
const sfCallLogTask = make({
  id: 'sf-t1',
  source: { platform: 'salesforce', externalId: '00T1' },
  links: [{ platform: 'genesys', externalId: 'conv-1' }],
  channel: 'voice',
  startedAt: T(2),
  contact: { crmId: '003A', phones: [], emails: [] },
});
const five9Call = make({
  id: 'f1',
  source: { platform: 'five9', externalId: '300000000000007' },
  channel: 'voice',
  direction: 'outbound',
  startedAt: T(30),
  participants: [{ role: 'customer', phone: '+15550180003' }],
});
const sfFive9Task = make({
  id: 'sf-t2',
  source: { platform: 'salesforce', externalId: '00T2', aliases: ['300000000000007'] },
  links: [{ platform: 'five9', externalId: '300000000000007' }],
  channel: 'voice',
  direction: 'outbound',
  startedAt: T(31),
  contact: { crmId: '003B', phones: [], emails: [] },
});
const householdCallNoName = make({
  id: 'g2',
  source: { platform: 'genesys', externalId: 'conv-2' },
  channel: 'voice',
  direction: 'inbound',
  startedAt: T(60),
  participants: [{ role: 'customer', phone: '+15550180003' }],
});
const sageEmail = make({
  id: 'sf-e1',
  source: { platform: 'salesforce', externalId: '02s1' },
  channel: 'email',
  direction: 'inbound',
  startedAt: T(5),
  participants: [{ role: 'customer', email: 'SAGE@example.org' }],
});
const parkerChat = make({
  id: 'sf-c1',
  source: { platform: 'salesforce', externalId: '5701' },
  channel: 'chat',
  startedAt: T(15),
  contact: { crmId: '001P', phones: [], emails: [] },
});

const all = [
  sfFive9Task,
  householdCallNoName,
  genesysCall,
  sfCallLogTask,
  five9Call,
  sageEmail,
  parkerChat,
  sfVoiceCall,
];

describe('merging the same interaction across systems', () => {
  it('joins by vendor call key and ActivityId, transitively', () => {
    const groups = groupSameInteractions(all).map((g) => g.map((i) => i.id).sort());
    expect(groups).toContainEqual(['g1', 'sf-t1', 'sf-vc1']);
    expect(groups).toContainEqual(['f1', 'sf-t2']);
    expect(groups).toHaveLength(5);
  });

  it('gives each person one ordered entry per real interaction, listing every source', () => {
    const scores = {
      g1: { score: 92, compliant: true, escalated: false },
      f1: { score: 40, compliant: false, escalated: true, escalationTypes: ['mental_health_crisis'] },
    };
    const { byPerson, unresolved } = buildTimelines({ interactions: all, people, scores });
    const morgan = byPerson.get('morgan')!;
    expect(morgan).toHaveLength(1);
    expect(morgan[0]).toMatchObject({
      id: 'genesys:conv-1',
      channel: 'voice',
      direction: 'inbound',
      startedAt: T(0),
      platforms: ['genesys', 'salesforce'],
      interactionIds: ['g1', 'sf-t1', 'sf-vc1'],
      score: 92,
      compliant: true,
      escalated: false,
      identifiedBy: 'crm-id',
      agents: [{ platform: 'genesys', userId: 'gen-agent-1', name: 'Alex Agent' }],
    });
    expect(morgan[0]!.sources.map((s) => `${s.platform}:${s.externalId}`)).toEqual([
      'genesys:conv-1',
      'salesforce:00T1',
      'salesforce:0LQ1',
    ]);

    const sage = byPerson.get('sage')!;
    expect(sage.map((e) => e.id)).toEqual(['salesforce:02s1', 'five9:300000000000007']);
    expect(sage[1]).toMatchObject({
      platforms: ['five9', 'salesforce'],
      direction: 'outbound',
      score: 40,
      compliant: false,
      escalated: true,
      escalationTypes: ['mental_health_crisis'],
    });
    expect(sage[0]).toMatchObject({ channel: 'email', identifiedBy: 'email' });

    expect(byPerson.get('parker')!.map((e) => e.id)).toEqual(['salesforce:5701']);

    // The household call with only the shared number is left for a person to decide.
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]).toMatchObject({
      reason: 'shared-phone-needs-name',
      entry: { id: 'genesys:conv-2' },
    });
  });

  it('is independent of input order', () => {
    const a = buildTimelines({ interactions: all, people });
    const b = buildTimelines({ interactions: [...all].reverse(), people });
    expect([...b.byPerson.entries()].sort()).toEqual([...a.byPerson.entries()].sort());
  });

  it('does not merge two people onto one entry when their records disagree at the same level', () => {
    const clash = make({
      ...sfCallLogTask,
      id: 'sf-t9',
      source: { platform: 'salesforce', externalId: '00T9' },
      contact: { crmId: '003B', phones: [], emails: [] },
    });
    const { byPerson, unresolved } = buildTimelines({
      interactions: [genesysCall, sfVoiceCall, clash],
      people,
    });
    expect(byPerson.get('morgan')).toBeUndefined();
    expect(unresolved[0]).toMatchObject({ reason: 'ambiguous' });
  });

  it('personTimeline returns one person or nothing', () => {
    expect(personTimeline({ interactions: all, people }, 'parker')).toHaveLength(1);
    expect(personTimeline({ interactions: all, people }, 'nobody')).toEqual([]);
  });
});
