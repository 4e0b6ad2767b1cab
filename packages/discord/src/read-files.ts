import { readFile } from "node:fs/promises";
import { ActorError } from "@actor/core";
import type { RawFile } from "@discordjs/rest";
import type { DiscordFile } from "./discord-content.js";
import { DISCORD_LIMITS } from "./limits.js";
import { fileName } from "./message-body.js";

/**
 * Reads the files of a message (from `path`, or as given in `data`) into the shape
 * `@discordjs/rest` uploads. A missing file, a file with neither `path` nor `data`, and more bytes
 * than Discord's upload limit are `ActorError("validation")` naming the file.
 */
export async function readFiles(
  files: readonly DiscordFile[],
  signal?: AbortSignal,
): Promise<RawFile[]> {
  const out: RawFile[] = [];
  let total = 0;
  for (const [i, file] of files.entries()) {
    const name = fileName(file, i);
    let data: Uint8Array;
    if (file.data !== undefined) {
      data = typeof file.data === "string" ? Buffer.from(file.data, "utf8") : file.data;
    } else if (typeof file.path === "string" && file.path !== "") {
      try {
        data = await readFile(file.path, signal ? { signal } : {});
      } catch (error) {
        if ((error as Error).name === "AbortError")
          throw ActorError.from(error, { platform: "discord" });
        const code = (error as { code?: string }).code ?? "unknown error";
        throw new ActorError(
          "validation",
          `cannot attach files[${i}] "${file.path}": ${code === "ENOENT" ? "no such file" : code}`,
          {
            cause: error,
            context: { platform: "discord" },
          },
        );
      }
    } else {
      throw new ActorError("validation", `files[${i}] (${name}) needs a path or data`, {
        context: { platform: "discord" },
      });
    }
    total += data.byteLength;
    out.push({
      name,
      data,
      key: `files[${i}]`,
      ...(file.contentType === undefined ? {} : { contentType: file.contentType }),
    });
  }
  if (total > DISCORD_LIMITS.uploadBytes) {
    throw new ActorError(
      "validation",
      `the attachments are ${total} bytes, Discord's limit is ${DISCORD_LIMITS.uploadBytes} bytes per message`,
      {
        context: { platform: "discord" },
      },
    );
  }
  return out;
}
