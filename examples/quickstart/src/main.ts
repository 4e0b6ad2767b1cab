// Quick start: two actors on one bot, posting to the console.
//   - "tips" posts the next item of posts.txt every 10 seconds;
//   - "hello" posts once at start-up.
// Ctrl-C stops it gracefully (the bot handles the signal); `--seconds N` stops it after N seconds.
import { fileURLToPath } from "node:url";
import {
  Bot,
  ConsolePoster,
  SkillActor,
  formatSkill,
  postSkill,
  selectContentSkill,
} from "@actor/runtime";

const postsFile = fileURLToPath(new URL("../posts.txt", import.meta.url));
const secondsArg = process.argv.indexOf("--seconds");
const stopAfterSeconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : undefined;

const tips = new SkillActor({
  name: "tips",
  skills: [
    selectContentSkill({ source: { file: postsFile }, order: "sequential" }),
    formatSkill({ template: "Tip: {{text}}", platform: "discord" }),
    postSkill(),
  ],
});

const hello = new SkillActor({
  name: "hello",
  skills: [formatSkill({ template: "actor quick start is up ({{taskId}})" }), postSkill()],
});

const bot = new Bot({ poster: new ConsolePoster() })
  .add(tips, { type: "interval", seconds: 10 }, { destination: "#tips" })
  .add(hello, { type: "immediate" }, { destination: "#general" })
  .on("run:finish", (e) => console.log(`[run] ${e.taskId} ${e.status} in ${e.durationMs} ms`));
if (stopAfterSeconds !== undefined) setTimeout(() => void bot.stop(), stopAfterSeconds * 1000);

console.log("actor quick start: posting to the console every 10 s; Ctrl-C to stop");
await bot.run();
