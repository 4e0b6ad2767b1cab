/**
 * Replaces known secret values (tokens, webhook URLs, database passwords) with `[redacted]` in any
 * string, and the password of any `scheme://user:password@` URL with `***`, even one it was not
 * told about. Applied to every log line, error message and API error body.
 *
 * @example
 * ```ts
 * const redact = createRedactor(["s3cret-token"]);
 * redact("auth failed for s3cret-token"); // "auth failed for [redacted]"
 * ```
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...new Set(secrets)]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/gi, "$1***@");
    out = out.replace(
      /(discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d+\/)[\w-]+/gi,
      "$1[redacted]",
    );
    for (const secret of sorted)
      if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    return out;
  };
}

/** Applies `redact` to every string inside a JSON-like value (a copy; the input is not changed). */
export function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return {
      type: value.name,
      message: redact(value.message),
      ...(code === undefined ? {} : { code }),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact, depth + 1);
  return out;
}
