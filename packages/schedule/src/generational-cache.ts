/**
 * A bounded cache in two generations (an LRU approximation without per-hit bookkeeping): a hit in
 * the young generation costs one Map look-up; a hit in the old one is promoted to the young one;
 * when the young generation is full it becomes the old one and the previous old one is dropped, so
 * between `capacity` and twice `capacity` entries stay cached. Values must not be `undefined`.
 */
export class GenerationalCache<K, V> {
  readonly #capacity: number;
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  /** @param capacity Entries kept per generation. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The value cached for `key`, if still kept (promoting it when found in the old generation). */
  get(key: K): V | undefined {
    const hit = this.#young.get(key);
    if (hit !== undefined) return hit;
    const older = this.#old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  /** Caches `value` for `key` in the young generation, rolling the generations over when full. */
  set(key: K, value: V): void {
    if (this.#young.size >= this.#capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}
