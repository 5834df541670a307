import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interaction, Scorecard } from '@teachback/core';
import { parseAdapterConfig } from './config';
import { SCORE_OBJECT, toCoachingTask, toScoreRecord } from './push';

/*
 * The sfdx metadata and the push code must agree: every field the adapter writes exists in
 * force-app, and every Time Warp row points at a field that exists. Catches drift at test time
 * instead of as INVALID_FIELD in a customer's org.
 */
const root = join(__dirname, '..', 'force-app', 'main', 'default');
const scoreFields = new Set(
  readdirSync(join(root, 'objects', SCORE_OBJECT, 'fields')).map((f) => f.replace('.field-meta.xml', '')),
);

const interaction = Interaction.parse({
  id: 'i1',
  source: { platform: 'genesys', externalId: 'c1' },
  channel: 'voice',
  participants: [{ role: 'agent', userId: 'a1' }],
});
const scorecard = Scorecard.parse({
  interactionId: 'i1',
  playbook: { id: 'p', version: '1' },
  score: 50,
  compliant: false,
  findings: [
    {
      criterionId: 'c',
      title: 'C',
      category: 'compliance',
      severity: 'high',
      weight: 1,
      status: 'missed',
      confidence: 1,
      evidence: [],
      explanation: '',
    },
  ],
});

describe('force-app metadata', () => {
  it('defines every field the score push writes, plus the external id and the task link', () => {
    const written = Object.keys(toScoreRecord({ interaction, scorecard }, new Date()));
    for (const f of [...written, 'External_Id__c', 'Coaching_Task_Id__c']) expect(scoreFields).toContain(f);
  });

  it('defines the Task external id the coaching push upserts by', () => {
    const config = parseAdapterConfig({ tenantId: 't' });
    expect(
      toCoachingTask({ interaction, scorecard }, '005000000000000AAA', config, new Date()),
    ).toBeDefined();
    const field = readFileSync(
      join(root, 'objects', 'Activity', 'fields', 'Teachback_External_Id__c.field-meta.xml'),
      'utf8',
    );
    expect(field).toContain('<externalId>true</externalId>');
  });

  it('the score external id is unique and every Time Warp row on the score object uses real fields', () => {
    expect(
      readFileSync(join(root, 'objects', SCORE_OBJECT, 'fields', 'External_Id__c.field-meta.xml'), 'utf8'),
    ).toContain('<unique>true</unique>');
    const rows = readdirSync(join(root, 'customMetadata')).map((f) =>
      readFileSync(join(root, 'customMetadata', f), 'utf8'),
    );
    const value = (xml: string, field: string) =>
      new RegExp(`<field>${field}</field>\\s*<value[^>]*>([^<]*)</value>`).exec(xml)?.[1];
    const objects = new Set(rows.map((r) => value(r, 'Object_Name__c')));
    for (const o of ['VoiceCall', 'Task', 'EmailMessage', 'MessagingSession', SCORE_OBJECT])
      expect(objects).toContain(o);
    for (const r of rows.filter((x) => value(x, 'Object_Name__c') === SCORE_OBJECT)) {
      for (const f of ['Position_Date_Field__c', 'Detail_Field__c', 'Type_Field__c'])
        expect(scoreFields).toContain(value(r, f));
    }
  });
});
