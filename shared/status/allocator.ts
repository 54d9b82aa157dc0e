// Allocates status list indices at random (draft-ietf-oauth-status-list §12.5 / §13.2: sequential indices would let
// verifiers correlate credentials and estimate issuance volume), without collisions.

import type { CryptoProvider } from '../crypto/types.js';
import { randomBelow } from '../crypto/random.js';

/** Random draws before falling back to picking uniformly among the free indices by counting. */
const RANDOM_ATTEMPTS = 32;

export interface StatusIndexAllocatorOptions {
  /** Entries in the list. */
  size: number;
  crypto: Pick<CryptoProvider, 'randomBytes'>;
  /** Indices already handed out (e.g. loaded from the store). */
  used?: Iterable<number>;
}

export class StatusIndexAllocator {
  readonly size: number;
  readonly #crypto: Pick<CryptoProvider, 'randomBytes'>;
  readonly #used: Uint8Array;
  #count = 0;

  constructor(options: StatusIndexAllocatorOptions) {
    if (!Number.isSafeInteger(options.size) || options.size < 1) throw new TypeError('size must be a positive integer');
    this.size = options.size;
    this.#crypto = options.crypto;
    this.#used = new Uint8Array(Math.ceil(options.size / 8));
    for (const index of options.used ?? []) this.markUsed(index);
  }

  get available(): number {
    return this.size - this.#count;
  }

  isUsed(index: number): boolean {
    return (this.#used[index >>> 3]! & (1 << (index & 7))) !== 0;
  }

  markUsed(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError('index out of range');
    if (this.isUsed(index)) return;
    this.#used[index >>> 3]! |= 1 << (index & 7);
    this.#count++;
  }

  /** A uniformly random unused index; throws RangeError when the list is full. */
  allocate(): number {
    if (this.available === 0) throw new RangeError('status list is full');
    for (let attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
      const candidate = randomBelow(this.size, this.#crypto);
      if (!this.isUsed(candidate)) {
        this.markUsed(candidate);
        return candidate;
      }
    }
    // Nearly full: choose the k-th free index, still uniform over what is left.
    let k = randomBelow(this.available, this.#crypto);
    for (let index = 0; index < this.size; index++) {
      if (this.isUsed(index)) continue;
      if (k === 0) {
        this.markUsed(index);
        return index;
      }
      k--;
    }
    throw new RangeError('status list is full');
  }
}
