import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { ActorError } from "@actor/core";
import { normalizeContentItems, type ContentItem } from "./content-item.js";

/** The formats of a content file. */
export type ContentFileFormat = "json" | "jsonl" | "text";

const EXTENSIONS: Record<string, ContentFileFormat> = {
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".txt": "text",
  ".md": "text",
};

/**
 * Reads a content file: a JSON array of items, JSON Lines (one item per line), or plain text with
 * posts separated by a line containing only `---`. The format comes from the extension (`.json`,
 * `.jsonl`/`.ndjson`, `.txt`/`.md`), else from the content: `[` starts JSON, `{` starts JSON Lines,
 * anything else is text. Items without an id get a hash of their text.
 *
 * @example
 * ```ts
 * const items = await readContentFile("./posts.txt");
 * ```
 */
export async function readContentFile(path: string, signal?: AbortSignal): Promise<ContentItem[]> {
  let text: string;
  try {
    text = await readFile(
      path,
      signal === undefined ? { encoding: "utf8" } : { encoding: "utf8", signal },
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((error as Error).name === "AbortError") throw ActorError.from(error, { file: path });
    const permanent = code === "ENOENT" || code === "EISDIR" || code === "EACCES";
    throw new ActorError(
      permanent ? "invalid-config" : "unavailable",
      `cannot read content file ${path}: ${(error as Error).message}`,
      {
        cause: error,
        context: { file: path },
      },
    );
  }
  return parseContentFile(text, path);
}

/**
 * Returns a reader of one content file that keeps the parsed items while the file's `stat` (mtime,
 * size, inode) stays the same, and reads and parses it again (see {@link readContentFile}) when it
 * changes. Errors are those of {@link readContentFile}; nothing is kept after a failed read.
 *
 * @example
 * ```ts
 * const list = cachedContentFileReader("./posts.jsonl");
 * const items = await list(signal); // parsed once, until the file changes
 * ```
 */
export function cachedContentFileReader(
  path: string,
): (signal?: AbortSignal) => Promise<ContentItem[]> {
  let cached: { key: string; items: ContentItem[] } | undefined;
  return async (signal) => {
    const key = await statKey(path);
    if (key !== undefined && cached?.key === key && signal?.aborted !== true) return cached.items;
    cached = undefined;
    // After a failed stat or an abort, the read throws the same error as an uncached read.
    const items = await readContentFile(path, signal);
    if (key !== undefined) cached = { key, items };
    return items;
  };
}

async function statKey(path: string): Promise<string | undefined> {
  try {
    const { mtimeMs, size, ino } = await stat(path);
    return `${mtimeMs}:${size}:${ino}`;
  } catch {
    return undefined;
  }
}

/** Parses the text of a content file (see {@link readContentFile}); `path` names it in errors. */
export function parseContentFile(
  text: string,
  path: string,
  format?: ContentFileFormat,
): ContentItem[] {
  const body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const kind = format ?? EXTENSIONS[extname(path).toLowerCase()] ?? sniff(body);
  switch (kind) {
    case "json": {
      const parsed = parseJson(body, path);
      if (!Array.isArray(parsed))
        throw invalid(path, "a JSON content file must hold an array of items");
      return normalizeContentItems(parsed, path);
    }
    case "jsonl": {
      const items: unknown[] = [];
      for (const [index, line] of body.split("\n").entries()) {
        if (line.trim() === "") continue;
        items.push(parseJson(line, `${path} line ${index + 1}`));
      }
      return normalizeContentItems(items, path);
    }
    case "text":
      return normalizeContentItems(
        body
          .split(/^[ \t]*---[ \t]*$/m)
          .map((post) => post.trim())
          .filter((post) => post !== ""),
        path,
      );
  }
}

function sniff(body: string): ContentFileFormat {
  const start = body.trimStart()[0];
  return start === "[" ? "json" : start === "{" ? "jsonl" : "text";
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(where, `invalid JSON: ${(error as Error).message}`, error);
  }
}

function invalid(where: string, message: string, cause?: unknown): ActorError {
  return new ActorError("validation", `${where}: ${message}`, { cause, context: { file: where } });
}
