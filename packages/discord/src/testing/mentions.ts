/** Who a message pings once `allowed_mentions` is applied. */
export interface ResolvedMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

interface AllowedMentions {
  parse?: unknown;
  users?: unknown;
  roles?: unknown;
}

/**
 * Applies Discord's mention rules to `content`: `<@id>`/`<@!id>` users, `<@&id>` roles and
 * `@everyone`/`@here`. Without `allowed_mentions` everything pings (Discord's default); with it,
 * only what `parse` names or the `users`/`roles` lists allow.
 */
export function resolveMentions(content: string, allowed: unknown): ResolvedMentions {
  const users = unique([...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!));
  const roles = unique([...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]!));
  const everyone = /@(everyone|here)\b/.test(content);
  if (allowed === undefined || allowed === null || typeof allowed !== "object") {
    return { users, roles, everyone };
  }
  const rules = allowed as AllowedMentions;
  const parse = Array.isArray(rules.parse) ? (rules.parse as unknown[]) : [];
  const userList = Array.isArray(rules.users) ? (rules.users as unknown[]).map(String) : [];
  const roleList = Array.isArray(rules.roles) ? (rules.roles as unknown[]).map(String) : [];
  return {
    users: parse.includes("users") ? users : users.filter((id) => userList.includes(id)),
    roles: parse.includes("roles") ? roles : roles.filter((id) => roleList.includes(id)),
    everyone: everyone && parse.includes("everyone"),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
