import { formatPath } from "./config-error.js";

/** Line numbers of the keys, tables and array elements of one TOML text. */
export interface TomlLines {
  /** The 1-based line of `path`, or of its longest prefix that appears in the text. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * Scans TOML text (already known to parse) and records the line of every key, table header and
 * array element, so a validation error on `actors[1].schedule.expression` can name its line.
 * smol-toml gives positions for syntax errors only; this small scanner covers the rest.
 *
 * @example
 * ```ts
 * tomlLines('[server]\nmax_concurrency = 0\n').lineOf(["server", "max_concurrency"]); // 2
 * ```
 */
export function tomlLines(text: string): TomlLines {
  const lines = new Map<string, number>();
  new Scanner(text, lines).run();
  return {
    lineOf(path) {
      for (let n = path.length; n >= 1; n--) {
        const line = lines.get(formatPath(path.slice(0, n)));
        if (line !== undefined) return line;
      }
      return undefined;
    },
  };
}

class Scanner {
  #i = 0;
  #line = 1;
  #table: (string | number)[] = [];
  readonly #arrays = new Map<string, number>();

  constructor(
    readonly text: string,
    readonly lines: Map<string, number>,
  ) {}

  run(): void {
    const t = this.text;
    while (this.#i < t.length) {
      this.#skipBlank(true);
      if (this.#i >= t.length) break;
      if (t.startsWith("[[", this.#i)) {
        this.#i += 2;
        this.#header(this.#keys("]"), true);
        this.#i += 2;
      } else if (t[this.#i] === "[") {
        this.#i += 1;
        this.#header(this.#keys("]"), false);
        this.#i += 1;
      } else {
        const keys = this.#keys("=");
        this.#i += 1;
        this.#value([...this.#table, ...keys]);
      }
      this.#skipToLineEnd();
    }
  }

  #header(keys: string[], array: boolean): void {
    const path: (string | number)[] = [];
    keys.forEach((key, index) => {
      path.push(key);
      const id = formatPath(path);
      const last = index === keys.length - 1;
      if (last && array) {
        const n = this.#arrays.get(id) ?? 0;
        this.#arrays.set(id, n + 1);
        this.#record(path);
        path.push(n);
      } else if (this.#arrays.has(id)) path.push(this.#arrays.get(id)! - 1);
    });
    this.#record(path);
    this.#table = path;
  }

  #keys(end: string): string[] {
    const keys: string[] = [];
    const t = this.text;
    while (this.#i < t.length && t[this.#i] !== end && t[this.#i] !== "\n") {
      this.#skipSpaces();
      const c = t[this.#i];
      if (c === '"' || c === "'") keys.push(this.#string());
      else {
        const start = this.#i;
        while (this.#i < t.length && /[A-Za-z0-9_-]/.test(t[this.#i]!)) this.#i++;
        keys.push(t.slice(start, this.#i));
        if (this.#i === start) this.#i++;
      }
      this.#skipSpaces();
      if (t[this.#i] === ".") this.#i++;
    }
    return keys;
  }

  #value(path: (string | number)[]): void {
    this.#skipSpaces();
    this.#record(path);
    const t = this.text;
    const c = t[this.#i];
    if (c === '"' || c === "'") this.#string();
    else if (c === "[") this.#container(path, "]", (n) => [...path, n]);
    else if (c === "{") this.#container(path, "}", null);
    else while (this.#i < t.length && !/[,\]}\n#]/.test(t[this.#i]!)) this.#i++;
  }

  #container(
    path: (string | number)[],
    close: string,
    element: ((n: number) => (string | number)[]) | null,
  ): void {
    const t = this.text;
    this.#i++;
    let n = 0;
    for (;;) {
      this.#skipBlank(element !== null);
      if (this.#i >= t.length) return;
      if (t[this.#i] === close) {
        this.#i++;
        return;
      }
      if (t[this.#i] === ",") {
        this.#i++;
        continue;
      }
      if (element) this.#value(element(n++));
      else {
        const keys = this.#keys("=");
        this.#i++;
        this.#value([...path, ...keys]);
      }
    }
  }

  #string(): string {
    const t = this.text;
    const quote = t[this.#i]!;
    const triple = t.startsWith(quote.repeat(3), this.#i);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.#i += delimiter.length;
    const start = this.#i;
    while (this.#i < t.length && !t.startsWith(delimiter, this.#i)) {
      if (t[this.#i] === "\\" && quote === '"') this.#i++;
      else if (t[this.#i] === "\n") this.#line++;
      this.#i++;
    }
    const body = t.slice(start, this.#i);
    this.#i += delimiter.length;
    return body;
  }

  #skipSpaces(): void {
    while (this.text[this.#i] === " " || this.text[this.#i] === "\t") this.#i++;
  }

  #skipBlank(newlines: boolean): void {
    const t = this.text;
    for (;;) {
      this.#skipSpaces();
      if (t[this.#i] === "#") while (this.#i < t.length && t[this.#i] !== "\n") this.#i++;
      if (newlines && (t[this.#i] === "\n" || t[this.#i] === "\r")) {
        if (t[this.#i] === "\n") this.#line++;
        this.#i++;
        continue;
      }
      return;
    }
  }

  #skipToLineEnd(): void {
    const t = this.text;
    while (this.#i < t.length && t[this.#i] !== "\n") this.#i++;
  }

  #record(path: readonly (string | number)[]): void {
    const id = formatPath(path);
    if (!this.lines.has(id)) this.lines.set(id, this.#line);
  }
}
