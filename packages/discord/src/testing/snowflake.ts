/** Discord's epoch (2015-01-01T00:00:00.000Z), the zero of snowflake timestamps. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes Discord-shaped snowflakes: 42 bits of milliseconds since {@link DISCORD_EPOCH}, 5 bits
 * worker, 5 bits process, 12 bits increment — 18 or 19 decimal digits today, increasing with time.
 */
export class SnowflakeGenerator {
  #increment = 0n;
  #last = 0n;
  readonly #worker: bigint;

  constructor(worker = 1) {
    this.#worker = BigInt(worker & 0x1f);
  }

  /** A new id, strictly greater than every id this generator gave before. */
  next(now: number = Date.now()): string {
    let ms = BigInt(Math.trunc(now)) - DISCORD_EPOCH;
    if (ms < this.#last) ms = this.#last;
    if (ms === this.#last) {
      this.#increment = (this.#increment + 1n) & 0xfffn;
      if (this.#increment === 0n) ms += 1n;
    } else {
      this.#increment = 0n;
    }
    this.#last = ms;
    return ((ms << 22n) | (this.#worker << 17n) | (1n << 12n) | this.#increment).toString();
  }
}

/** The instant a snowflake was made at. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH));
}
