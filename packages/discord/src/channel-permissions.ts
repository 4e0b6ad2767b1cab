import type { APIGuildMember, APIOverwrite, APIRole } from "discord-api-types/v10";

/** Discord permission bits used to decide whether the bot may post. */
export const PERMISSIONS = {
  administrator: 1n << 3n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  sendMessagesInThreads: 1n << 38n,
} as const;

/** What the permission computation needs, fetched from Discord. */
export interface PermissionInputs {
  guildId: string;
  botUserId: string;
  roles: readonly Pick<APIRole, "id" | "permissions">[];
  member: Pick<APIGuildMember, "roles">;
  /** The overwrites of the channel (for a thread: of its parent channel). */
  overwrites: readonly APIOverwrite[];
}

/**
 * The bot's permissions in a channel, computed as Discord documents it: the `@everyone` role and
 * the member's roles, `ADMINISTRATOR` granting everything, then the channel's overwrites for
 * `@everyone`, the member's roles (denies, then allows) and the member.
 */
export function channelPermissions(inputs: PermissionInputs): bigint {
  const byId = new Map(inputs.roles.map((r) => [r.id, BigInt(r.permissions)]));
  let base = byId.get(inputs.guildId) ?? 0n;
  for (const id of inputs.member.roles) base |= byId.get(id) ?? 0n;
  if ((base & PERMISSIONS.administrator) !== 0n) return ~0n;
  let permissions = base;
  const everyone = inputs.overwrites.find((o) => o.id === inputs.guildId);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let deny = 0n;
  let allow = 0n;
  for (const o of inputs.overwrites) {
    if (o.type === 0 && o.id !== inputs.guildId && inputs.member.roles.includes(o.id)) {
      deny |= BigInt(o.deny);
      allow |= BigInt(o.allow);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = inputs.overwrites.find((o) => o.type === 1 && o.id === inputs.botUserId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  return permissions;
}

/** Whether `permissions` let the bot post: view the channel and send (in threads: send in threads). */
export function canSend(permissions: bigint, thread: boolean): boolean {
  const send = thread ? PERMISSIONS.sendMessagesInThreads : PERMISSIONS.sendMessages;
  return (permissions & PERMISSIONS.viewChannel) !== 0n && (permissions & send) !== 0n;
}
