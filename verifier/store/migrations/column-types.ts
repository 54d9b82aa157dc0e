// Column types that differ between the two engines; everything else in migrations is portable Kysely.
import { PostgresAdapter, type Kysely } from 'kysely';

/** Raw bytes: SQLite's blob, PostgreSQL's bytea. */
export function bytesType(db: Kysely<unknown>): 'blob' | 'bytea' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
}
