import { send } from "./send.js";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
const connection = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null });
const queue = new Queue("posts", { connection });
await queue.upsertJobScheduler("morning", { pattern: "0 9 * * 1-5", tz: "Europe/Paris" });
new Worker("posts", () => send("Good morning!"), { connection });
