/**
 * Turns a skill output into plain JSON data for the execution record: dates become ISO strings,
 * `bigint`s strings, `Map`s objects, `Set`s arrays, errors `{ name, message }`; functions, symbols
 * and `undefined` are left out, and a cycle becomes the string `"[Circular]"`.
 *
 * @example
 * ```ts
 * toJsonSafe({ at: new Date(0), run: () => 1 }); // { at: "1970-01-01T00:00:00.000Z" }
 * ```
 */
export function toJsonSafe(value: unknown): unknown {
  return convert(value, new WeakSet());
}

function convert(value: unknown, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  if (seen.has(object)) return "[Circular]";
  seen.add(object);
  try {
    if (object instanceof Error) return { name: object.name, message: object.message };
    if (object instanceof Map)
      return convertEntries(
        [...object.entries()].map(([k, v]) => [String(k), v]),
        seen,
      );
    if (Array.isArray(object) || object instanceof Set) {
      return [...(object as Iterable<unknown>)].map((item) => convert(item, seen) ?? null);
    }
    return convertEntries(Object.entries(object), seen);
  } finally {
    seen.delete(object);
  }
}

function convertEntries(
  entries: [string, unknown][],
  seen: WeakSet<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const converted = convert(item, seen);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}
