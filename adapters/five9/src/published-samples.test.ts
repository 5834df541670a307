import { parseCsvTable, rowRecord } from '@teachback/connector-five9';
import { STOCK_CALL_LOG_COLUMNS } from '@teachback/simulator-five9';
import {
  PUBLISHED_CALL_LOG_COLUMNS,
  PUBLISHED_CALL_TYPES,
  SAMPLE_CALL_LOG_CSV,
} from './fixtures/published-samples';
import { ReportColumns, rowToInteraction } from './mapping';
import { missingOptionalColumns, missingRequiredColumns } from './sync';

const columns = ReportColumns.parse({});
const window = {
  windowStartMs: Date.parse('2026-11-01T00:00:00Z'),
  windowEndMs: Date.parse('2026-11-03T00:00:00Z'),
};
const ctx = { tenantId: 't1', columns, ...window };

/*
 * Our parser against Five9's published shapes (fixtures: facts from the reference, the v13 WSDL
 * and public clients, with synthetic values): if one of these fails, our assumptions and the
 * platform's documentation disagree.
 */
describe('Five9 published samples: call-log contract', () => {
  it('the simulator serves the stock Call Log with the published columns, in order', () => {
    expect([...STOCK_CALL_LOG_COLUMNS]).toEqual([...PUBLISHED_CALL_LOG_COLUMNS]);
  });

  it('reads a getReportResultCsv answer in the published shape; the stock report lacks only the optional extras', () => {
    const table = parseCsvTable(SAMPLE_CALL_LOG_CSV);
    expect(table.problems).toEqual([]);
    expect(missingRequiredColumns(table.header, columns)).toEqual([]);
    expect(missingOptionalColumns(table.header, columns).map((g) => g.what)).toEqual([
      'report column SESSION ID',
      'report column MEDIA TYPE',
    ]);
    const [inbound, manual] = table.rows.map((r) => rowToInteraction(rowRecord(table.header, r), ctx));
    if (!inbound?.ok || !manual?.ok) throw new Error('a published-shape row did not map');
    expect(inbound.interaction).toMatchObject({
      direction: 'inbound',
      startedAt: '2026-11-02T17:15:00.000Z',
      contact: { phones: ['+15552220001'] },
      attributes: { recordingTimes: '09:15:24(5:00)' },
    });
    // CALL TIME is the published duration when the report has no HANDLE TIME.
    expect(inbound.interaction.durationMs).toBe(370_000);
    expect(manual.interaction).toMatchObject({
      direction: 'outbound',
      contact: { phones: ['+15552220002'] },
    });
    expect(manual.interaction.disposition).toBe('Callback, Scheduled');
  });

  it.each(PUBLISHED_CALL_TYPES)('call type $callType: $direction, patient from $patient', (t) => {
    const row: Record<string, string> = {
      'CALL ID': '300000015',
      TIMESTAMP: 'Mon, 02 Nov 2026 11:00:00',
      'CALL TYPE': t.callType,
      ANI: '5552220003',
      DNIS: '5552220004',
    };
    const r = rowToInteraction(row, ctx);
    if (!r.ok) throw new Error(r.reason);
    expect(r.interaction.direction).toBe(t.direction);
    const want = t.patient === 'DNIS' ? '+15552220004' : '+15552220003';
    expect(r.interaction.contact?.phones).toEqual([want]);
  });
});
