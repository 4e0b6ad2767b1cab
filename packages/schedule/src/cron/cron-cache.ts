import { compileCron, type CompileResult } from "./compile-cron.js";

/** Distinct expressions kept per generation; up to twice this many stay compiled. */
export const CRON_CACHE_SIZE = 4096;

let young = new Map<string, CompileResult>();
let old = new Map<string, CompileResult>();

/**
 * {@link compileCron} through a two-generation cache keyed by the expression text (an LRU
 * approximation without per-hit bookkeeping): hits in the young generation cost one Map look-up;
 * hits in the old one are promoted; when the young generation is full it becomes the old one and
 * the previous old one is dropped. Failures are cached too (they are deterministic).
 */
export function compileCronCached(expression: string): CompileResult {
  const hit = young.get(expression);
  if (hit !== undefined) return hit;
  const result = old.get(expression) ?? compileCron(expression);
  if (young.size >= CRON_CACHE_SIZE) {
    old = young;
    young = new Map();
  }
  young.set(expression, result);
  return result;
}
