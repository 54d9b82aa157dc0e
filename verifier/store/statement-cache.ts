// A bounded cache of prepared statements for Kysely's SQLite dialect. Kysely prepares every query anew, and
// better-sqlite3's prepare is a measurable share of each request (see BENCHMARKS.md); reusing the statement for the
// same SQL text saves it. A statement still being iterated (a streaming query) is never handed out twice.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(db: BetterSqlite3.Database, maxStatements = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Re-insert to keep the map in least-recently-used order.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > maxStatements) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
    close() {
      cache.clear();
      db.close();
    },
  };
}
