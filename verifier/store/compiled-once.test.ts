// compiledOnce: the builder runs once per dialect, arguments land in their own parameter slots whatever the order
// the query uses them in, the builder's own constants stay, and a transaction reuses the template.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';

interface DB {
  t: { a: string; b: number; c: string | null };
}

describe('compiledOnce', () => {
  let db: Kysely<DB>;
  afterEach(async () => db?.destroy());

  function open() {
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    return db;
  }

  it('builds once and binds each call’s arguments, in any order the query uses them, beside constants', async () => {
    const d = open();
    await d.schema.createTable('t').addColumn('a', 'text').addColumn('b', 'integer').addColumn('c', 'text').execute();
    let builds = 0;
    const insert = compiledOnce((k: Kysely<DB>, c: string | null, a: string, b: number) => {
      builds++;
      return k.insertInto('t').values({ a, b, c });
    });
    const select = compiledOnce((k: Kysely<DB>, minB: number, a: string) => {
      builds++;
      return k.selectFrom('t').select(['a', 'b', 'c']).where('b', '>=', minB).where('a', '=', a).where('c', 'is not', null).orderBy('b').limit(10);
    });
    await insert(d, 'x', 'one', 1);
    await insert(d, null, 'one', 2);
    await insert(d, 'z', 'one', 3);
    await d.transaction().execute(async (tx) => {
      await insert(tx, 'w', 'two', 4);
    });
    expect((await select(d, 2, 'one')).rows).toEqual([{ a: 'one', b: 3, c: 'z' }]);
    expect((await select(d, 0, 'two')).rows).toEqual([{ a: 'two', b: 4, c: 'w' }]);
    expect(builds).toBe(2);
    const result = await insert(d, 'v', 'three', 5);
    expect(result.numAffectedRows).toBe(1n);
  });

  it('refuses a query that does not use every argument as a parameter', async () => {
    const d = open();
    const broken = compiledOnce((k: Kysely<DB>, a: string, _unused: number) => k.selectFrom('t').select('a').where('a', '=', a));
    await expect(broken(d, 'a', 1)).rejects.toThrow(/uses 1 of its 2 arguments/);
  });
});
