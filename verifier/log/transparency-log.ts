// The append-only access log: RFC 9162 tree over stored leaves and perfect nodes, group-committed durable appends in
// a total order with no gaps, proofs read from storage, and signed checkpoints. Memory holds only the right edge of
// the tree (at most one hash per level), never the tree itself.
import { formatCheckpoint, signNote, type Ed25519Sign } from '../../shared/merkle/checkpoint.js';
import { emptyRoot, leafHash, nodeHash, type Sha256 } from '../../shared/merkle/hash.js';
import { consistencyProof, inclusionProof, subtreeHashFromNodes, type SubtreeHash } from '../../shared/merkle/proof.js';
import { AppError } from '../errors.js';
import type { AccessEventRow } from '../store/repos/access-events.js';
import type { LogRepository, StoredCheckpoint } from '../store/repos/log.js';
import type { Store } from '../store/types.js';

type TxStore = Parameters<Parameters<Store['transaction']>[0]>[0];

export interface CheckpointSigner {
  keyName: string;
  keyId: number;
  sign: Ed25519Sign;
}

export interface TransparencyLogOptions {
  store: Store;
  /** Synchronous SHA-256 (node:crypto) keeps appends off the microtask treadmill. */
  sha256: Sha256;
  /** Log identity printed in every checkpoint, e.g. "localhost:3000/log". */
  origin: string;
  /** The log key, or during a key rotation the current and the previous key (each checkpoint carries both). */
  signer: CheckpointSigner | readonly CheckpointSigner[];
  now?: () => number;
  /** Largest number of appends committed in one transaction (one fsync). */
  maxBatch?: number;
}

export interface AppendRequest {
  /** The leaf data: a salted commitment to the event (the public tree must reveal nothing about it). */
  leafData: Uint8Array;
  /**
   * The access event behind the leaf, stored in the same transaction with the leaf index filled in: the events of a
   * batch go in together with multi-row statements (one round trip per batch on PostgreSQL, not one per event).
   */
  event?: Omit<AccessEventRow, 'leafIndex'>;
  /**
   * Writes the event's other rows in the same transaction, so the event is stored exactly when it is logged. If it
   * throws, only this append fails: the batch is rolled back and committed again without it.
   */
  write?: (tx: TxStore, index: number) => Promise<void>;
  /** Also return the leaf's audit path against the commit's checkpoint (for a receipt). */
  withProof?: boolean;
}

export interface AppendResult {
  index: number;
  leafHash: Uint8Array;
  /** The checkpoint signed by the commit that made this leaf durable, */
  checkpoint: StoredCheckpoint;
  /** and, when asked for, the leaf's audit path against it (computed in memory at commit: no storage read). */
  inclusionProof?: Uint8Array[];
}

interface Pending {
  request: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

export class TransparencyLog {
  private readonly store: Store;
  private readonly sha256: Sha256;
  private readonly now: () => number;
  private readonly maxBatch: number;
  readonly origin: string;
  private readonly signer: CheckpointSigner | readonly CheckpointSigner[];
  /** frontier[level] = hash of the completed left node at that level still waiting for its right sibling. */
  private frontier: (Uint8Array | undefined)[] = [];
  private treeSize = 0;
  private queue: Pending[] = [];
  private flushing = false;
  private initialised = false;

  constructor(options: TransparencyLogOptions) {
    this.store = options.store;
    this.sha256 = options.sha256;
    this.origin = options.origin;
    this.signer = options.signer;
    this.now = options.now ?? Date.now;
    this.maxBatch = options.maxBatch ?? 256;
  }

  /** Recovers size and right edge from storage (after a restart or a crash). */
  async init(): Promise<void> {
    this.treeSize = await this.store.log.size();
    this.frontier = await this.loadFrontier(this.treeSize);
    this.initialised = true;
  }

  get size(): number {
    return this.treeSize;
  }

