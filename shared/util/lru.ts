// A small bounded cache that keeps what is used: second-chance ("CLOCK") eviction over a Map in insertion order. A
// hit only marks the entry, so reads — the hot path: keys, registry rows, status lists on every verification — never
// reorder the Map (a strict LRU's delete and re-insert per hit left a hole each time and was a measurable share
// of a verification). When full, the oldest unmarked entry goes; marked ones met on the way are kept, moved to the
// newest end and unmarked.

interface Slot<V> {
  value: V;
  used: boolean;
}

export class LruCache<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, Slot<V>>();

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
    this.#max = maxEntries;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  set(key: K, value: V): void {
    const slot = this.#map.get(key);
    if (slot !== undefined) {
      slot.value = value;
      slot.used = true;
      return;
    }
    if (this.#map.size >= this.#max) this.#evictOne();
    this.#map.set(key, { value, used: false });
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  /** A snapshot of the entries (safe to delete from the cache while walking it); does not mark them used. */
  entries(): [K, V][] {
    return Array.from(this.#map, ([key, slot]) => [key, slot.value]);
  }

  clear(): void {
    this.#map.clear();
  }

  /** Ends after at most one pass: every entry it keeps loses its mark. */
  #evictOne(): void {
    for (const [key, slot] of this.#map) {
      this.#map.delete(key);
      if (!slot.used) return;
      slot.used = false;
      this.#map.set(key, slot);
    }
  }
}
