import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeGlobal, QueryPage, SObjectDescribe } from '@teachback/connector-salesforce';
import {
  fromBulkRow,
  parseAdapterConfig,
  planSync,
  RawConversationEntry,
  salesforceDatetime,
  STREAMS,
  toTranscript,
} from '../src';

/*
 * Contract test of our parser against fixtures built from Salesforce's published REST/SOQL
 * response examples and object reference (shapes, field names and formats; synthetic values).
 * See "Confirmed by published samples / still assumed" in the README.
 */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'published', name), 'utf8'));
const config = parseAdapterConfig({ tenantId: 't1' });
const map = (name: string, record: unknown) => STREAMS.find((s) => s.name === name)!.map(record, config);

describe('Salesforce datetimes', () => {
  it('takes every form Salesforce emits and normalises to ISO UTC with milliseconds', () => {
    for (const form of [
      '2026-10-07T03:29:52.000+0000', // REST JSON
      '2026-10-07T03:29:52.000Z', // Bulk API 2.0 CSV
      '2026-10-07T05:29:52.000+02:00',
      '2026-10-06T23:29:52.000-0400',
      '2026-10-07T03:29:52Z',
    ]) {
      expect(salesforceDatetime(form)).toBe('2026-10-07T03:29:52.000Z');
    }
    for (const bad of ['2026-10-07', 'yesterday', '2026-10-07 03:29:52', '']) {
      expect(salesforceDatetime(bad)).toBeUndefined();
    }
  });
});

describe('REST query pages', () => {
  it('a VoiceCall page: paging fields, attributes, +0000 datetimes and nulls map to interactions', () => {
    const page = QueryPage.parse(fixture('query-voicecall.json'));
    expect(page).toMatchObject({
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v\d+\.\d\/query\//),
    });
    const [ended, live] = page.records.map((r) => map('VoiceCall', r));
    expect(ended).toMatchObject({
      kind: 'interaction',
      interaction: {
        startedAt: '2026-10-07T03:21:10.000Z',
        endedAt: '2026-10-07T03:29:52.000Z',
        durationMs: 522_000,
        direction: 'inbound',
        links: [
          { platform: 'genesys', externalId: '6f1c8a52-3b1e-4c1a-9d7e-0c2f1a3b4c5d' },
          { platform: 'salesforce', externalId: '00TXX0000000001AAA' },
        ],
      },
    });
    expect(live).toMatchObject({ kind: 'interaction', interaction: { direction: 'outbound' } });
    expect(live!.kind === 'interaction' ? live!.interaction.endedAt : 'rejected').toBeUndefined();
  });

  it('Task call logs: a VoiceCall’s log (WhatId) and a Five9 call’s log (CallObject) say whose log they are', () => {
    const page = QueryPage.parse(fixture('query-task.json'));
    const [ofVoiceCall, ofFive9] = page.records.map((r) => map('Task', r));
    expect(ofVoiceCall).toMatchObject({
      kind: 'interaction',
      interaction: {
        endedAt: '2026-10-07T03:29:52.000Z',
        attributes: { callLogOf: 'salesforce:0LQXX0000000001AAA' },
      },
    });
    expect(ofFive9).toMatchObject({
      kind: 'interaction',
      interaction: {
        endedAt: '2026-10-07T05:10:00.000Z',
        attributes: { callLogOf: 'five9:300000000000123' },
      },
    });
  });

  it('conversation entries become a transcript: text entries only, in Seq order, timed from the call start', () => {
    const page = QueryPage.parse(fixture('query-conversationentry.json'));
    const entries = page.records.map((r) => RawConversationEntry.parse(r));
    expect(toTranscript(entries, '2026-10-07T03:21:10.000Z')).toEqual({
      source: 'platform',
      engine: 'salesforce-conversation-entry',
      utterances: [
        {
          speaker: 'agent',
          startMs: 2_000,
          endMs: 2_000,
          text: 'Thank you for calling, this call may be recorded.',
        },
        { speaker: 'customer', startMs: 10_000, endMs: 10_000, text: 'I have a question about my bill.' },
      ],
    });
  });

  it('Bulk API 2.0 rows (strings, "" for null, …000Z) read like the REST record', () => {
    const [row] = fixture('bulk-task-rows.json') as Record<string, string>[];
    const out = map('Task', fromBulkRow(row!));
    expect(out).toMatchObject({
      kind: 'interaction',
      interaction: {
        durationMs: 61_000,
        endedAt: '2025-06-01T12:00:00.000Z',
        startedAt: '2025-06-01T11:58:59.000Z',
      },
    });
  });
});

describe('describe', () => {
  it('describeGlobal and an sObject describe parse, and plan a sync of what the org has', () => {
    const global = DescribeGlobal.parse(fixture('describe-global.json'));
    const voiceCall = SObjectDescribe.parse(fixture('describe-voicecall.json'));
    const names = new Set(global.sobjects.map((o) => o.name));
    expect(names.has('LiveChatTranscript')).toBe(false);
    const org = new Map([
      ['VoiceCall', voiceCall],
      ['LiveChatTranscript', undefined],
      ['ConversationEntry', undefined],
    ]);
    const plan = planSync(
      parseAdapterConfig({ tenantId: 't1', streams: ['VoiceCall', 'LiveChatTranscript'] }),
      org,
    );
    expect(plan.streams.map((p) => p.spec.name)).toEqual(['VoiceCall']);
    // Fields this org's VoiceCall lacks are left out of the query, each named.
    expect(plan.streams[0]!.fields).toEqual([
      'Id',
      'CallStartDateTime',
      'CallEndDateTime',
      'CallDurationInSeconds',
      'CallType',
      'VendorCallKey',
      'ActivityId',
      'SystemModstamp',
    ]);
    expect(plan.skipped.map((g) => g.what)).toEqual(
      expect.arrayContaining(['VoiceCall.FromPhoneNumber', 'LiveChatTranscript', 'ConversationEntry']),
    );
  });

  it('an INVALID_FIELD answer has the shape our error mapping reads (errorCode, message)', () => {
    const body = fixture('error-invalid-field.json') as { errorCode: string; message: string }[];
    expect(body[0]).toEqual({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Member_Id__c'"),
    });
  });
});