  /** Resolves once the leaf is durably committed; concurrent appends share one transaction. */
  append(request: AppendRequest): Promise<AppendResult> {
    if (!this.initialised) return Promise.reject(new Error('TransparencyLog.init() was not called'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        // Yield one turn of the event loop before each commit: requests that arrived meanwhile (while the previous
        // commit was waiting for its fsync) get to queue their appends and share this commit.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, this.maxBatch);
        const failed: { item?: Pending } = {};
        try {
          const results = await this.commit(batch, { failed, gather: true });
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (error) {
          await this.recover(batch, failed.item, error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Nothing of a failed batch was committed, and one caller's failing write must not fail the others that happened
   * to share its transaction. When the failure is one append's own write (a nonce already spent), that append is
   * refused and the others go back to the head of the queue, to commit together in the next batch. Otherwise (a
   * statement shared by the batch failed) each append is retried alone, so only the culprit fails.
   */
  private async recover(batch: Pending[], culprit: Pending | undefined, error: unknown): Promise<void> {
    if (culprit) {
      culprit.reject(error);
      this.queue.unshift(...batch.filter((p) => p !== culprit));
      return;
    }
    await this.init().catch(() => undefined);
    if (batch.length === 1) {
      batch[0]!.reject(error);
      return;
    }
    for (const item of batch) {
      try {
        item.resolve((await this.commit([item], { failed: {} }))[0]!);
      } catch (itemError) {
        item.reject(itemError);
        await this.init().catch(() => undefined);
      }
    }
  }

  /**
   * One transaction for the whole batch: the append lock once, then leaves, nodes and events each in multi-row
   * statements, then one signed checkpoint. Appends that queued while this instance waited for the lock (another
   * instance was committing) join the batch (when `gather`) before anything is written. `failed.item` names the
   * append whose own write threw, if that is why the transaction failed.
   */
  private async commit(batch: Pending[], options: { failed: { item?: Pending }; gather?: boolean }): Promise<AppendResult[]> {
    const { failed } = options;
    const createdAt = this.now();
    let leafHashes: Uint8Array[] = [];
    let committed: { start: number; base: (Uint8Array | undefined)[]; frontier: (Uint8Array | undefined)[]; checkpoint: StoredCheckpoint } | undefined;
    await this.store.transaction(async (tx) => {
      // Storage decides the next index under the append lock, so several instances sharing one database append in
      // one total order with no gap; an instance that is behind re-reads the tree's right edge first.
      await tx.log.lockForAppend();
      const stored = await tx.log.size();
      if (options.gather && batch.length < this.maxBatch && this.queue.length > 0) batch.push(...this.queue.splice(0, this.maxBatch - batch.length));
      leafHashes = await Promise.all(batch.map((p) => leafHash(this.sha256, p.request.leafData)));
      const start = stored;
      const base = stored === this.treeSize ? this.frontier : await this.loadFrontier(stored, tx.log);
      const { frontier, nodes } = await this.extend(base, start, leafHashes);
      // Every commit is also a signed checkpoint, in the same transaction (one fsync for both): the receipts of
      // this batch can be proven at once, with no second durable write.
      const checkpoint = await this.signCheckpoint(start + batch.length, await this.rootOf(frontier));
      await tx.log.appendBatch({
        leaves: leafHashes.map((hash, i) => ({ index: start + i, hash, createdAt })),
        nodes,
        events: batch.flatMap((p, i) => (p.request.event ? [{ ...p.request.event, leafIndex: start + i }] : [])),
        checkpoint,
      });
      for (let i = 0; i < batch.length; i++) {
        const item = batch[i]!;
        if (!item.request.write) continue;
        try {
          await item.request.write(tx, start + i);
        } catch (error) {
          failed.item = item;
          throw error;
        }
      }
      committed = { start, base, frontier, checkpoint };
    });
    const { start, base, frontier, checkpoint } = committed!;
    this.frontier = frontier;
    this.treeSize = start + batch.length;
    this.latest = checkpoint;
    const mth = batch.some((p) => p.request.withProof) ? this.batchSubtrees(base, start, leafHashes) : undefined;
    const results: AppendResult[] = [];
    for (let i = 0; i < batch.length; i++) {
      const result: AppendResult = { index: start + i, leafHash: leafHashes[i]!, checkpoint };
      if (mth && batch[i]!.request.withProof) result.inclusionProof = await inclusionProof(start + i, checkpoint.size, mth);
      results.push(result);
    }
    return results;
  }

  /**
   * MTH over a tree that ends with a just-committed batch, from memory: ranges inside the batch are hashed from its
   * leaves (memoised), and the left siblings before it are the right edge the batch was appended to (RFC 9162's left
   * subtrees are perfect and aligned, so an audit path for a batch leaf only ever needs those). Storage is read only
   * if a range falls outside both, which the proofs for batch leaves never ask for.
   */
  private batchSubtrees(base: (Uint8Array | undefined)[], start: number, leaves: Uint8Array[]): SubtreeHash {
    const memo = new Map<string, Uint8Array>();
    const node = async (level: number, index: number): Promise<Uint8Array> => {
      const width = 2 ** level;
      const lo = index * width;
      if (lo + width <= start) {
        const edge = base[level];
        return edge && Math.floor(start / width) - 1 === index ? edge : this.perfectNode(level, index);
      }
      if (level === 0) return leaves[lo - start]!;
      const key = `${level}/${index}`;
      const known = memo.get(key);
      if (known) return known;
      const hash = await nodeHash(this.sha256, await node(level - 1, 2 * index), await node(level - 1, 2 * index + 1));
      memo.set(key, hash);
      return hash;
    };
    // Audit paths of neighbouring leaves share most of their ranges: each range is hashed once per batch.
    const ranges = new Map<string, Promise<Uint8Array>>();
    const subtree = subtreeHashFromNodes(this.sha256, node);
    return (lo, hi) => {
      const key = `${lo}:${hi}`;
      let hash = ranges.get(key);
      if (!hash) ranges.set(key, (hash = subtree(lo, hi)));
      return hash;
    };
  }

  /** The new right edge and perfect nodes after appending `leafHashes` at index `start` (pure: no I/O). */
  private async extend(base: (Uint8Array | undefined)[], start: number, leafHashes: Uint8Array[]) {
    const frontier = [...base];
    const nodes: { level: number; index: number; hash: Uint8Array }[] = [];
    for (let i = 0; i < leafHashes.length; i++) {
      let level = 0;
      let index = start + i;
      let hash = leafHashes[i]!;
      // A right child completes its parent: combine with the waiting left sibling and climb.
      while (index % 2 === 1) {
        const left = frontier[level];
        if (!left) throw new Error(`log frontier missing at level ${level}`);
        frontier[level] = undefined;
        hash = await nodeHash(this.sha256, left, hash);
        level++;
        index = Math.floor(index / 2);
        nodes.push({ level, index, hash });
      }
      frontier[level] = hash;
    }
    return { frontier, nodes };
  }

  /** The right edge of a tree of `size` leaves: one stored node per set bit of the size, fetched in one round trip. */
  private async loadFrontier(size: number, repo: LogRepository = this.store.log): Promise<(Uint8Array | undefined)[]> {
    const wanted: { level: number; index: number }[] = [];
    for (let level = 0; 2 ** level <= size; level++) {
      if (Math.floor(size / 2 ** level) % 2 === 1) wanted.push({ level, index: Math.floor(size / 2 ** level) - 1 });
    }
    const found = wanted.length ? await repo.nodes(wanted) : new Map<string, Uint8Array>();
    const frontier: (Uint8Array | undefined)[] = [];
    for (const { level, index } of wanted) {
      const hash = found.get(`${level}/${index}`);
      if (!hash) throw new Error(`log node ${level}/${index} missing from storage`);
      frontier[level] = hash;
    }
    return frontier;
  }

  private readonly perfectNode = async (level: number, index: number, repo: LogRepository = this.store.log): Promise<Uint8Array> => {
    const hash = level === 0 ? await repo.leafHash(index) : await repo.node(level, index);
    if (!hash) throw new Error(`log node ${level}/${index} missing from storage`);
    return hash;
  };

  private readonly subtree = subtreeHashFromNodes((d) => this.sha256(d), this.perfectNode);

  /** Root of the current tree from the in-memory right edge: no storage reads. */
  async currentRoot(): Promise<Uint8Array> {
    return this.rootOf(this.frontier);
  }

  /** MTH from a right edge: the perfect subtrees folded from the smallest up (RFC 9162's split at the largest k). */
  private async rootOf(frontier: (Uint8Array | undefined)[]): Promise<Uint8Array> {
    let root: Uint8Array | undefined;
    for (const hash of frontier) {
      if (!hash) continue;
      root = root ? await nodeHash(this.sha256, hash, root) : hash;
    }
    return root ?? emptyRoot(this.sha256);
  }

  async leafHashAt(index: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(index) || index < 0 || index >= (await this.knownSize(index + 1))) {
      throw new AppError('invalid_request', { detail: `index must be below the log size ${this.treeSize}` });
    }
    return this.perfectNode(0, index);
  }

  async rootAt(size: number): Promise<Uint8Array> {
    await this.checkSize(size);
    return size === 0 ? emptyRoot(this.sha256) : this.subtree(0, size);
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    await this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new AppError('invalid_request', { detail: `index must be below the tree size ${size}` });
    }
    return this.withPrefetchedNodes((mth) => inclusionProof(index, size, mth));
  }

  async consistencyProof(first: number, second: number): Promise<Uint8Array[]> {
    await this.checkSize(second);
    if (!Number.isSafeInteger(first) || first < 0 || first > second) {
      throw new AppError('invalid_request', { detail: 'first must be between 0 and second' });
    }
    return this.withPrefetchedNodes((mth) => consistencyProof(first, second, mth));
  }

  /**
   * Runs a proof computation twice: first with placeholder hashes to learn which stored nodes it needs (that
   * depends only on the positions, never on the hashes), then with all of them fetched in one round trip — instead
   * of a query per node on the request path.
   */
  private async withPrefetchedNodes<T>(compute: (mth: SubtreeHash) => Promise<T>): Promise<T> {
    const wanted: { level: number; index: number }[] = [];
    const placeholder = new Uint8Array(32);
    await compute(
      subtreeHashFromNodes(this.sha256, async (level, index) => {
        wanted.push({ level, index });
        return placeholder;
      }),
    );
    const fetched = await this.store.log.nodes(wanted);
    return compute(
      subtreeHashFromNodes(this.sha256, async (level, index) => fetched.get(`${level}/${index}`) ?? (await this.perfectNode(level, index))),
    );
  }

  /** The newest checkpoint this instance knows (every append commit signs one). */
  private latest: StoredCheckpoint | undefined;

  /**
   * Returns a signed checkpoint covering at least `minSize` leaves (default: everything appended so far). Appends
   * sign one with every commit, so this is a memory read in the common case; storage answers for checkpoints
   * another instance signed, and a new one is signed only for a log no append has checkpointed yet (an empty log,
   * or one written before checkpoints were signed per commit).
   */
  async checkpoint(minSize = this.treeSize): Promise<StoredCheckpoint> {
    if (this.latest && this.latest.size >= minSize) return this.latest;
    const stored = await this.store.log.latestCheckpoint();
    if (stored && stored.size >= minSize) {
      this.latest = stored;
      return stored;
    }
    const size = this.treeSize;
    const signed = await this.signCheckpoint(size, await this.currentRoot());
    await this.store.log.saveCheckpoint(signed);
    this.latest = (await this.store.log.checkpointAt(size)) ?? signed;
    return this.latest;
  }

  /**
   * The newest checkpoint any instance has signed, from storage: what public readers (witnesses, wallets listing
   * events) must see, since another instance may have appended after this one's last commit.
   */
  async newestCheckpoint(): Promise<StoredCheckpoint> {
    const stored = await this.store.log.latestCheckpoint();
    if (stored && (!this.latest || stored.size >= this.latest.size)) {
      this.latest = stored;
      return stored;
    }
    return this.checkpoint();
  }

  private async signCheckpoint(size: number, root: Uint8Array): Promise<StoredCheckpoint> {
    const note = await signNote(formatCheckpoint({ origin: this.origin, size, root }), this.signer);
    return { size, root, note, createdAt: this.now() };
  }

  /**
   * The log size to check a request against: this instance's own when that suffices, else storage's — another
   * instance may have appended and signed a checkpoint this one has not seen. Proofs read nodes from storage, so
   * they need no catching up of the in-memory edge.
   */
  private async knownSize(wanted: number): Promise<number> {
    return wanted <= this.treeSize ? this.treeSize : Math.max(this.treeSize, await this.store.log.size());
  }

  private async checkSize(size: number): Promise<void> {
    if (!Number.isSafeInteger(size) || size < 0 || size > (await this.knownSize(size))) {
      throw new AppError('invalid_request', { detail: `size must be between 0 and the log size ${this.treeSize}` });
    }
  }
}
