import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throwaway directory with helpers to write files into it; `remove()` deletes it. */
export function workdir(prefix = "actor-server-"): {
  dir: string;
  write: (name: string, text: string) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An HTTP answer. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: { get(name: string): string | null };
}

/** `fetch` with a JSON body parsed (or the text when it is not JSON). */
export async function request(
  url: string,
  init: { method?: string; token?: string } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.token === undefined ? {} : { authorization: `Bearer ${init.token}` },
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return {
    status: res.status,
    body: body as Record<string, unknown> & unknown,
    text,
    headers: res.headers,
  };
}
