import { ActorError, splitText, type Content, type SkillContext, type Skill } from "@actor/core";
import { checkNumber, optionError } from "./option-reader.js";
import { findOutput, isSelectedContent, type FormattedMessages } from "./pipeline-data.js";
import {
  checkEmbeds,
  PLATFORM_LIMITS,
  type PlatformLimits,
  type PlatformName,
} from "./platform-limits.js";
import { compileTemplate } from "./template.js";
import { isValidTimeZone, localTimeIn } from "./zoned-time.js";

/** Options of {@link formatSkill}. */
export interface FormatOptions {
  /** Text template, e.g. `"{{text}}\n— {{metadata.author}}"`. Default: the content's text as is. */
  template?: string;
  /** Longest text of one message (UTF-16 code units); the platform's limit applies too. */
  maxLength?: number;
  /**
   * A platform name (`"discord"`) or custom limits. Default: the limits of the run's poster platform
   * when {@link PLATFORM_LIMITS} knows it (`ctx.services.poster.platform`), else none.
   */
  platform?: PlatformName | PlatformLimits;
  /** Split text over the limit into several messages (default true); false makes it a validation error. */
  split?: boolean;
  /** Zone of `{{date}}` and `{{time}}`. Default "UTC". */
  timezone?: string;
  /** Take the content from this skill's output instead of the latest `select-content`-shaped one. */
  from?: string;
  /** The skill's name in the pipeline. Default "format". */
  name?: string;
}

/**
 * Renders the selected content through a template and fits it to a platform's limits, splitting
 * long text into several messages on paragraph, line, word or grapheme boundaries. Media and embeds
 * go with the last message; every message keeps the content's metadata (plus `part`/`parts` when
 * split). Outputs `{ messages }`. Variables: `{{text}}`, `{{id}}`, `{{metadata.key}}`, `{{date}}`,
 * `{{time}}`, `{{datetime}}` (the slot), `{{taskId}}`, `{{actorName}}`.
 *
 * @example
 * ```ts
 * formatSkill({ template: "**Quote of the day**\n{{text}}", platform: "discord" });
 * ```
 */
export function formatSkill(options: FormatOptions = {}): Skill<FormattedMessages> {
  const name = options.name ?? "format";
  const render = options.template === undefined ? null : compileTemplate(options.template, name);
  const configured = platformLimits(name, options.platform);
  const maxLength =
    options.maxLength === undefined
      ? Number.POSITIVE_INFINITY
      : checkNumber(name, "maxLength", options.maxLength, { min: 1, integer: true });
  const split = options.split ?? true;
  const timezone = options.timezone ?? "UTC";
  if (!isValidTimeZone(timezone))
    throw optionError(name, "timezone", timezone, 'an IANA time zone name such as "Europe/Paris"');

  return {
    name,
    async run(ctx) {
      const selected = findOutput(ctx.outputs, isSelectedContent, options.from);
      if (!selected && (render === null || options.from !== undefined)) {
        const what =
          options.from === undefined
            ? "no earlier skill selected content"
            : `skill "${options.from}" produced no content`;
        throw new ActorError(
          "validation",
          `skill "${name}": nothing to format (${what} and there is no template)`,
          {
            context: { skill: name },
          },
        );
      }
      const base: Content = selected?.content ?? {};
      const local = localTimeIn(ctx.scheduledFor, timezone);
      const text = render
        ? render({
            ...(base.text === undefined ? {} : { text: base.text }),
            ...(selected === undefined ? {} : { id: selected.id }),
            ...(base.metadata === undefined ? {} : { metadata: base.metadata }),
            date: local.date,
            time: local.time,
            datetime: ctx.scheduledFor.toISOString(),
            taskId: ctx.taskId,
            actorName: ctx.actorName,
          })
        : (base.text ?? "");
      const limits = configured ?? posterLimits(ctx);
      const limit = Math.min(maxLength, limits?.text ?? Number.POSITIVE_INFINITY);
      if (limits?.embeds && base.embeds) checkEmbeds(base.embeds, limits.embeds, name);
      if (text.trim() === "" && !base.media?.length && !base.embeds?.length) {
        throw new ActorError("validation", `skill "${name}": the formatted message is empty`, {
          context: { skill: name },
        });
      }
      if (text.length > limit && !split) {
        throw new ActorError(
          "validation",
          `skill "${name}": text is ${text.length} characters, the limit is ${limit} (enable split to send several messages)`,
          { context: { skill: name } },
        );
      }
      const parts = text.length > limit ? splitText(text, limit) : [text];
      const messages = parts.map((part, i): Content => {
        const metadata =
          parts.length > 1
            ? { ...base.metadata, part: i + 1, parts: parts.length }
            : { ...base.metadata };
        const message: Content = { metadata };
        if (part !== "") message.text = part;
        if (i === parts.length - 1) {
          if (base.media !== undefined) message.media = base.media;
          if (base.embeds !== undefined) message.embeds = base.embeds;
        }
        return message;
      });
      return { status: "succeeded", output: { messages } };
    },
  };
}

function platformLimits(name: string, platform: FormatOptions["platform"]): PlatformLimits | null {
  if (platform === undefined) return null;
  if (typeof platform === "string") {
    if (Object.hasOwn(PLATFORM_LIMITS, platform)) return PLATFORM_LIMITS[platform];
    throw optionError(
      name,
      "platform",
      platform,
      `one of ${Object.keys(PLATFORM_LIMITS)
        .map((p) => `"${p}"`)
        .join(", ")} or a limits object`,
    );
  }
  checkNumber(name, "platform.text", platform.text, { min: 1, integer: true });
  return platform;
}

function posterLimits(ctx: SkillContext): PlatformLimits | null {
  const platform = (ctx.services["poster"] as { platform?: unknown } | undefined)?.platform;
  return typeof platform === "string" && Object.hasOwn(PLATFORM_LIMITS, platform)
    ? PLATFORM_LIMITS[platform as PlatformName]
    : null;
}

/**
 * Former name of {@link formatSkill}.
 *
 * @deprecated Use {@link formatSkill}; built-in skill factories are named after the skill id in camelCase
 * followed by `Skill`. This alias will be removed in a future major release.
 */
export const format = formatSkill;
