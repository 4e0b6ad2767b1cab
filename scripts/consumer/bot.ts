// A bot written against the installed tarballs, as a user writes one: a custom actor, a poster
// with its own message type, a SkillActor with the built-in skills, and the short form.
// scripts/check-packages.mjs typechecks it under --strict and runs it; it ends with "consumer ok".
import { inspect } from "node:util";
import {
  ActorError,
  ActorServerBuilder,
  Bot,
  MemoryStatePersistence,
  SkillActor,
  formatSkill,
  postSkill,
  type Actor,
  type ContentPoster,
  type PostedMessage,
  type PostOptions,
} from "@actor/runtime";

/** A platform whose messages are `{ body }`, addressed by `@handle`. */
interface Chirp {
  body: string;
}

class ChirpPoster implements ContentPoster<Chirp, string, PostedMessage> {
  readonly platform = "chirp";
  readonly sent: { message: Chirp; destination: string; key: string }[] = [];

  canPost(destination: string): boolean {
    return destination.startsWith("@");
  }

  async post(message: Chirp, destination: string, options: PostOptions): Promise<PostedMessage> {
    this.sent.push({ message, destination, key: options.idempotencyKey });
    const id = `chirp-${this.sent.length}`;
    return { id, ids: [id], platform: this.platform, destination, postedAt: new Date() };
  }
}

const attempts: number[] = [];
const counter: Actor = {
  name: "counter",
  async execute(ctx) {
    attempts.push(ctx.attempt);
    return { succeeded: [{ skill: "count", output: attempts.length }], failed: [], skipped: [] };
  },
};

const chirps = new ChirpPoster();
const greeter = new SkillActor({
  name: "greeter",
  skills: [
    formatSkill({ template: "hello from {{actorName}}" }),
    postSkill({ poster: chirps, toMessage: (content) => ({ body: content.text ?? "" }) }),
  ],
});

const store = new MemoryStatePersistence();
const server = new ActorServerBuilder()
  .store(store)
  .poster(chirps)
  .actor(counter, { type: "immediate" })
  .actor(greeter, { type: "immediate" }, { destination: "@everyone" })
  .build();
await server.start();
for (let i = 0; i < 100 && (attempts.length === 0 || chirps.sent.length === 0); i++) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await server.shutdown();
const [greeted] = await store.history("greeter", { limit: 1 });
if (greeted?.status !== "succeeded") throw new Error(`greeter: ${JSON.stringify(greeted)}`);
if (
  JSON.stringify(chirps.sent.map((s) => [s.message, s.destination])) !==
  '[[{"body":"hello from greeter"},"@everyone"]]'
)
  throw new Error(`posted ${JSON.stringify(chirps.sent)}`);
if (attempts.join() !== "1") throw new Error(`counter ran ${attempts.join()}`);

// The short form, on an explicit store, stopped by the program.
let ticks = 0;
const bot = new Bot({ store: new MemoryStatePersistence(), logger: null, signals: false });
bot.every("1h", async function tick() {
  ticks++;
});
const running = bot.run();
for (let i = 0; i < 100 && ticks === 0; i++) await new Promise((r) => setTimeout(r, 20));
await bot.stop();
await running;
if (ticks !== 1) throw new Error(`tick ran ${ticks} times`);

// Errors keep their class name in the published bundle.
const error = new ActorError("validation", "bad input");
if (!inspect(error).startsWith("ActorError: bad input") || error.constructor.name !== "ActorError")
  throw new Error(`ActorError prints as ${inspect(error).split("\n")[0]}`);

console.log("consumer ok");
