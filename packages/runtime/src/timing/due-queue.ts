/** One entry of a {@link DueQueue}: a key that fires at `at` for the slot `slot` (both epoch ms). */
export interface DueItem {
  readonly key: string;
  /** When to fire (the jittered slot). */
  at: number;
  /** The slot itself (un-jittered), carried for idempotency. */
  slot: number;
  /** Insertion order; breaks ties so equal `at`s fire first-in first-out. */
  seq: number;
  /** Position in the heap array, or -1 once popped or deleted (internal). */
  index: number;
}

/**
 * A binary min-heap of keys by fire time, with O(log n) insert, update, remove and pop and O(1)
 * peek. Each key is present at most once.
 *
 * @example
 * ```ts
 * const queue = new DueQueue();
 * queue.set("daily", Date.parse("2026-01-01T09:00:00Z"));
 * queue.peek()?.key; // "daily"
 * ```
 */
export class DueQueue {
  readonly #heap: DueItem[] = [];
  readonly #byKey = new Map<string, DueItem>();
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Adds `key` or moves it to `at` (with `slot`, default `at`). */
  set(key: string, at: number, slot: number = at): DueItem {
    const existing = this.#byKey.get(key);
    if (existing && existing.index >= 0) {
      const earlier = at < existing.at;
      existing.at = at;
      existing.slot = slot;
      existing.seq = this.#seq++;
      if (earlier) this.#up(existing.index);
      else this.#down(existing.index);
      return existing;
    }
    // A key popped with `keep` comes back in its old entry: no new object, no map write.
    const item: DueItem = existing ?? { key, at, slot, seq: 0, index: -1 };
    item.at = at;
    item.slot = slot;
    item.seq = this.#seq++;
    item.index = this.#heap.length;
    this.#heap.push(item);
    if (!existing) this.#byKey.set(key, item);
    this.#up(item.index);
    return item;
  }

  /** The sequence number the next {@link set} will give (items set from now on have at least it). */
  get nextSeq(): number {
    return this.#seq;
  }

  /** The queued entry of `key`, if it is queued. */
  get(key: string): DueItem | undefined {
    const item = this.#byKey.get(key);
    return item && item.index >= 0 ? item : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Removes `key` (and any entry kept for it); returns whether it was queued. */
  delete(key: string): boolean {
    const item = this.#byKey.get(key);
    if (!item) return false;
    this.#byKey.delete(key);
    if (item.index < 0) return false;
    this.#unlink(item);
    return true;
  }

  /** The earliest item, if any. */
  peek(): DueItem | undefined {
    return this.#heap[0];
  }

  /**
   * Removes and returns the earliest item. With `keep`, the key's entry is kept for the next
   * {@link set} of that key, which then reuses it (the returned object changes with that set): for
   * keys that come back, such as a task's next slot. A kept key stays until {@link delete}.
   */
  pop(keep = false): DueItem | undefined {
    const top = this.#heap[0];
    if (!top) return undefined;
    if (!keep) this.#byKey.delete(top.key);
    this.#unlink(top);
    return top;
  }

  /** Every queued key (heap order, not sorted). */
  keys(): string[] {
    return this.#heap.map((item) => item.key);
  }

  /** Takes `item` out of the heap (its map entry is left to the caller). */
  #unlink(item: DueItem): void {
    const last = this.#heap.pop()!;
    if (last !== item) {
      this.#heap[item.index] = last;
      last.index = item.index;
      this.#down(last.index);
      this.#up(last.index);
    }
    item.index = -1;
  }

  clear(): void {
    for (const item of this.#heap) item.index = -1;
    this.#heap.length = 0;
    this.#byKey.clear();
  }

  #less(a: DueItem, b: DueItem): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const item = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!this.#less(item, parent)) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = item;
    item.index = index;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const item = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && this.#less(heap[right]!, heap[left]!) ? right : left;
      const candidate = heap[child]!;
      if (!this.#less(candidate, item)) break;
      heap[index] = candidate;
      candidate.index = index;
      index = child;
    }
    heap[index] = item;
    item.index = index;
  }
}
