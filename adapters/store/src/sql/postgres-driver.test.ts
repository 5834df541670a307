import { deferWrites } from './deferred-writes';
import type { SqlValue } from './driver';
import { PostgresDriver } from './postgres-driver';
import { adminSql as admin, scratchSchemaName, TEST_PG_URL as PG_URL } from '../testing/scratch-schema';

/**
 * Long multi-row VALUES lists travel as one JSON parameter (json_populate_recordset): what is
 * stored must be exactly what the same rows sent as parameters store, whatever the text holds,
 * and the parameters around the list (in a CTE, before and after it) must keep their places.
 */
describe('PostgresDriver bulk INSERTs', () => {
  const schema = scratchSchemaName('tb_pgbulk');
  let driver: PostgresDriver;

  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    // One connection, so its prepared statements can be read back.
    driver = new PostgresDriver({ connectionString: PG_URL, schema, max: 1 });
    await driver.exec(`
      CREATE TABLE cells (k TEXT PRIMARY KEY, note TEXT, n INTEGER NOT NULL, big BIGINT, x DOUBLE PRECISION);
      CREATE TABLE marks (id TEXT PRIMARY KEY, at TEXT);`);
  });

  afterAll(async () => {
    await driver.close();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  const NOTES = [
    'plain',
    'quote " and \\ backslash',
    "single ' quote",
    'line\nbreak\ttab',
    'emoji 🩺 and accents éü',
    'lone \ud800 surrogate',
    '',
    null,
    '{"json": [1, 2]}',
    '\u2028\u2029',
    'return\r and a literal \\n and \\N',
  ];

  /** 250 rows × 5 columns (1,250 parameters: sent as JSON), keys prefixed. */
  function rows(prefix: string): SqlValue[][] {
    return Array.from({ length: 250 }, (_, i) => [
      `${prefix}${String(i).padStart(3, '0')}`,
      NOTES[i % NOTES.length]!,
      i - 100,
      i % 3 === 0 ? null : 2 ** 52 + i,
      i % 4 === 0 ? null : i / 8,
    ]);
  }

  const insert = (n: number): string =>
    `INSERT INTO cells (k, note, n, big, x) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ')}`;

  it('stores what parameters store, with ON CONFLICT and RETURNING, and keeps the other parameters in place', async () => {
    const bulk = rows('a');
    // The same rows through plain parameters: ten statements of 25 rows (125 parameters each).
    for (const part of Array.from({ length: 10 }, (_, i) => rows('b').slice(i * 25, i * 25 + 25)))
      await driver.run(insert(part.length), part.flat());
    // A parameter before the list (in a CTE) and one after it.
    const back = await driver.all<{ k: string; tail: string }>(
      `WITH m AS (INSERT INTO marks (id, at) VALUES (?, ?)) ${insert(bulk.length)} ON CONFLICT (k) DO UPDATE SET n = cells.n + excluded.n RETURNING k, ? AS tail`,
      ['m1', 'before', ...bulk.flat(), 'after'],
    );
    expect(back).toHaveLength(250);
    expect(back.every((r) => r.tail === 'after')).toBe(true);
    expect(await driver.all('SELECT id, at FROM marks')).toEqual([{ id: 'm1', at: 'before' }]);
    const a = await driver.all(
      'SELECT substr(k, 2) AS k, note, n, big, x FROM cells WHERE k LIKE ? ORDER BY k',
      ['a%'],
    );
    const b = await driver.all(
      'SELECT substr(k, 2) AS k, note, n, big, x FROM cells WHERE k LIKE ? ORDER BY k',
      ['b%'],
    );
    expect(a).toHaveLength(250);
    expect(a).toEqual(b);
    expect(a[1]).toMatchObject({
      note: 'quote " and \\ backslash',
      n: -99,
      big: String(2 ** 52 + 1),
      x: 0.125,
    });
    // A lone surrogate goes in as U+FFFD, as a parameter sends it.
    expect(a[5]!.note).toBe('lone \ufffd surrogate');

    // The long list went as JSON (prepared once), the short ones as parameters.
    const prepared = await driver.all<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    const bulkForm = prepared.filter((p) => p.statement.includes('json_populate_recordset(NULL::cells'));
    expect(bulkForm).toHaveLength(1);
    expect(bulkForm[0]!.statement).toContain('INSERT INTO marks (id, at) VALUES ($1, $2)');

    // The upsert adds to what is there.
    await driver.run(
      `${insert(bulk.length)} ON CONFLICT (k) DO UPDATE SET n = cells.n + excluded.n`,
      bulk.flat(),
    );
    expect(await driver.get('SELECT n FROM cells WHERE k = ?', ['a007'])).toEqual({ n: -186 });
  });

  it('bulk loads (COPY) what parameters store, in the transaction, after the writes held before it', async () => {
    const copied = rows('c');
    await driver.transaction(async (outer) => {
      const tx = deferWrites(driver, outer);
      // Held (not yet sent) when the bulk load comes: it must reach the database first.
      await tx.run('INSERT INTO marks (id, at) VALUES (?, ?)', ['m2', 'held']);
      await tx.copyRows!('cells', ['k', 'note', 'n', 'big', 'x'], copied);
      expect(await tx.get('SELECT at FROM marks WHERE id = ?', ['m2'])).toEqual({ at: 'held' });
      await tx.flush();
    });
    const c = await driver.all(
      'SELECT substr(k, 2) AS k, note, n, big, x FROM cells WHERE k LIKE ? ORDER BY k',
      ['c%'],
    );
    const b = await driver.all(
      'SELECT substr(k, 2) AS k, note, n, big, x FROM cells WHERE k LIKE ? ORDER BY k',
      ['b%'],
    );
    expect(c).toHaveLength(250);
    expect(c).toEqual(b);
    expect(c.map((r) => r.note)).toContain('return\r and a literal \\n and \\N');
    // NULL and the empty string stay apart (COPY's \\N and an empty field).
    expect(c.filter((r) => r.note === null)).toHaveLength(copied.filter((r) => r[1] === null).length);
    expect(c.filter((r) => r.note === '')).toHaveLength(copied.filter((r) => r[1] === '').length);
    expect(copied.filter((r) => r[1] === null).length).toBeGreaterThan(0);
  });

  it('fails a bulk load that breaks a constraint, rolls its transaction back, and keeps the connection usable', async () => {
    const dup = rows('d');
    dup.push([...dup[0]!]);
    await expect(
      driver.transaction(async (tx) => {
        await tx.run('INSERT INTO marks (id, at) VALUES (?, ?)', ['m3', 'rolled back']);
        await tx.copyRows!('cells', ['k', 'note', 'n', 'big', 'x'], dup);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await driver.get('SELECT COUNT(*)::int AS n FROM cells WHERE k LIKE ?', ['d%'])).toEqual({ n: 0 });
    expect(await driver.get('SELECT id FROM marks WHERE id = ?', ['m3'])).toBeUndefined();
    // The one pooled connection answers the next statement.
    expect(await driver.get('SELECT 1 AS one')).toEqual({ one: 1 });
  });
});
