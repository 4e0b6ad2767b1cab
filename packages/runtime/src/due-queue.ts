/** One entry of a {@link DueQueue}: a key that fires at `at` for the slot `slot` (both epoch ms). */
export interface DueItem {
  readonly key: string;
  /** When to fire (the jittered slot). */
  at: number;
  /** The slot itself (un-jittered), carried for idempotency. */
  slot: number;
  /** Insertion order; breaks ties so equal `at`s fire first-in first-out. */
  seq: number;
  /** Position in the heap array (internal). */
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
    if (existing) {
      const earlier = at < existing.at;
      existing.at = at;
      existing.slot = slot;
      existing.seq = this.#seq++;
      if (earlier) this.#up(existing.index);
      else this.#down(existing.index);
      return existing;
    }
    const item: DueItem = { key, at, slot, seq: this.#seq++, index: this.#heap.length };
    this.#heap.push(item);
    this.#byKey.set(key, item);
    this.#up(item.index);
    return item;
  }

  get(key: string): DueItem | undefined {
    return this.#byKey.get(key);
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** Removes `key`; returns whether it was queued. */
  delete(key: string): boolean {
    const item = this.#byKey.get(key);
    if (!item) return false;
    this.#byKey.delete(key);
    const last = this.#heap.pop()!;
    if (last !== item) {
      this.#heap[item.index] = last;
      last.index = item.index;
      this.#down(last.index);
      this.#up(last.index);
    }
    return true;
  }

  /** The earliest item, if any. */
  peek(): DueItem | undefined {
    return this.#heap[0];
  }

  /** Removes and returns the earliest item. */
  pop(): DueItem | undefined {
    const top = this.#heap[0];
    if (top) this.delete(top.key);
    return top;
  }

  /** Every queued key (heap order, not sorted). */
  keys(): string[] {
    return this.#heap.map((item) => item.key);
  }

  clear(): void {
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
