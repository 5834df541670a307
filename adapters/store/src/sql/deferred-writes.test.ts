import { deferWrites } from './deferred-writes';
import { PostgresDriver } from './postgres-driver';
import { adminSql as admin, scratchSchemaName, TEST_PG_URL as PG_URL } from '../testing/scratch-schema';

/**
 * The combined statement must take its row locks in the order the writes were issued (as
 * separate statements would), and the `last` tables after every other write: concurrent writers
 * then lock shared rows in one order, and hold the shared roll-up cells the shortest time. Each
 * table draws its rows' `n` from one sequence, so `n` says in which order the parts ran.
 */
describe('deferWrites (PostgreSQL)', () => {
  const schema = scratchSchemaName('tb_defer');
  let driver: PostgresDriver;

  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    driver = new PostgresDriver({ connectionString: PG_URL, schema });
    await driver.exec(`
      CREATE SEQUENCE step;
      CREATE TABLE first_t (n INTEGER DEFAULT nextval('step'), tag TEXT);
      CREATE TABLE second_t (n INTEGER DEFAULT nextval('step'), tag TEXT);
      CREATE TABLE third_t (n INTEGER DEFAULT nextval('step'), tag TEXT);
      CREATE TABLE cells_t (n INTEGER DEFAULT nextval('step'), tag TEXT);`);
  });

  afterAll(async () => {
    await driver.close();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  /** Every row's tag, in the order the rows were written. */
  async function order(): Promise<string[]> {
    const rows = await driver.all<{ tag: string }>(
      'SELECT tag FROM (SELECT tag, n FROM first_t UNION ALL SELECT tag, n FROM second_t UNION ALL SELECT tag, n FROM third_t UNION ALL SELECT tag, n FROM cells_t) x ORDER BY n',
    );
    return rows.map((r) => r.tag);
  }

  beforeEach(async () => {
    await driver.exec('TRUNCATE first_t, second_t, third_t, cells_t');
  });

  it('runs the writes of one combined statement in the order they were issued', async () => {
    const statements: string[] = [];
    await driver.transaction(async (raw) => {
      const tx = deferWrites(driver, {
        all: (s, p) => raw.all(s, p),
        get: (s, p) => raw.get(s, p),
        run: (s, p) => {
          statements.push(s);
          return raw.run(s, p);
        },
      });
      await tx.run('INSERT INTO first_t (tag) VALUES (?)', ['a']);
      await tx.run('INSERT INTO second_t (tag) VALUES (?)', ['b']);
      await tx.run('INSERT INTO third_t (tag) VALUES (?)', ['c']);
      await tx.flush();
    });
    expect(statements).toHaveLength(1);
    expect(await order()).toEqual(['a', 'b', 'c']);
  });

  it('holds the `last` tables back until the flush, after every other write', async () => {
    const statements: string[] = [];
    await driver.transaction(async (raw) => {
      const tx = deferWrites(
        driver,
        {
          all: (s, p) => raw.all(s, p),
          get: (s, p) => raw.get(s, p),
          run: (s, p) => {
            statements.push(s);
            return raw.run(s, p);
          },
        },
        { last: ['cells_t'] },
      );
      await tx.run('INSERT INTO cells_t (tag) VALUES (?)', ['cell']);
      await tx.run('INSERT INTO first_t (tag) VALUES (?)', ['a']);
      // A read flushes what is held, but not the late cells (the read does not name them).
      expect(await tx.get('SELECT COUNT(*) AS n FROM first_t')).toEqual({ n: '1' });
      await tx.run('INSERT INTO second_t (tag) VALUES (?)', ['b']);
      await tx.flush();
    });
    expect(await order()).toEqual(['a', 'b', 'cell']);
    expect(statements).toHaveLength(2);
  });

  it('sends the late writes before a read that names their table', async () => {
    await driver.transaction(async (raw) => {
      const tx = deferWrites(driver, raw, { last: ['cells_t'] });
      await tx.run('INSERT INTO cells_t (tag) VALUES (?)', ['cell']);
      expect(await tx.get('SELECT COUNT(*) AS n FROM cells_t')).toEqual({ n: '1' });
      await tx.flush();
    });
  });

  it('joins an outer deferral: the inner flush sends nothing, the outer one sends both', async () => {
    const statements: string[] = [];
    await driver.transaction(async (raw) => {
      const outer = deferWrites(driver, {
        all: (s, p) => raw.all(s, p),
        get: (s, p) => raw.get(s, p),
        run: (s, p) => {
          statements.push(s);
          return raw.run(s, p);
        },
      });
      await outer.run('INSERT INTO first_t (tag) VALUES (?)', ['a']);
      const inner = deferWrites(driver, outer);
      await inner.run('INSERT INTO second_t (tag) VALUES (?)', ['b']);
      await inner.flush();
      expect(statements).toHaveLength(0);
      await outer.flush();
    });
    expect(statements).toHaveLength(1);
    expect(await order()).toEqual(['a', 'b']);
  });
});
