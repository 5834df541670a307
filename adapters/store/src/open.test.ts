import { parseDatabaseUrl } from './open';

describe('TEACHBACK_DATABASE_URL', () => {
  it('reads sqlite and postgres targets', () => {
    expect(parseDatabaseUrl('sqlite:./teachback.db')).toEqual({ kind: 'sqlite', file: './teachback.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/teachback.db')).toEqual({
      kind: 'sqlite',
      file: '/var/lib/teachback.db',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('postgres://tb@db:5432/teachback?schema=acme')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://tb@db:5432/teachback',
      schema: 'acme',
    });
  });

  it('rejects anything else without echoing the URL', () => {
    expect(() => parseDatabaseUrl('mysql://u:hunter2@h/db')).toThrow(
      expect.objectContaining({ code: 'CONFIG.INVALID' }),
    );
    try {
      parseDatabaseUrl('mysql://u:hunter2@h/db');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
    expect(() => parseDatabaseUrl('postgres://h/db?schema=Bad-Name')).toThrow(
      expect.objectContaining({ code: 'CONFIG.INVALID' }),
    );
  });
});
