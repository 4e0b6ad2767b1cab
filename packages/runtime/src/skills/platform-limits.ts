import { ActorError, type Embed } from "@actor/core";

/** Embed limits of a platform, in UTF-16 code units. */
export interface EmbedLimits {
  /** Embeds per message. */
  max: number;
  title: number;
  description: number;
  fields: number;
  fieldName: number;
  fieldValue: number;
  footer: number;
  author: number;
  /** Sum of title, description, field names and values, footer and author over all embeds of a message. */
  total: number;
}

/** The message limits of a platform. Lengths are UTF-16 code units (`String#length`), which never undercount. */
export interface PlatformLimits {
  platform: string;
  /** Longest text of one message. */
  text: number;
  embeds?: EmbedLimits;
}

/** Limits of the platforms the project knows by name. */
export const PLATFORM_LIMITS = {
  discord: {
    platform: "discord",
    text: 2000,
    embeds: {
      max: 10,
      title: 256,
      description: 4096,
      fields: 25,
      fieldName: 256,
      fieldValue: 1024,
      footer: 2048,
      author: 256,
      total: 6000,
    },
  },
} as const satisfies Record<string, PlatformLimits>;

/** A platform name that {@link PLATFORM_LIMITS} knows. */
export type PlatformName = keyof typeof PLATFORM_LIMITS;

/**
 * Checks embeds against a platform's limits; throws `ActorError("validation")` naming the embed,
 * the field, its length and the limit.
 *
 * @example
 * ```ts
 * checkEmbeds([{ title: "Hi" }], PLATFORM_LIMITS.discord.embeds, "format");
 * ```
 */
export function checkEmbeds(embeds: readonly Embed[], limits: EmbedLimits, skill: string): void {
  const fail = (what: string, size: number, limit: number) =>
    new ActorError("validation", `skill "${skill}": ${what} is ${size}, the limit is ${limit}`, {
      context: { skill },
    });
  if (embeds.length > limits.max) throw fail("the number of embeds", embeds.length, limits.max);
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    const check = (field: string, value: string | undefined, limit: number) => {
      const size = value?.length ?? 0;
      if (size > limit) throw fail(`the length of embeds[${i}].${field}`, size, limit);
      total += size;
    };
    check("title", embed.title, limits.title);
    check("description", embed.description, limits.description);
    check("footer.text", embed.footer?.text, limits.footer);
    check("author.name", embed.author?.name, limits.author);
    const fields = embed.fields ?? [];
    if (fields.length > limits.fields)
      throw fail(`the number of embeds[${i}].fields`, fields.length, limits.fields);
    for (const [j, field] of fields.entries()) {
      check(`fields[${j}].name`, field.name, limits.fieldName);
      check(`fields[${j}].value`, field.value, limits.fieldValue);
    }
  }
  if (total > limits.total) throw fail("the total length of all embeds", total, limits.total);
}
