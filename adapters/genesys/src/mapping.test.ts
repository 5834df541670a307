import type { RawConversation } from '@teachback/connector-genesys';
import { conversationToInteraction, finalizeInteraction } from './mapping';

const CENTER = 'tel:+15550100100';

/** A voice conversation as the analytics details query returns it, caller and agent legs only. */
function voiceCall(direction: 'inbound' | 'outbound', customer: Record<string, unknown>): RawConversation {
  const patient = 'tel:+15555550123';
  return {
    conversationId: 'c-1',
    conversationStart: '2026-11-02T10:00:00.000Z',
    conversationEnd: '2026-11-02T10:05:00.000Z',
    originatingDirection: direction,
    participants: [
      {
        purpose: 'customer',
        ...customer,
        sessions: [
          {
            mediaType: 'voice',
            direction,
            ani: direction === 'inbound' ? patient : CENTER,
            dnis: direction === 'inbound' ? CENTER : patient,
          },
        ],
      },
      { purpose: 'agent', userId: 'agent-1', sessions: [{ sessionId: 's-1', mediaType: 'voice' }] },
    ],
  };
}

describe('conversationToInteraction: the customer', () => {
  it.each(['inbound', 'outbound'] as const)(
    'keeps the %s caller’s participantName with their number, on the participant and the contact',
    (direction) => {
      const { interaction } = finalizeInteraction(
        conversationToInteraction('t', voiceCall(direction, { participantName: 'Avery Testperson' }))!,
      );
      expect(interaction.participants.find((p) => p.role === 'customer')).toEqual({
        role: 'customer',
        name: 'Avery Testperson',
        phone: '+15555550123',
      });
      expect(interaction.contact).toEqual({
        name: 'Avery Testperson',
        phones: ['+15555550123'],
        emails: [],
      });
    },
  );

  it('leaves the name out when Genesys has none (or only blanks) for the caller', () => {
    for (const customer of [{}, { participantName: '  ' }]) {
      const i = conversationToInteraction('t', voiceCall('inbound', customer))!;
      expect(i.participants?.find((p) => p.role === 'customer')).toEqual({
        role: 'customer',
        phone: '+15555550123',
      });
      expect(i.contact).toEqual({ phones: ['+15555550123'], emails: [] });
    }
  });

  it('does not take the routing leg’s name (the queue) for the caller', () => {
    const c = voiceCall('inbound', {});
    c.participants!.push({ purpose: 'acd', participantName: 'Patient Services', sessions: [] });
    const i = conversationToInteraction('t', c)!;
    expect(i.contact?.name).toBeUndefined();
    expect(i.participants?.some((p) => p.name === 'Patient Services')).toBe(false);
  });
});
