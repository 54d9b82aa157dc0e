// Transparency log repository: leaves, perfect subtree nodes and checkpoints. Portable SQL; row-at-a-time reads only,
// so no query ever loads the whole tree.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { accessEventRaw, type AccessEventRow } from './access-events.js';

export interface LogNodeRow {
  level: number;
  index: number;
  hash: Uint8Array;
}

/** Everything one append batch writes, apart from the callers' own rows. */
export interface LogBatch {
  leaves: { index: number; hash: Uint8Array; createdAt: number }[];
  nodes: LogNodeRow[];
  /** The access events behind the leaves. */
  events: AccessEventRow[];
  /** The checkpoint signed over the tree the batch ends. */
  checkpoint: StoredCheckpoint;
}

export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  /** The signed note text, exactly as served. */
  note: string;
  createdAt: number;
}

/** Any constant: the advisory-lock key that serialises log appends across instances sharing one PostgreSQL. */
const APPEND_LOCK_KEY = 0x5a4811;

export interface LogRepository {
  /**
   * Call first inside the append transaction: serialises appends across service instances (a transaction-scoped
   * advisory lock on PostgreSQL; SQLite already admits one writer at a time).
   */
  lockForAppend(): Promise<void>;
  /** Number of leaves: one more than the highest index, since indices are gap-free. */
  size(): Promise<number>;
  leafHash(index: number): Promise<Uint8Array | undefined>;
  /** Perfect subtree hash at level >= 1. */
  node(level: number, index: number): Promise<Uint8Array | undefined>;
  /** Many perfect nodes at once (level 0 = leaf hashes), keyed "level/index": one round trip for a whole proof. */
  nodes(coords: { level: number; index: number }[]): Promise<Map<string, Uint8Array>>;
  insertLeaves(rows: { index: number; hash: Uint8Array; createdAt: number }[]): Promise<void>;
  insertNodes(rows: LogNodeRow[]): Promise<void>;
  /**
   * Writes a batch's leaves, nodes, events and checkpoint (inside the append transaction). On PostgreSQL that is one
   * statement, so the append lock is held for one round trip of writes, not four; SQLite runs them in-process.
   */
  appendBatch(batch: LogBatch): Promise<void>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointAt(size: number): Promise<StoredCheckpoint | undefined>;
  /** Inserts a checkpoint; a second checkpoint for the same size is ignored (returns false). */
  saveCheckpoint(c: StoredCheckpoint): Promise<boolean>;
}

const toBytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

// SQLite limits bound parameters per statement; chunks keep large batches under it.
const CHUNK = 200;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

// PostgreSQL binds at most 65,535 parameters a statement: an event takes 10, a leaf and a node 3 each.
const PG_BATCH_ROWS = 2000;

export function logRepository(db: Kysely<Database>): LogRepository {
  const checkpointOf = (r: { size: number | string; root: Uint8Array; note: string; created_at: number | string }) => ({
    size: Number(r.size),
    root: toBytes(r.root),
    note: r.note,
    createdAt: Number(r.created_at),
  });
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    async lockForAppend() {
      if (postgres) await sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(db);
    },
    async size() {
      const row = await db.selectFrom('log_leaves').select((eb) => eb.fn.max('idx').as('max')).executeTakeFirst();
      return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
    },
    async leafHash(index) {
      const row = await db.selectFrom('log_leaves').select('leaf_hash').where('idx', '=', index).executeTakeFirst();
      return row ? toBytes(row.leaf_hash) : undefined;
    },
    async node(level, index) {
      const row = await db
        .selectFrom('log_nodes')
        .select('hash')
        .where('level', '=', level)
        .where('idx', '=', index)
        .executeTakeFirst();
      return row ? toBytes(row.hash) : undefined;
    },
    async nodes(coords) {
      const out = new Map<string, Uint8Array>();
      const leafIdx = coords.filter((c) => c.level === 0).map((c) => c.index);
      const inner = coords.filter((c) => c.level > 0);
      for (const part of chunks(leafIdx)) {
        const rows = await db.selectFrom('log_leaves').select(['idx', 'leaf_hash']).where('idx', 'in', part).execute();
        for (const r of rows) out.set(`0/${Number(r.idx)}`, toBytes(r.leaf_hash));
      }
      for (const part of chunks(inner)) {
        const rows = await db
          .selectFrom('log_nodes')
          .select(['level', 'idx', 'hash'])
          .where((eb) => eb.or(part.map((c) => eb.and([eb('level', '=', c.level), eb('idx', '=', c.index)]))))
          .execute();
        for (const r of rows) out.set(`${Number(r.level)}/${Number(r.idx)}`, toBytes(r.hash));
      }
      return out;
    },
    async insertLeaves(rows) {
      for (const part of chunks(rows)) {
        await db
          .insertInto('log_leaves')
          .values(part.map((r) => ({ idx: r.index, leaf_hash: r.hash, created_at: r.createdAt })))
          .execute();
      }
    },
    async insertNodes(rows) {
      for (const part of chunks(rows)) {
        await db
          .insertInto('log_nodes')
          .values(part.map((r) => ({ level: r.level, idx: r.index, hash: r.hash })))
          .execute();
      }
    },
    async appendBatch(batch) {
      if (!postgres || batch.leaves.length > PG_BATCH_ROWS || batch.events.length > PG_BATCH_ROWS) {
        await this.insertLeaves(batch.leaves);
        if (batch.nodes.length) await this.insertNodes(batch.nodes);
        for (const part of chunks(batch.events)) await db.insertInto('access_events').values(part.map(accessEventRaw)).execute();
        await this.saveCheckpoint(batch.checkpoint);
        return;
      }
      // Data-modifying CTEs all run, in one statement and one round trip; the checkpoint is the main statement.
      const { leaves, nodes, events, checkpoint: c } = batch;
      const writes = [
        db.insertInto('log_leaves').values(leaves.map((r) => ({ idx: r.index, leaf_hash: r.hash, created_at: r.createdAt }))),
        ...(nodes.length ? [db.insertInto('log_nodes').values(nodes.map((r) => ({ level: r.level, idx: r.index, hash: r.hash })))] : []),
        ...(events.length ? [db.insertInto('access_events').values(events.map(accessEventRaw))] : []),
      ];
      const checkpoint = db
        .insertInto('log_checkpoints')
        .values({ size: c.size, root: c.root, note: c.note, created_at: c.createdAt })
        .onConflict((oc) => oc.column('size').doNothing());
      await sql`with ${sql.join(writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`))} ${checkpoint}`.execute(db);
    },
    async latestCheckpoint() {
      const row = await db.selectFrom('log_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
      return row ? checkpointOf(row) : undefined;
    },
    async checkpointAt(size) {
      const row = await db.selectFrom('log_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();
      return row ? checkpointOf(row) : undefined;
    },
    async saveCheckpoint(c) {
      const result = await db
        .insertInto('log_checkpoints')
        .values({ size: c.size, root: c.root, note: c.note, created_at: c.createdAt })
        .onConflict((oc) => oc.column('size').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
