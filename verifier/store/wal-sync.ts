// Durable SQLite commits without blocking the event loop: the connection runs with synchronous=NORMAL (a commit
// writes the WAL but does not fsync it) and this module fdatasyncs the WAL on libuv's thread pool instead, once for
// every commit that happened meanwhile. The promise the rest of the service relies on is unchanged from
// synchronous=FULL and is the one PostgreSQL gives: no query result reaches the caller before every commit that
// preceded it is on disk. A writer waits for its own commit; a reader that saw another request's fresh commit waits
// for that one too, so nothing not yet durable (an access event, a signed checkpoint) is ever shown to anyone.
//
// Why by hand: better-sqlite3 runs every statement on the calling thread, so with synchronous=FULL each commit's
// fsync (about a millisecond on this machine) stalls every request in the process. No Kysely dialect or SQLite
// binding offers an asynchronous WAL sync; SQLite's own FULL mode is exactly "fdatasync the WAL at commit"
// (os_unix.c uses fdatasync where available), which is what this does, later and off the loop.
import { fdatasync, open, close } from 'node:fs';
import { promisify } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import {
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type CompiledQuery,
  type TransactionSettings,
  type QueryCompiler,
} from 'kysely';
import { AppError } from '../errors.js';
import { withStatementCache } from './statement-cache.js';

const openFile = promisify(open);
const datasync = promisify(fdatasync);
const closeFile = promisify(close);

export interface WalSyncOptions {
  /** The database file; its WAL is `${path}-wal`. */
  path: string;
  /** Makes the WAL durable (tests inject a controllable one); default fdatasync on a descriptor kept open. */
  sync?: () => Promise<void>;
}

/** Group fsync of the WAL: one in flight at a time, each covering every commit made before it started. */
export class WalSync {
  private committed = 0;
  private synced = 0;
  private inflight: Promise<void> | undefined;
  private failure: Error | undefined;
  private fd: number | undefined;
  private readonly path: string;
  private readonly syncFile: () => Promise<void>;

  constructor(options: WalSyncOptions) {
    this.path = options.path;
    this.syncFile = options.sync ?? (() => this.fdatasyncWal());
  }

  /** A commit just returned from SQLite (written to the WAL, not yet synced). */
  markCommitted(): void {
    this.committed++;
  }

  /** Undefined when everything committed so far is durable (the common case for reads: no microtask spent). */
  durable(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.synced >= this.committed) return undefined;
    return this.waitFor(this.committed);
  }

  async close(): Promise<void> {
    await this.inflight?.catch(() => undefined);
    if (this.fd !== undefined) await closeFile(this.fd).catch(() => undefined);
    this.fd = undefined;
  }

  private async waitFor(target: number): Promise<void> {
    while (this.synced < target) {
      if (this.failure) throw this.failure;
      this.inflight ??= this.runSync();
      await this.inflight;
    }
  }

  private async runSync(): Promise<void> {
    const upTo = this.committed;
    try {
      await this.syncFile();
      this.synced = Math.max(this.synced, upTo);
    } catch (error) {
      // After a failed fsync the kernel may have dropped the dirty pages: what is on disk is unknown, so nothing
      // more is acknowledged from this process (as PostgreSQL does). The operator restarts; SQLite recovers.
      this.failure = new AppError('service_unavailable', {
        detail: 'The database could not make a write durable; the service must be restarted.',
        cause: error,
      });
      throw this.failure;
    } finally {
      this.inflight = undefined;
    }
  }

  private async fdatasyncWal(): Promise<void> {
    // Opened on first use: the WAL exists once the first commit is written. SQLite keeps it (same file, rewound
    // after checkpoints) for as long as this connection is open, so one descriptor serves the process's life.
    this.fd ??= await openFile(`${this.path}-wal`, 'r');
    await datasync(this.fd);
  }
}

/**
 * Kysely's SQLite dialect with the wait for durability added where the connection is handed back: after a statement
 * outside a transaction that wrote, or a transaction's end, the commit is counted; on release the caller waits
 * until every counted commit is synced. The single connection is released first, so other queries run meanwhile.
 */
export class DurableSqliteDialect extends SqliteDialect {
  private readonly connection: BetterSqlite3.Database;
  private readonly wal: WalSync;
  private readonly writes: { pending: boolean };

  constructor(options: { connection: BetterSqlite3.Database; wal: WalSync }) {
    const writes = { pending: false };
    super({
      database: withStatementCache(options.connection, {
        onPrepare: (statement) => {
          if (!statement.readonly) writes.pending = true;
        },
      }),
    });
    this.connection = options.connection;
    this.wal = options.wal;
    this.writes = writes;
  }

  override createDriver(): Driver {
    const inner = super.createDriver();
    const { connection: db, wal, writes } = this;
    const afterStatement = () => {
      // Transaction control statements count as read-only (sqlite3_stmt_readonly), so a transaction's commit is
      // seen as the first statement after which the connection is out of a transaction and something was written.
      // A rollback counts too: one extra fsync, never a missed one.
      if (writes.pending && !db.inTransaction) {
        writes.pending = false;
        wal.markCommitted();
      }
    };
    const wrap = (connection: DatabaseConnection): DatabaseConnection => ({
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        try {
          return await connection.executeQuery<R>(query);
        } finally {
          afterStatement();
        }
      },
      async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        const pending = wal.durable();
        if (pending) await pending;
        yield* connection.streamQuery<R>(query, chunkSize);
      },
    });
    const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
    return {
      init: () => inner.init(),
      async acquireConnection() {
        const connection = await inner.acquireConnection();
        let outer = wrapped.get(connection);
        if (!outer) wrapped.set(connection, (outer = wrap(connection)));
        return outer;
      },
      beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) => inner.beginTransaction(connection, settings),
      commitTransaction: (connection: DatabaseConnection) => inner.commitTransaction(connection),
      rollbackTransaction: (connection: DatabaseConnection) => inner.rollbackTransaction(connection),
      savepoint: (connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) => inner.savepoint!(connection, name, compile),
      rollbackToSavepoint: (connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) =>
        inner.rollbackToSavepoint!(connection, name, compile),
      releaseSavepoint: (connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) => inner.releaseSavepoint!(connection, name, compile),
      async releaseConnection(connection: DatabaseConnection) {
        // Decided before releasing: the next holder may begin a transaction before this function resumes. Inside a
        // transaction nothing is acknowledged yet; its commit is waited for when it ends.
        const pending = db.inTransaction ? undefined : wal.durable();
        await inner.releaseConnection(connection);
        if (pending) await pending;
      },
      async destroy() {
        await inner.destroy();
        await wal.close();
      },
    };
  }
}
