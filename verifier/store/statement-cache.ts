// A bounded cache of prepared statements for Kysely's SQLite dialect. Kysely prepares every query anew, and
// better-sqlite3's prepare is a measurable share of each request (see BENCHMARKS.md); reusing the statement for the
// same SQL text saves it. A statement still being iterated (a streaming query) is never handed out twice.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export interface StatementCacheOptions {
  maxStatements?: number;
  /** Sees every statement handed out for execution (the WAL sync notes the ones that may write). */
  onPrepare?: (statement: BetterSqlite3.Statement) => void;
}

export function withStatementCache(db: BetterSqlite3.Database, options: StatementCacheOptions = {}): SqliteDatabase {
  const { maxStatements = 500, onPrepare } = options;
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Re-insert to keep the map in least-recently-used order.
        cache.delete(sql);
        cache.set(sql, cached);
        onPrepare?.(cached);
        return cached;
      }
      const statement = db.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > maxStatements) cache.delete(cache.keys().next().value!);
      }
      onPrepare?.(statement);
      return statement;
    },
    close() {
      cache.clear();
      db.close();
    },
  };
}
