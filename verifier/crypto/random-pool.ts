// Random bytes for the per-event values (event id, commitment salt) from a pooled draw of the CSPRNG, as node:crypto's
// randomUUID does: one RAND_bytes call per 4 KiB instead of two per logged access. Each refill allocates a new pool,
// so bytes already handed out are never overwritten or handed out twice.
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let offset = 0;

/** `n` fresh random bytes (n at most 4096), a view that no later call shares. */
export function randomBytesFromPool(n: number): Uint8Array {
  if (n > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} bytes at a time`);
  if (offset + n > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_SIZE));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}
