import {
  accessAnomalies,
  median,
  robustZScores,
  type PatientReadBucket,
  type ReaderFacts,
} from './anomalies';

const reader = (over: Partial<ReaderFacts> = {}): ReaderFacts => ({
  roles: ['agent'],
  agentIds: [],
  teamIds: [],
  ...over,
});

function reads(actorId: string, patients: number, hour = '2026-11-18T14', prefix = 'c'): PatientReadBucket[] {
  return Array.from({ length: patients }, (_, i) => ({
    actorId,
    contactId: `${prefix}${i}`,
    hour,
    count: 1,
  }));
}

describe('robustZScores', () => {
  it('is not dragged by the outlier it should catch', () => {
    const { z, median: m } = robustZScores([10, 11, 9, 10, 12, 500]);
    expect(m).toBe(10.5);
    expect(z[5]!).toBeGreaterThan(100);
    expect(Math.abs(z[0]!)).toBeLessThan(1);
  });
  it('falls back to the mean absolute deviation when most readers tie', () => {
    const { z, mad } = robustZScores([5, 5, 5, 5, 40]);
    expect(mad).toBe(0);
    expect(z[4]!).toBeGreaterThan(3.5);
    expect(z[0]).toBe(0);
  });
  it('median of an even list is the mean of the middle two', () => expect(median([4, 1, 3, 2])).toBe(2.5));
});

describe('accessAnomalies', () => {
  const owners = new Map([['c0', [{ agentIds: ['ga-alex'], teamId: 'team-1' }]]]);

  it('flags the reader far above peers by patient count', () => {
    const all = [
      ...reads('user:a', 10),
      ...reads('user:b', 12),
      ...reads('user:c', 9),
      ...reads('user:d', 11),
      ...reads('user:snoop', 300),
    ];
    const r = accessAnomalies(all, new Map([['user:snoop', reader({ teamIds: ['team-1'] })]]), owners);
    expect(r.readers[0]!.actorId).toBe('user:snoop');
    expect(r.readers[0]!.flags).toContain('volume');
    expect(r.readers.find((x) => x.actorId === 'user:a')!.flags).not.toContain('volume');
    expect(r.baseline).toMatchObject({ readers: 5, median: 11 });
  });

  it('finds off-hours bulk reads in the tenant’s local time, and ignores the same reads in hours', () => {
    // 02:00 UTC is 21:00 the day before in UTC-5: off-hours there, and a Tuesday.
    const night = reads('user:n', 25, '2026-11-18T02');
    const r = accessAnomalies(night, new Map(), new Map(), { tzOffsetMinutes: -300, bulkThreshold: 20 });
    expect(r.readers[0]!.offHours.bulkDays).toEqual([{ date: '2026-11-17', patients: 25 }]);
    expect(r.readers[0]!.flags).toContain('off-hours-bulk');
    const day = accessAnomalies(reads('user:n', 25, '2026-11-18T15'), new Map(), new Map(), {
      tzOffsetMinutes: -300,
    });
    expect(day.readers[0]!.flags).toEqual(['unassigned-patients']);
    expect(day.readers[0]!.offHours.reads).toBe(0);
  });

  it('counts patients with no interaction of the reader or their team; compliance is listed, not flagged', () => {
    const r = accessAnomalies(
      [...reads('user:alex', 2), ...reads('user:cora', 2)],
      new Map([
        ['user:alex', reader({ agentIds: ['ga-alex'] })],
        ['user:cora', reader({ roles: ['compliance'] })],
      ]),
      owners,
    );
    const alex = r.readers.find((x) => x.actorId === 'user:alex')!;
    const cora = r.readers.find((x) => x.actorId === 'user:cora')!;
    expect(alex.unassignedPatients).toBe(1);
    expect(alex.flags).toEqual(['unassigned-patients']);
    expect(cora.unassignedPatients).toBe(2);
    expect(cora.broadAccessByRole).toBe(true);
    expect(cora.flags).toEqual([]);
    expect(alex.z).toBeNull();
  });
});
