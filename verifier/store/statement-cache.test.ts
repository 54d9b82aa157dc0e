// The prepared-statement cache: the same SQL reuses its statement, the cache stays bounded, busy statements are
// not shared.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  it('reuses statements, stays bounded, and never hands out a statement that is mid-iteration', () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('create table t (x integer)');
    raw.exec('insert into t values (1), (2), (3)');
    const db = withStatementCache(raw, { maxStatements: 2 });
    const a = db.prepare('select x from t');
    expect(db.prepare('select x from t')).toBe(a);
    const iterator = a.iterate([]);
    iterator.next();
    const second = db.prepare('select x from t');
    expect(second).not.toBe(a);
    expect(second.all([])).toHaveLength(3);
    iterator.return?.();
    db.prepare('select 1');
    // 'select x' was read, so it gets a second chance here ('select 1' goes) ...
    db.prepare('select 2');
    expect(db.prepare('select 2')).toBe(db.prepare('select 2'));
    // ... but not twice without being read: now it goes, and a fresh statement comes back.
    db.prepare('select 3');
    expect(db.prepare('select x from t')).not.toBe(a);
    db.close();
  });
});
