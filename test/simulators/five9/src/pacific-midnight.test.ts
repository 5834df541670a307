import { pacificMidnight } from './server';

const iso = (n: number) => new Date(n).toISOString();

describe('simulator day windows', () => {
  it('start at Pacific midnight, also on the 25-hour and 23-hour DST days', () => {
    expect(iso(pacificMidnight(Date.parse('2026-11-01T12:00:00Z')))).toBe('2026-11-01T07:00:00.000Z');
    expect(iso(pacificMidnight(Date.parse('2026-11-02T07:59:59Z')))).toBe('2026-11-01T07:00:00.000Z');
    expect(iso(pacificMidnight(Date.parse('2026-03-08T12:00:00Z')))).toBe('2026-03-08T08:00:00.000Z');
    expect(iso(pacificMidnight(Date.parse('2026-07-01T06:59:59Z')))).toBe('2026-06-30T07:00:00.000Z');
  });
});
