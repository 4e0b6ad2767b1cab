import { GenerationalCache } from "../generational-cache.js";
import { compileCron, type CompileResult } from "./compile-cron.js";

/** Distinct expressions kept per generation; up to twice this many stay compiled. */
const CRON_CACHE_SIZE = 4096;

const cache = new GenerationalCache<string, CompileResult>(CRON_CACHE_SIZE);

/**
 * {@link compileCron} through a {@link GenerationalCache} keyed by the trimmed expression text (so
 * `" 0 9 * * *"` and `"0 9 * * *"` share one entry; `compileCron` trims anyway). Failures are
 * cached too (they are deterministic).
 */
export function compileCronCached(expression: string): CompileResult {
  const text = expression.trim();
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const result = compileCron(text);
  cache.set(text, result);
  return result;
}
