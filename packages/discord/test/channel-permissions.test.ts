import { describe, expect, it } from "vitest";
import { canSend, channelPermissions, PERMISSIONS } from "../src/channel-permissions.js";

const guildId = "100000000000000000";
const bot = "200000000000000000";
const role = "300000000000000000";
const other = "400000000000000000";
const { viewChannel, sendMessages, sendMessagesInThreads, administrator } = PERMISSIONS;
const perms = (...bits: bigint[]) => bits.reduce((a, b) => a | b, 0n).toString();
const overwrite = (id: string, type: 0 | 1, allow: bigint, deny: bigint) => ({
  id,
  type,
  allow: allow.toString(),
  deny: deny.toString(),
});

describe("channelPermissions (Discord's documented order)", () => {
  const roles = [
    { id: guildId, permissions: perms(viewChannel, sendMessages) },
    { id: role, permissions: "0" },
  ];
  const compute = (
    overwrites: ReturnType<typeof overwrite>[],
    memberRoles = [role],
    roleList = roles,
  ) =>
    channelPermissions({
      guildId,
      botUserId: bot,
      roles: roleList,
      member: { roles: memberRoles },
      overwrites,
    });

  it("starts from @everyone and the member's roles", () => {
    expect(canSend(compute([]), false)).toBe(true);
    expect(canSend(compute([]), true)).toBe(false); // no Send Messages in Threads
  });

  it("applies @everyone, then role denies and allows, then the member's own overwrite", () => {
    expect(canSend(compute([overwrite(guildId, 0, 0n, sendMessages)]), false)).toBe(false);
    expect(
      canSend(
        compute([overwrite(guildId, 0, 0n, sendMessages), overwrite(role, 0, sendMessages, 0n)]),
        false,
      ),
    ).toBe(true);
    expect(
      canSend(
        compute([overwrite(role, 0, sendMessages, 0n), overwrite(bot, 1, 0n, sendMessages)]),
        false,
      ),
    ).toBe(false);
    expect(canSend(compute([overwrite(other, 0, 0n, viewChannel)]), false)).toBe(true); // a role the bot lacks
    expect(canSend(compute([overwrite(other, 1, 0n, viewChannel)]), false)).toBe(true); // another member
  });

  it("ADMINISTRATOR overrides every overwrite", () => {
    const admin = [roles[0]!, { id: role, permissions: perms(administrator) }];
    expect(
      canSend(compute([overwrite(bot, 1, 0n, viewChannel | sendMessages)], [role], admin), true),
    ).toBe(true);
  });

  it("needs View Channel as well as Send Messages", () => {
    expect(canSend(compute([overwrite(guildId, 0, 0n, viewChannel)]), false)).toBe(false);
    expect(canSend(sendMessagesInThreads | viewChannel, true)).toBe(true);
  });
});
