import {
  pacificDayBounds,
  pacificOffsetMinutes,
  pacificToUtc,
  parseReportTimestamp,
  splitRange,
  toPacificDateTime,
} from './pacific-time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('Pacific time', () => {
  it('converts ordinary winter and summer wall-clock times', () => {
    expect(iso(pacificToUtc({ year: 2026, month: 1, day: 15, hour: 9, minute: 0, second: 0 }).epochMs)).toBe(
      '2026-01-15T17:00:00.000Z',
    );
    expect(iso(pacificToUtc({ year: 2026, month: 7, day: 15, hour: 9, minute: 0, second: 0 }).epochMs)).toBe(
      '2026-07-15T16:00:00.000Z',
    );
  });

  it('spring forward (8 Mar 2026): 02:30 does not exist and lands at 03:30 PDT', () => {
    const r = pacificToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 });
    expect(r).toMatchObject({ nonexistent: true, ambiguous: false });
    expect(iso(r.epochMs)).toBe('2026-03-08T10:30:00.000Z');
    expect(iso(pacificToUtc({ year: 2026, month: 3, day: 8, hour: 1, minute: 59, second: 59 }).epochMs)).toBe(
      '2026-03-08T09:59:59.000Z',
    );
    expect(iso(pacificToUtc({ year: 2026, month: 3, day: 8, hour: 3, minute: 0, second: 0 }).epochMs)).toBe(
      '2026-03-08T10:00:00.000Z',
    );
  });

  it('fall back (1 Nov 2026): 01:30 happens twice; earlier is PDT, later is PST', () => {
    const w = { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 };
    const early = pacificToUtc(w, 'earlier');
    const late = pacificToUtc(w, 'later');
    expect(early.ambiguous).toBe(true);
    expect(iso(early.epochMs)).toBe('2026-11-01T08:30:00.000Z');
    expect(iso(late.epochMs)).toBe('2026-11-01T09:30:00.000Z');
    expect(pacificToUtc({ ...w, hour: 2 }).ambiguous).toBe(false);
  });

  it('writes xs:dateTime with the offset in force at that instant', () => {
    expect(toPacificDateTime(Date.parse('2026-11-01T08:59:59.999Z'))).toBe('2026-11-01T01:59:59.999-07:00');
    expect(toPacificDateTime(Date.parse('2026-11-01T09:00:00.000Z'))).toBe('2026-11-01T01:00:00.000-08:00');
    expect(toPacificDateTime(Date.parse('2026-03-08T10:00:00.000Z'))).toBe('2026-03-08T03:00:00.000-07:00');
    expect(pacificOffsetMinutes(Date.parse('2026-03-08T09:59:59.500Z'))).toBe(-480);
    for (const ms of [Date.parse('2026-03-08T09:30:00Z'), Date.parse('2026-11-01T09:30:00Z')]) {
      expect(Date.parse(toPacificDateTime(ms))).toBe(ms);
    }
  });

  it('parses Five9 report timestamp formats and rejects others', () => {
    const want = { year: 2026, month: 10, day: 31, hour: 7, minute: 5, second: 9 };
    expect(parseReportTimestamp('Sat, 31 Oct 2026 07:05:09')).toMatchObject(want);
    expect(parseReportTimestamp('2026/10/31 07:05:09')).toMatchObject(want);
    expect(parseReportTimestamp('2026-10-31 07:05:09')).toMatchObject(want);
    expect(parseReportTimestamp('10/31/2026 07:05:09')).toMatchObject(want);
    for (const bad of [
      '',
      'not a time',
      '2026-02-30 00:00:00',
      '2026-10-31 24:00:00',
      'Sat, 31 Foo 2026 07:05:09',
    ]) {
      expect(parseReportTimestamp(bad)).toBeUndefined();
    }
  });

  it('knows the Pacific day, including the 25-hour fall-back day and the 23-hour spring day', () => {
    const [s1, e1] = pacificDayBounds(Date.parse('2026-11-01T12:00:00Z'));
    expect([iso(s1), iso(e1)]).toEqual(['2026-11-01T07:00:00.000Z', '2026-11-02T08:00:00.000Z']);
    const [s2, e2] = pacificDayBounds(Date.parse('2026-03-08T12:00:00Z'));
    expect((e2 - s2) / 3_600_000).toBe(23);
    const [s3] = pacificDayBounds(Date.parse('2026-07-01T06:59:59Z'));
    expect(iso(s3)).toBe('2026-06-30T07:00:00.000Z');
  });

  it('splits long ranges into chunks that cover the range exactly', () => {
    const start = Date.parse('2026-10-01T00:00:00Z');
    const chunks = splitRange(start, start + 25 * 3_600_000, 6 * 3_600_000);
    expect(chunks).toHaveLength(5);
    expect(chunks[0]![0]).toBe(start);
    expect(chunks[4]![1]).toBe(start + 25 * 3_600_000);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]![0]).toBe(chunks[i - 1]![1]);
    expect(splitRange(start, start, 1000)).toEqual([]);
  });
});
