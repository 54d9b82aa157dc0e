// A bounded cache of prepared statements for Kysely's SQLite dialect. Kysely prepares every query anew, and
// better-sqlite3's prepare is a measurable share of each request (see BENCHMARKS.md); reusing the statement for the
// same SQL text saves it. A statement still being iterated (a streaming query) is never handed out twice.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LruCache } from '../../shared/util/lru.js';

export interface StatementCacheOptions {
  maxStatements?: number;
  /** Sees every statement handed out for execution (the WAL sync notes the ones that may write). */
  onPrepare?: (statement: BetterSqlite3.Statement) => void;
}

export function withStatementCache(db: BetterSqlite3.Database, options: StatementCacheOptions = {}): SqliteDatabase {
  const { maxStatements = 500, onPrepare } = options;
  const cache = new LruCache<string, BetterSqlite3.Statement>(maxStatements);
  return {
    prepare(sql) {
      let statement = cache.get(sql);
      if (!statement || statement.busy) {
        const fresh = db.prepare(sql);
        // A busy statement keeps its place; the fresh one serves this call only.
        if (!statement) cache.set(sql, fresh);
        statement = fresh;
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
