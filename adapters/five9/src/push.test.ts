import { Five9AdminClient } from '@teachback/connector-five9';
import { WsdlContract, startFive9Simulator } from '@teachback/simulator-five9';
import type { Scorecard } from '@teachback/core';
import { contactHoldsScore, pushScoreToContact } from './push';

const scorecard: Scorecard = {
  interactionId: 'five9:t1:300000007',
  playbook: { id: 'healthcare-inbound', version: '1' },
  score: 86.4,
  compliant: false,
  findings: [],
  needsReview: false,
  reviewReasons: [],
  scoredAt: '2026-11-01T10:00:00.000Z',
};

describe('pushScoreToContact (updateCrmRecord)', () => {
  it('writes score, compliance, time and link onto the existing contact, nothing else', async () => {
    const sim = await startFive9Simulator({ calls: 1 });
    try {
      const client = new Five9AdminClient({
        credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
        baseUrl: sim.url,
      });
      const config = {
        fields: { link: 'teachback_link' },
        scorecardBaseUrl: 'https://teachback.example.org',
      };
      // Five9 never gains a contact from us (DONT_ADD): a miss changes nothing.
      expect(await pushScoreToContact(client, config, { contactKey: '5552223333', scorecard })).toEqual({
        inserted: 0,
        updated: 0,
        deleted: 0,
      });
      sim.crmRecords.set('5552223333', { number1: '5552223333', first_name: 'Avery' });
      expect(await pushScoreToContact(client, config, { contactKey: '5552223333', scorecard })).toEqual({
        inserted: 0,
        updated: 1,
        deleted: 0,
      });
      expect(sim.crmRecords.get('5552223333')).toEqual({
        number1: '5552223333',
        first_name: 'Avery',
        teachback_score: '86',
        teachback_compliance: 'fail',
        teachback_scored_at: '2026-11-01T10:00:00.000Z',
        teachback_link: 'https://teachback.example.org/interactions/five9%3At1%3A300000007',
      });
      const contract = WsdlContract.load(process.env['FIVE9_WSDL']);
      for (const r of sim.requestLog) expect(contract.validateEnvelope(r.xml)).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('reads the contact back (getContactRecords): held only when every pushed value is there', async () => {
    const sim = await startFive9Simulator({ calls: 1 });
    try {
      const client = new Five9AdminClient({
        credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
        baseUrl: sim.url,
      });
      const push = { contactKey: '5552223333', scorecard };
      expect(await contactHoldsScore(client, {}, push)).toBe('no_contact');
      sim.crmRecords.set('5552223333', { number1: '5552223333', first_name: 'Avery' });
      sim.crmRecords.set('5559990000', { number1: '5559990000', teachback_score: '86' });
      expect(await contactHoldsScore(client, {}, push)).toBe('differs');
      await pushScoreToContact(client, {}, push);
      expect(await contactHoldsScore(client, {}, push)).toBe('held');
      // A later scorecard (another score) is not held yet.
      expect(await contactHoldsScore(client, {}, { ...push, scorecard: { ...scorecard, score: 40 } })).toBe(
        'differs',
      );
      // Five9 formatting its NUMBER and DATE_TIME fields its own way still counts as the same value.
      sim.crmRecords.set('5552223333', {
        ...sim.crmRecords.get('5552223333')!,
        teachback_score: '86.0',
        teachback_scored_at: '2026-11-01T10:00:00Z',
      });
      expect(await contactHoldsScore(client, {}, push)).toBe('held');
      expect(sim.stats.crmUpdates).toBe(1);
      const contract = WsdlContract.load(process.env['FIVE9_WSDL']);
      for (const r of sim.requestLog) expect(contract.validateEnvelope(r.xml)).toEqual([]);
      for (const r of sim.responseLog.filter((x) => x.operation === 'getContactRecords'))
        expect(contract.validateEnvelope(r.xml)).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('refuses a bad score or key before calling Five9', async () => {
    const client = new Five9AdminClient({
      credentials: [{ username: 'u', password: 'p' }],
      baseUrl: 'http://127.0.0.1:9',
    });
    await expect(
      pushScoreToContact(client, {}, { contactKey: '555', scorecard: { ...scorecard, score: 101 } }),
    ).rejects.toThrow('five9 contact push score');
    await expect(pushScoreToContact(client, {}, { contactKey: 'a b', scorecard })).rejects.toThrow(
      'contactKey',
    );
    expect(client.stats.requests).toBe(0);
  });
});
