import { ActorError } from "@actor/core";

/** The variables a `format` template may use, besides `metadata.<key>`. */
export const TEMPLATE_VARIABLES = [
  "text",
  "id",
  "date",
  "time",
  "datetime",
  "taskId",
  "actorName",
] as const;

/** Values a compiled template is rendered with. */
export interface TemplateValues {
  text?: string;
  id?: string;
  metadata?: Record<string, unknown>;
  /** `YYYY-MM-DD` of the slot. */
  date: string;
  /** `HH:MM` of the slot. */
  time: string;
  /** The slot as an ISO instant. */
  datetime: string;
  taskId: string;
  actorName: string;
}

type Part = { literal: string } | { variable: string };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const METADATA_PATH = /^metadata\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Compiles a template with `{{variable}}` placeholders (spaces inside the braces are allowed).
 * An unknown variable or an unclosed `{{` is an `invalid-config` error naming it; a
 * `{{metadata.key}}` or `{{id}}` without a value at render time is a `validation` error.
 *
 * @example
 * ```ts
 * const render = compileTemplate("{{date}}: {{text}} (#{{metadata.tag}})", "format");
 * render({ text: "Hi", metadata: { tag: "daily" }, date: "2026-01-01", time: "09:00", datetime: "...", taskId: "t", actorName: "a" });
 * ```
 */
export function compileTemplate(
  template: string,
  skill: string,
): (values: TemplateValues) => string {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const variable = match[1] ?? "";
    if (
      !(TEMPLATE_VARIABLES as readonly string[]).includes(variable) &&
      !METADATA_PATH.test(variable)
    ) {
      throw new ActorError(
        "invalid-config",
        `skill "${skill}": unknown template variable "{{${variable}}}"; known: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")}, {{metadata.<key>}}`,
        { context: { skill, key: "template" } },
      );
    }
    parts.push({ literal: template.slice(last, match.index) }, { variable });
    last = match.index + match[0].length;
  }
  parts.push({ literal: template.slice(last) });
  const unclosed = parts.find((p) => "literal" in p && p.literal.includes("{{"));
  if (unclosed) {
    throw new ActorError(
      "invalid-config",
      `skill "${skill}": template has an unclosed "{{": ${JSON.stringify(template)}`,
      {
        context: { skill, key: "template" },
      },
    );
  }
  return (values) =>
    parts.map((p) => ("literal" in p ? p.literal : valueOf(p.variable, values, skill))).join("");
}

function valueOf(variable: string, values: TemplateValues, skill: string): string {
  const missing = (why: string) =>
    new ActorError(
      "validation",
      `skill "${skill}": template variable "{{${variable}}}" has no value (${why})`,
      {
        context: { skill, key: "template" },
      },
    );
  if (variable.startsWith("metadata.")) {
    let value: unknown = values.metadata;
    for (const key of variable.split(".").slice(1)) {
      value =
        typeof value === "object" && value !== null
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    if (value === undefined || value === null)
      throw missing("the content's metadata does not have it");
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  if (variable === "id") {
    if (values.id === undefined) throw missing("no earlier skill selected a content item");
    return values.id;
  }
  if (variable === "text") return values.text ?? "";
  return values[variable as "date" | "time" | "datetime" | "taskId" | "actorName"];
}
