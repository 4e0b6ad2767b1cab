/**
 * A set of objects that keep their own position in it (read and written through `index`): add and
 * delete are O(1) swaps in one array and allocate nothing once the array has grown, where a `Set`
 * with members coming and going many times a second keeps rebuilding its hash table. For the
 * engine's short, busy sets: the attempts in flight, the tasks whose leases are renewed.
 *
 * @example
 * ```ts
 * const running = new Roster<{ rosterIndex: number }>(
 *   (m) => m.rosterIndex,
 *   (m, i) => (m.rosterIndex = i),
 * );
 * const member = { rosterIndex: -1 };
 * running.add(member);
 * running.delete(member);
 * ```
 */
export class Roster<T> {
  readonly #items: T[] = [];

  /** `index` reads a member's position (-1: not a member); `setIndex` writes it. */
  constructor(
    private readonly index: (member: T) => number,
    private readonly setIndex: (member: T, index: number) => void,
  ) {}

  get size(): number {
    return this.#items.length;
  }

  has(member: T): boolean {
    return this.index(member) >= 0;
  }

  add(member: T): void {
    if (this.index(member) >= 0) return;
    this.setIndex(member, this.#items.length);
    this.#items.push(member);
  }

  /** Removes `member`; returns whether it was there. */
  delete(member: T): boolean {
    const at = this.index(member);
    if (at < 0) return false;
    const last = this.#items.pop()!;
    if (last !== member) {
      this.#items[at] = last;
      this.setIndex(last, at);
    }
    this.setIndex(member, -1);
    return true;
  }

  /** A copy of the members (in no particular order). */
  values(): T[] {
    return this.#items.slice();
  }
}
