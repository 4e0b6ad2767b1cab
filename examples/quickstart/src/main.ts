// Quick start: two actors on the runtime, with the in-memory store and the console poster.
//   - "tips" posts the next item of posts.txt every 10 seconds (interval schedule);
//   - "hello" posts once at start-up (immediate schedule).
// Stop with Ctrl-C: the server finishes what is running and exits cleanly.
// `--seconds N` stops by itself after N seconds.
import { fileURLToPath } from "node:url";
import { MemoryStatePersistence } from "@actor/core";
import {
  ActorServerBuilder,
  ConsolePoster,
  SkillActor,
  format,
  post,
  selectContent,
} from "@actor/runtime";

const postsFile = fileURLToPath(new URL("../posts.txt", import.meta.url));
const secondsArg = process.argv.indexOf("--seconds");
const stopAfterSeconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : undefined;

const tips = new SkillActor({
  name: "tips",
  skills: [
    selectContent({ source: { file: postsFile }, order: "sequential" }),
    format({ template: "Tip: {{text}}", platform: "discord" }),
    post(),
  ],
});

const hello = new SkillActor({
  name: "hello",
  skills: [format({ template: "actor quick start is up ({{taskId}})" }), post()],
});

const server = new ActorServerBuilder()
  .persistence(new MemoryStatePersistence())
  .poster(new ConsolePoster())
  .actor(tips, { type: "interval", seconds: 10 }, { destination: "#tips" })
  .actor(hello, { type: "immediate" }, { destination: "#general" })
  .build();

server.on("run:finish", (e) => console.log(`[run] ${e.taskId} ${e.status} in ${e.durationMs} ms`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: shutting down`);
    void server.shutdown();
  });
}
if (stopAfterSeconds !== undefined)
  setTimeout(() => void server.shutdown(), stopAfterSeconds * 1000);

console.log("actor quick start: posting to the console every 10 s; Ctrl-C to stop");
await server.runForever();
console.log("stopped; state saved");
